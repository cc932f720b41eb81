"""Time series of one indicator: figures drawn as what they are.

Exact values are filled dots, approximations hollow dots, bounds triangles pointing the open way, ranges
vertical bars from low to high. Lines join consecutive years of one series only: a gap stays a gap.
Method breaks are dashed vertical lines; dated events are marks along the top with their title on hover.
"""
from __future__ import annotations

import html

from dashboard import citation as cite
from dashboard import i18n
from dashboard.catalog import Catalog
from dashboard.figures.style import FONT, SERIES_COLOURS

SYMBOLS = {"exact": "circle", "approximate": "circle-open", "more_than": "triangle-up", "at_least": "triangle-up",
           "less_than": "triangle-down", "at_most": "triangle-down"}


def _hover(catalog: Catalog, row: dict, lang: str) -> str:
    bits = [f"<b>{html.escape(catalog.value_text(row, lang))}</b> · {html.escape(catalog.period_text(row, lang))}",
            html.escape(catalog.place_name(row["geography_id"], lang)),
            html.escape(f"{i18n.t(lang, 'source')}: {cite.short(catalog, catalog.source(row['source_id']), lang)}")]
    note = catalog.note_text(row, lang)
    if note:
        bits.append(html.escape(note[:140] + ("…" if len(note) > 140 else "")))
    return "<br>".join(bits)


def series_figure(catalog: Catalog, indicator: str, lang: str, geographies: list[str]) -> dict:
    rows = catalog.series_figures(indicator, geographies)
    preferred = catalog.preferred(indicator)
    keys = ["geography_id", "series", *catalog.dimensions]
    traces, top = [], 0.0
    grouped = [(tuple(str(v) for v in key), group) for key, group in rows.groupby(keys, sort=False)]
    groups = sorted(grouped, key=lambda g: (g[0][1] != preferred, geographies.index(g[0][0]), g[0]))
    for n, (key, group) in enumerate(groups):
        colour = SERIES_COLOURS[n % len(SERIES_COLOURS)]
        dims = " · ".join(v for v in key[2:] if v)
        name = " · ".join(filter(None, [catalog.place_name(key[0], lang) if len(geographies) > 1 else "",
                                        catalog.series_name(indicator, key[1], lang), dims]))
        group = group.sort_values("x")
        points = group[group.qualifier != "range"]
        xs: list[int | None] = []
        ys: list[float | None] = []
        previous = None
        for x, y in zip(points.x, points.value_num, strict=True):
            if previous is not None and x - previous > 1:
                xs.append(None)
                ys.append(None)
            xs.append(int(x))
            ys.append(float(y))
            previous = x
        records = points.to_dict("records")
        traces.append({
            "type": "scatter", "mode": "lines+markers", "name": name, "legendgroup": name, "x": xs, "y": ys,
            "connectgaps": False,
            "line": {"color": colour, "width": 2.5 if key[1] == preferred else 1.5,
                     "dash": "solid" if key[1] == preferred else "dot"},
            "marker": {"color": colour, "size": 8, "symbol": [SYMBOLS[q] for q in points.qualifier],
                       "line": {"color": colour, "width": 2}},
            "customdata": _with_gaps([_hover(catalog, r, lang) for r in records], xs),
            "hovertemplate": "%{customdata}<extra></extra>",
        })
        ranges = group[group.qualifier == "range"]
        if len(ranges):
            rx, ry, hover = [], [], []
            for r in ranges.to_dict("records"):
                rx += [r["x"], r["x"], None]
                ry += [r["value_low_num"], r["value_high_num"], None]
                hover += [_hover(catalog, r, lang)] * 2 + [""]
            traces.append({"type": "scatter", "mode": "lines", "name": f"{name} ({i18n.t(lang, 'legend_range')})",
                           "legendgroup": name, "x": rx, "y": ry, "line": {"color": colour, "width": 6},
                           "customdata": hover, "hovertemplate": "%{customdata}<extra></extra>"})
        top = max([top, *points.value_num.dropna(), *ranges.value_high_num.dropna()])
    shapes, annotations = [], []
    for brk in catalog.method_breaks(indicator):
        year = int(str(brk["period"])[:4])
        shapes.append({"type": "line", "x0": year - 0.5, "x1": year - 0.5, "y0": 0, "y1": 1, "yref": "paper",
                       "line": {"color": "#777777", "dash": "dash", "width": 1.5}})
        annotations.append({"x": year - 0.5, "y": 1, "yref": "paper", "text": i18n.t(lang, "indicator_method_break"),
                            "showarrow": False, "xanchor": "left", "yanchor": "top",
                            "font": {"size": 11, "color": "#555"}, "hovertext": html.escape(brk[f"text_{lang}"])})
    for event in events_for(catalog, indicator):
        annotations.append({"x": event["year"], "y": 1.02, "yref": "paper", "text": "◆", "showarrow": False,
                            "font": {"size": 12, "color": "#CC79A7"}, "hovertext": html.escape(event[f"title_{lang}"])})
    layout = {
        "font": FONT, "height": 460, "margin": {"l": 70, "r": 20, "t": 30, "b": 50}, "separators": ".,",
        "paper_bgcolor": "#ffffff", "plot_bgcolor": "#ffffff", "hovermode": "closest",
        "xaxis": {"title": {"text": ""}, "tickformat": "d", "gridcolor": "#eeeeee", "zeroline": False,
                  **({"dtick": 1} if len(set(rows.x)) and rows.x.max() - rows.x.min() <= 8 else {})},
        "yaxis": {"title": {"text": catalog.unit_symbol(indicator, lang)}, "gridcolor": "#eeeeee",
                  "rangemode": "tozero" if top >= 0 else "normal", "tickformat": ",~r"},
        "legend": {"orientation": "h", "y": -0.15, "x": 0},
        "shapes": shapes, "annotations": annotations,
        "meta": {"indicator": indicator, "geographies": geographies},
    }
    return {"data": traces, "layout": layout}


def _with_gaps(hover: list[str], xs: list) -> list[str]:
    """customdata aligned with x values that carry None gaps."""
    out, items = [], iter(hover)
    for x in xs:
        out.append("" if x is None else next(items))
    return out


def events_for(catalog: Catalog, indicator: str) -> list[dict]:
    e = catalog.events
    mine = e[e.indicators.str.split(";").apply(lambda ids: indicator in ids)]
    return [{**r, "year": int(r["date"].lstrip("~")[:4])} for r in mine.to_dict("records") if r["date"] != "unstated"]
