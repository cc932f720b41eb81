"""etl/grammar.py: the value and period grammar of the sources layer (qualifiers, ranges, periods)."""
from datetime import date
from decimal import Decimal

import pytest

from etl.grammar import decimal_text, parse_period, parse_value


@pytest.mark.parametrize("text, qualifier, value, low, high", [
    ("54134", "exact", "54134", None, None),
    ("93.938", "exact", "93.938", None, None),
    ("-53.4", "exact", "-53.4", None, None),
    ("0", "exact", "0", None, None),
    ("~4000", "approximate", "4000", None, None),
    (">286", "more_than", "286", None, None),
    (">=92", "at_least", "92", None, None),
    ("<5", "less_than", "5", None, None),
    ("<=30", "at_most", "30", None, None),
    ("70..90", "range", None, "70", "90"),
])
def test_each_qualifier_keeps_its_meaning(text, qualifier, value, low, high):
    parsed = parse_value(text)
    assert parsed.qualifier == qualifier
    assert parsed.value == (Decimal(value) if value else None)
    assert (parsed.low, parsed.high) == (Decimal(low) if low else None, Decimal(high) if high else None)


def test_zero_is_a_value_not_a_gap():
    assert parse_value("0").value == Decimal(0)


@pytest.mark.parametrize("text", ["54,134", "70-90", "90..70", "about 4000", "", "1e5", "three-quarters", "> 286"])
def test_values_outside_the_grammar_are_rejected(text):
    with pytest.raises(ValueError):
        parse_value(text)


@pytest.mark.parametrize("text, kind, start, end, year", [
    ("2019", "year", date(2019, 1, 1), date(2019, 12, 31), 2019),
    ("2018/2021", "span", date(2018, 1, 1), date(2021, 12, 31), None),
    ("2022-01/2022-11", "part_year", date(2022, 1, 1), date(2022, 11, 30), None),
    ("2023-01-01/2023-10-09", "part_year", date(2023, 1, 1), date(2023, 10, 9), None),
    ("2021-01/2024-03", "span", date(2021, 1, 1), date(2024, 3, 31), None),
    ("2025-11", "month", date(2025, 11, 1), date(2025, 11, 30), None),
    ("2024-02", "month", date(2024, 2, 1), date(2024, 2, 29), None),
    ("2024-03-11", "day", date(2024, 3, 11), date(2024, 3, 11), None),
    ("~2007", "approximate", date(2007, 1, 1), date(2007, 12, 31), None),
    ("~2016/2019", "approximate", date(2016, 1, 1), date(2019, 12, 31), None),
    ("unstated", "unstated", None, None, None),
])
def test_periods_are_kept_as_what_they_are(text, kind, start, end, year):
    period = parse_period(text)
    assert (period.kind, period.start, period.end, period.year) == (kind, start, end, year)


@pytest.mark.parametrize("text", ["2018-2021", "2022 (Jan-Nov)", "c.2007", "2021/2019", "2022-13", "2022-02-30",
                                  "2022/2022-05", "~2022-05", "not stated", ""])
def test_periods_outside_the_grammar_are_rejected(text):
    with pytest.raises(ValueError):
        parse_period(text)


@pytest.mark.parametrize("value, text", [(Decimal("1E+3"), "1000"), (Decimal("12.80"), "12.80"), (Decimal("0"), "0"),
                                         (Decimal("-53.4"), "-53.4"), (None, "")])
def test_numbers_are_written_back_as_plain_text_with_the_sources_digits(value, text):
    assert decimal_text(value) == text
    assert value is None or parse_value(text).value == value
