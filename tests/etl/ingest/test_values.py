"""etl/ingest/values.py: numbers in the file's own convention and years up to the download date."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from etl.ingest.rows import (
    RowRejected,
)
from etl.ingest.values import parse_number, parse_year


@pytest.mark.parametrize("text, delimiter, expected", [
    ("2,403.72", ",", "2403.72"), ("1234.5", ",", "1234.5"), ("12.80", ",", "12.80"), ("0", ",", "0"),
    ("1.234,5", ";", "1234.5"), ("1234,5", ";", "1234.5"), ("1234.5", ";", "1234.5"), ("1e3", ",", "1E+3"),
    (" 7 ", ",", "7"), ("", ",", None),
])
def test_numbers_follow_the_file_convention(text, delimiter, expected):
    value = parse_number(text, "q", delimiter)
    assert (value, expected) == (None, None) or value == Decimal(expected)


@pytest.mark.parametrize("text, why", [("-5", "negative"), ("abc", "non-numeric"), ("2,4", "non-numeric"),
                                       ("1.2.3", "non-numeric"), ("(5)", "non-numeric")])
def test_bad_numbers_are_rejected_with_the_reason(text, why):
    with pytest.raises(RowRejected) as bad:
        parse_number(text, "Quantity")
    assert why in bad.value.reason and bad.value.column == "Quantity" and bad.value.value == text


def test_future_and_malformed_years_are_rejected():
    assert parse_year("2024", "Year", date(2024, 10, 16)) == 2024
    for text, why in (("2025", "future"), ("2099", "future"), ("20x4", "four-digit"), ("1970", "from 1975")):
        with pytest.raises(RowRejected) as bad:
            parse_year(text, "Year", date(2024, 10, 16), earliest=1975)
        assert why in bad.value.reason
