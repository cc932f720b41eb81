"""Indicator panels: latest value, change against the previous comparable value, trend, source.

A change is only computed between two figures of the same series, place and dimensions, both exact or
approximate, with no method break between them; otherwise the panel says why there is none.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from dashboard import i18n
from dashboard.catalog import DIMENSIONS, Catalog
from dashboard.figures.style import FONT, SERIES_COLOURS

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
    break_between: str | None
    history: list[tuple[int, float]]
    other_figures: int


def configured_panels(catalog: Catalog) -> list[dict]:
    panels = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))["panels"]
    return [p for p in panels if p["indicator"] in catalog.indicators.index]


def panel(catalog: Catalog, indicator: str, geography: str, dims: dict | None = None) -> Panel:
    dims = dims or {}
    rows = catalog.rows(indicator, geography)
    for d in DIMENSIONS:
        rows = rows[rows[d] == dims.get(d, "")]
    other = rows[rows.series != catalog.preferred(indicator)]
    mine = rows[(rows.series == catalog.preferred(indicator)) & (rows.period_kind == "year")].sort_values("year_num")
    records = mine.to_dict("records")
    latest = records[-1] if records else None
    previous = records[-2] if len(records) > 1 else None
    change, brk = None, None
    if latest and previous:
        for b in catalog.method_breaks(indicator):
            if previous["year_num"] < int(str(b["period"])[:4]) <= latest["year_num"]:
                brk = str(b["period"])
        comparable = latest["qualifier"] in POINT_QUALIFIERS and previous["qualifier"] in POINT_QUALIFIERS
        if comparable and not brk and previous["value_num"]:
            change = (latest["value_num"] - previous["value_num"]) / abs(previous["value_num"]) * 100
    history = [(int(r["year_num"]), float(r["value_num"])) for r in records if r["qualifier"] in POINT_QUALIFIERS]
    return Panel(indicator, geography, dims, latest, previous, change, brk, history, len(other))


def change_text(p: Panel, lang: str) -> str:
    if p.break_between:
        return i18n.t(lang, "change_not_comparable", period=p.break_between)
    if p.change_pct is None:
        return i18n.t(lang, "change_none")
    sign = "+" if p.change_pct > 0 else "−" if p.change_pct < 0 else "±"
    pct = i18n.number(f"{abs(p.change_pct):.1f}", lang)
    return i18n.t(lang, "change_vs", change=f"{sign}{pct} %", period=p.previous["year"])


def sparkline(p: Panel) -> dict:
    xs, ys, previous = [], [], None
    for x, y in p.history:
        if previous is not None and x - previous > 1:  # a gap stays a gap
            xs.append(None)
            ys.append(None)
        xs.append(x)
        ys.append(y)
        previous = x
    return {"data": [{"type": "scatter", "mode": "lines+markers", "x": xs, "y": ys, "connectgaps": False,
                      "line": {"color": SERIES_COLOURS[0], "width": 2}, "marker": {"size": 4},
                      "hoverinfo": "skip"}],
            "layout": {"font": FONT, "height": 70, "margin": {"l": 4, "r": 4, "t": 4, "b": 4},
                       "xaxis": {"visible": False}, "yaxis": {"visible": False, "rangemode": "tozero"},
                       "showlegend": False, "paper_bgcolor": "rgba(0,0,0,0)", "plot_bgcolor": "rgba(0,0,0,0)"}}
