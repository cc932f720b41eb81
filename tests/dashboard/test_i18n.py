"""Every word a user sees exists in Spanish and in English; numbers, values and periods read as in Peru."""
from __future__ import annotations

import re
import string
from decimal import Decimal

import pytest
import yaml

from dashboard import i18n


def locale(lang: str) -> dict:
    return yaml.safe_load((i18n._FOLDER / f"{lang}.yaml").read_text(encoding="utf-8"))


def shape(value):
    """A locale entry's structure and placeholders, not its words."""
    if isinstance(value, dict):
        return {k: shape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [shape(v) for v in value]
    return sorted({name for _, name, _, _ in string.Formatter().parse(value) if name})


def test_every_ui_string_exists_in_both_languages():
    es, en = locale("es"), locale("en")
    assert set(es) == set(en)


def test_both_languages_fill_the_same_placeholders_in_the_same_structure():
    es, en = locale("es"), locale("en")
    different = [key for key in es if shape(es[key]) != shape(en[key])]
    assert different == []


def test_no_string_is_left_untranslated_or_empty():
    es, en = locale("es"), locale("en")
    empty = [(lang, k) for lang, strings in (("es", es), ("en", en)) for k, v in strings.items() if v in ("", None)]
    assert empty == []


def test_t_fills_placeholders_and_raw_gives_lists_as_written():
    assert i18n.t("en", "period_approximate", year="2004") == "c. 2004"
    assert i18n.t("es", "period_unstated") == locale("es")["period_unstated"]
    assert i18n.raw("en", "method_points") == locale("en")["method_points"]
    with pytest.raises(KeyError):
        i18n.t("es", "no_such_key")


def test_spanish_numbers_follow_peru_and_keep_the_source_decimals():
    assert i18n.number("54134.5", "es") == "54,134.5"
    assert i18n.number("93.938", "en") == "93.938"
    assert i18n.number(Decimal("6272.8"), "es") == "6,272.8"
    assert i18n.number("1000000", "en") == "1,000,000" and i18n.number("0.25", "es") == "0.25"
    assert i18n.value_text("more_than", "286", "", "", "t", "es") == "más de 286 t"
    assert i18n.value_text("range", "", "70", "90", "%", "en") == "70–90 %"
    assert i18n.period_text("2022-01/2022-11", "part_year", "2022-01-01", "2022-11-30", "en") == "Jan 2022 – Nov 2022"


@pytest.mark.parametrize("qualifier", ["approximate", "more_than", "at_least", "less_than", "at_most"])
def test_a_qualified_value_says_how_it_is_qualified(qualifier):
    for lang in i18n.LANGS:
        assert i18n.value_text(qualifier, "5", "", "", "ha", lang) == i18n.t(lang, f"value_prefix_{qualifier}") + "5 ha"
    assert i18n.value_text("exact", "5", "", "", "", "en") == "5"  # no unit: no trailing space


def test_each_kind_of_period_in_words():
    assert i18n.period_text("2020", "year", "2020-01-01", "2020-12-31", "es") == "2020"
    assert i18n.period_text("~2003/2005", "approximate", "2003-01-01", "2005-12-31", "en") == "c. 2003–2005"
    assert i18n.period_text("unstated", "unstated", "", "", "en") == i18n.t("en", "period_unstated")
    assert i18n.period_text("2021-03-05", "day", "2021-03-05", "2021-03-05", "en") == "5 Mar 2021"
    assert re.fullmatch(r"mar\.? 2021", i18n.period_text("2021-03", "month", "2021-03-01", "2021-03-31", "es"))
    assert i18n.period_text("2015/2019", "span", "2015-01-01", "2019-12-31", "en") == i18n.t(
        "en", "period_span", start=2015, end=2019)
    assert i18n.period_text("2021-03-05/2021-04-01", "part_year", "2021-03-05", "2021-04-01", "en") == (
        "5 Mar 2021 – 1 Apr 2021")
