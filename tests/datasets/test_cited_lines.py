"""Every number is in its cited line: a transcribed figure's own value and period appear in the research line its
`ref` names (its value, unit, notes or locator), not only its `value_as_published`. A figure derived from a
snapshot is checked by recomputing it from the file instead (test_derived_figures.py, test_devida_coca.py).

Reads ../shared/research (the dossier stays there); skips, saying why, where it is absent.
"""
from __future__ import annotations

import csv
import re
from decimal import Decimal, InvalidOperation

import pytest

from etl.grammar import parse_period, parse_value
from etl.paths import RESEARCH, SOURCES

pytestmark = pytest.mark.requires_research

SCALES = {"k": 3, "thousand": 3, "mil": 3, "m": 6, "mn": 6, "million": 6, "millions": 6, "millón": 6,
          "millones": 6, "bn": 9, "billion": 9}
# a number as the dossier writes one: 54,134 | 6.35 | 6,35 | 1 024 095.23 | -43 | S/449 M | 10 mil | US$200k
NUMBER = re.compile(r"(?<![\w.,])(?P<sign>[-−](?=\d))?(?P<digits>\d+(?:[.,]\d+)*)"
                    r"(?:\s*(?P<scale>" + "|".join(sorted(SCALES, key=len, reverse=True)) + r")\b)?", re.I)
WORDS = {"second": 2, "segunda": 2, "segundo": 2, "mil": 1000}  # "second largest", "cerca de mil"
DECLINE = re.compile(r"(?:decline|decrease|fall|drop|caída|disminución)\D{0,20}?(\d+(?:\.\d+)?)", re.I)


def _readings(digits: str) -> set[Decimal]:
    """The values a written number can mean: commas as thousands separators, or a single comma as the decimal
    point (Spanish), or dots as thousands separators (Spanish)."""
    texts = {digits.replace(",", "")}
    if digits.count(",") == 1 and "." not in digits:
        texts.add(digits.replace(",", "."))
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", digits):
        texts.add(digits.replace(".", ""))
    values = set()
    for text in texts:
        try:
            values.add(Decimal(text))
        except InvalidOperation:
            pass
    return values


def numbers_in(text: str) -> set[Decimal]:
    """Every number the text states, read every way it can be read."""
    text = re.sub(r"(?<=\d) (?=\d{3}\b)", "", text)  # 1 024 095.23
    found: set[Decimal] = set()
    for m in NUMBER.finditer(text):
        sign = -1 if m["sign"] else 1
        for value in _readings(m["digits"]):
            found.add(sign * value)
            if m["scale"]:
                found.add(sign * value * Decimal(10) ** SCALES[m["scale"].lower()])
    found |= {Decimal(v) for word, v in WORDS.items() if re.search(rf"\b{word}\b", text, re.I)}
    found |= {-Decimal(m[1]) for m in DECLINE.finditer(text)}
    return found


def years_in(text: str) -> set[int]:
    years = {int(y) for y in re.findall(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)", text)}
    years |= {int(first[:2] + second) for first, second in re.findall(r"(?<!\d)(20\d\d)[-/](\d\d)(?!\d)", text)}
    return years


def research_lines() -> dict[str, dict[str, str]]:
    rows = {}
    for path in sorted(RESEARCH.glob("*_figures.csv")):
        with path.open(newline="", encoding="utf-8") as f:
            rows.update({f"{path.name}#L{n}": row for n, row in enumerate(csv.DictReader(f), start=2)})
    return rows


def transcribed_rows() -> list[tuple[str, dict[str, str]]]:
    rows = []
    for path in sorted(SOURCES.glob("*/observations.csv")):
        with path.open(newline="", encoding="utf-8") as f:
            rows += [(f"{path.parent.name}/{path.name}:{n}", r) for n, r in enumerate(csv.DictReader(f), start=2)]
    return rows


@pytest.fixture(scope="module")
def cited(research):
    lines = research_lines()
    return [(where, row, lines[row["ref"]]) for where, row in transcribed_rows() if row["ref"] in lines]


def test_every_transcribed_value_is_in_the_line_it_cites(cited):
    assert len(cited) > 600
    missing = []
    for where, row, line in cited:
        value = parse_value(row["value"])
        stated = numbers_in(" ".join((line["value"], line["unit"], line["notes"], line["source_locator"])))
        absent = [n for n in (value.value, value.low, value.high) if n is not None and n not in stated]
        if absent:
            missing.append(f"{where} ({row['ref']}): {row['value']} not in value {line['value']!r}, unit "
                           f"{line['unit']!r} or notes {line['notes'][:120]!r}")
    assert not missing, f"{len(missing)} figures cite a line without their value:\n" + "\n".join(missing[:20])


def test_every_transcribed_period_is_in_the_line_it_cites(cited):
    missing = []
    for where, row, line in cited:
        period = parse_period(row["period"])
        if period.start is None or period.end is None:
            continue  # unstated: nothing to find
        stated = years_in(" ".join((line["year"], line["notes"], line["source_locator"], line["value"],
                                    line["unit"])))
        absent = sorted({period.start.year, period.end.year} - stated)
        if absent:
            missing.append(f"{where} ({row['ref']}): period {row['period']} (year {absent}) not in year "
                           f"{line['year']!r} or notes")
    assert not missing, f"{len(missing)} figures cite a line without their period:\n" + "\n".join(missing[:20])


@pytest.mark.parametrize(("text", "value"), [
    ("54,134", "54134"), ("Perú (6,35)", "6.35"), ("S/449 M", "449000000"), ("más de 10 mil metros", "10000"),
    ("1 024 095.23 ha", "1024095.23"), ("-43", "-43"), ("2013-2023", "2013"), ("avg annual decline 5.4%", "-5.4"),
    ("~US$200k", "200000"), ("segunda región", "2"), ("16.996.284 pies", "16996284")])
def test_numbers_are_read_as_the_dossier_writes_them(text, value):
    assert Decimal(value) in numbers_in(text)


def test_a_year_range_is_not_read_as_a_negative_number():
    assert Decimal(-2023) not in numbers_in("2013-2023") and years_in("c.2022-23") == {2022, 2023}
