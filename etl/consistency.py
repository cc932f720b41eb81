"""Sums that must hold on the real data (datasets/catalogue/consistency.yaml)."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from etl.problems import Problems
from etl.yamlfile import load_yaml

Row = dict[str, str]


def _plain(o: Row, dimensions: Sequence[str]) -> bool:
    """An exact whole-year value with no dimension set: a row a sum may use."""
    return o["period_kind"] == "year" and o["qualifier"] == "exact" and not any(o[d] for d in dimensions)


def run_checks(checks_file: Path, observations: list[Row], dimensions: Sequence[str], problems: Problems) -> list[str]:
    """Adds a problem for each failed comparison; returns one line per comparison made."""
    lines = []
    checks = load_yaml(checks_file.read_text(encoding="utf-8")) or []
    wanted = {(check["indicator"], check[side]["series"]) for check in checks for side in ("parts", "total")}
    series: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for o in observations:
        if (key := (o["indicator"], o["series"])) in wanted:
            series[key].append(o)
    for check in checks:
        parts = [o for o in series[check["indicator"], check["parts"]["series"]]
                 if o["geography_level"] == check["parts"]["level"] and _plain(o, dimensions)]
        totals = {int(o["year"]): Decimal(o["value"]) for o in series[check["indicator"], check["total"]["series"]]
                  if o["geography_id"] == check["total"]["geography"] and _plain(o, dimensions)}
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
