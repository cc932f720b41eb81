"""Indicator panels: latest value, change against the previous comparable value, trend, source.

A change is only computed between two figures of the same series, place and dimensions, both exact or
approximate, with no method break between them; otherwise the panel says why there is none.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import yaml

from dashboard import i18n
from dashboard.catalog import Catalog
from dashboard.figures.style import SERIES_COLOURS

CONFIG = Path(__file__).with_name("overview.yaml")
POINT_QUALIFIERS = ("exact", "approximate")


@dataclass
class Panel:
    indicator: str
    geography: str
    dims: dict
    latest: dict | None
    previous: dict | None
    change_pct: float | None
    change_points: float | None  # for shares and scores: the difference, not a ratio of ratios
    break_between: str | None
    history: list[tuple[int, float]]
    other_figures: int


def configured_panels(catalog: Catalog) -> list[dict]:
    panels = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))["panels"]
    return [p for p in panels if p["indicator"] in catalog.indicators.index]


def panel(catalog: Catalog, indicator: str, geography: str, dims: dict | None = None) -> Panel:
    dims = dims or {}
    rows = catalog.rows(indicator, geography)
    for d in catalog.dimensions:
        rows = rows[rows[d] == dims.get(d, "")]
    other = rows[rows.series != catalog.preferred(indicator)]
    mine = rows[(rows.series == catalog.preferred(indicator)) & (rows.period_kind == "year")].sort_values("year_num")
    records = mine.to_dict("records")
    latest = records[-1] if records else None
    previous = records[-2] if len(records) > 1 else None
    change, points, brk = None, None, None
    if latest and previous:
        for b in catalog.method_breaks(indicator):
            if previous["year_num"] < int(str(b["period"])[:4]) <= latest["year_num"]:
                brk = str(b["period"])
        comparable = latest["qualifier"] in POINT_QUALIFIERS and previous["qualifier"] in POINT_QUALIFIERS
        kind = catalog.units.at[catalog.indicators.at[indicator, "unit"], "kind"]
        if comparable and not brk and kind in ("share", "score", "rank"):
            points = latest["value_num"] - previous["value_num"]
        elif comparable and not brk and previous["value_num"]:
            change = (latest["value_num"] - previous["value_num"]) / abs(previous["value_num"]) * 100
    history = [(int(r["year_num"]), float(r["value_num"])) for r in records if r["qualifier"] in POINT_QUALIFIERS]
    return Panel(indicator, geography, dims, latest, previous, change, points, brk, history, len(other))


def change_text(p: Panel, lang: str) -> str:
    if p.break_between:
        return i18n.t(lang, "change_not_comparable", period=p.break_between)
    delta = p.change_pct if p.change_pct is not None else p.change_points
    if delta is None or p.previous is None:
        return i18n.t(lang, "change_none")
    sign = "+" if delta > 0 else "−" if delta < 0 else "±"
    size = i18n.number(f"{abs(delta):.1f}", lang)
    change = f"{sign}{size} %" if p.change_pct is not None else f"{sign}{size} {i18n.t(lang, 'points')}"
    return i18n.t(lang, "change_vs", change=change, period=p.previous["year"])


def sparkline_svg(p: Panel, width: int = 240, height: int = 48) -> str:
    """The trend as a small inline SVG (a data: URI), so the overview needs no charting library to load.
    Consecutive years are joined; a gap stays a gap."""
    if not p.history:
        return ""
    xs = [x for x, _ in p.history]
    top = max(y for _, y in p.history) or 1.0
    x0, span = min(xs), (max(xs) - min(xs)) or 1

    def point(x: int, y: float) -> str:
        return f"{(x - x0) / span * (width - 8) + 4:.1f},{height - 4 - max(y, 0) / top * (height - 8):.1f}"

    runs, run, previous = [], [], None
    for x, y in p.history:
        if previous is not None and x - previous > 1:
            runs.append(run)
            run = []
        run.append(point(x, y))
        previous = x
    runs.append(run)
    lines = "".join(f'<polyline points="{" ".join(r)}" fill="none" stroke="{SERIES_COLOURS[0]}" stroke-width="2"/>'
                    for r in runs if len(r) > 1)
    dots = "".join(f'<circle cx="{pt.split(",")[0]}" cy="{pt.split(",")[1]}" r="2.5" fill="{SERIES_COLOURS[0]}"/>'
                   for r in runs for pt in r)
    svg = f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}">{lines}{dots}</svg>'
    return "data:image/svg+xml;utf8," + quote(svg)
