"""etl.consistency: a part-sum check compares one series' parts with one series' total, year by year."""
from __future__ import annotations

from pathlib import Path

from etl.consistency import run_checks
from etl.problems import Problems

DIMENSIONS = ["product", "scope"]
CHECK = """
- id: parts_sum
  indicator: area
  parts: {series: official, level: department}
  total: {series: official, geography: PE}
  years: [2020, 2021]
  tolerance_ha: 2
"""


def row(geo: str, level: str, year: str, value: str, **extra: str) -> dict[str, str]:
    return {"indicator": "area", "series": "official", "geography_id": geo, "geography_level": level,
            "period_kind": "year", "qualifier": "exact", "year": year, "value": value, "product": "", "scope": "",
            **extra}


def checks_file(tmp_path: Path) -> Path:
    path = tmp_path / "consistency.yaml"
    path.write_text(CHECK)
    return path


def test_sums_within_the_tolerance_pass_and_say_what_was_compared(tmp_path):
    rows = [row("PE", "country", "2020", "100"), row("A", "department", "2020", "60"),
            row("B", "department", "2020", "41"), row("PE", "country", "2021", "50"),
            row("A", "department", "2021", "50")]
    problems = Problems()
    lines = run_checks(checks_file(tmp_path), rows, DIMENSIONS, problems)
    assert not problems
    assert lines[0] == "parts_sum 2020: 2 parts sum to 101 vs total 100 (diff 1, allowed ±2)"


def test_a_sum_off_by_more_than_the_tolerance_or_a_missing_year_fails(tmp_path):
    rows = [row("PE", "country", "2020", "100"), row("A", "department", "2020", "90")]
    problems = Problems()
    run_checks(checks_file(tmp_path), rows, DIMENSIONS, problems)
    assert [(p.column, p.value) for p in problems.items] == [("parts_sum", "2020: sum 90 vs 100"),
                                                             ("parts_sum", "2021")]


def test_rows_with_a_dimension_bound_or_approximation_never_enter_a_sum(tmp_path):
    rows = [row("PE", "country", "2020", "100"), row("A", "department", "2020", "100"),
            row("B", "department", "2020", "50", scope="seized only"), row("C", "department", "2020", "50",
                                                                             qualifier="approximate"),
            row("PE", "country", "2021", "1"), row("A", "department", "2021", "1")]
    problems = Problems()
    run_checks(checks_file(tmp_path), rows, DIMENSIONS, problems)
    assert not problems
