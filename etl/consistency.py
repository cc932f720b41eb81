"""Sums that must hold on the real data (datasets/catalogue/consistency.yaml)."""
from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

import yaml

from etl.problems import Problems

Row = dict[str, str]


def _plain_rows(observations: list[Row], indicator: str, series: str, dimensions: Sequence[str]) -> list[Row]:
    """Exact whole-year values with no dimension set: the rows a sum may use."""
    return [o for o in observations if o["indicator"] == indicator and o["series"] == series
            and o["period_kind"] == "year" and o["qualifier"] == "exact"
            and not any(o[d] for d in dimensions)]


def run_checks(checks_file: Path, observations: list[Row], dimensions: Sequence[str], problems: Problems) -> list[str]:
    """Adds a problem for each failed comparison; returns one line per comparison made."""
    lines = []
    for check in yaml.safe_load(checks_file.read_text(encoding="utf-8")) or []:
        parts = [o for o in _plain_rows(observations, check["indicator"], check["parts"]["series"], dimensions)
                 if o["geography_level"] == check["parts"]["level"]]
        totals = {int(o["year"]): Decimal(o["value"])
                  for o in _plain_rows(observations, check["indicator"], check["total"]["series"], dimensions)
                  if o["geography_id"] == check["total"]["geography"]}
        first, last = check["years"]
        for year in range(first, last + 1):
            values = [Decimal(o["value"]) for o in parts if int(o["year"]) == year]
            where = f"{check['id']} {year}"
            if year not in totals or not values:
                problems.add(checks_file, 0, check["id"], year, "both the parts and the total for this year")
                continue
            total, diff = totals[year], sum(values) - totals[year]
            allowed = (Decimal(str(check["tolerance_ha"])) if "tolerance_ha" in check
                       else Decimal(str(check["tolerance_share"])) * total)
            lines.append(f"{where}: {len(values)} parts sum to {sum(values)} vs total {total} "
                         f"(diff {diff}, allowed ±{allowed})")
            if abs(diff) > allowed:
                problems.add(checks_file, 0, check["id"], f"{year}: sum {sum(values)} vs {total}",
                             f"a difference within ±{allowed}")
    return lines
