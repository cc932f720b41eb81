"""The regional choropleth: one frame per year, built once per indicator and language.

A year change only picks another frame in the browser (assets/vigia.js); nothing goes back to the server.
The GeoJSON is referenced by URL, so the browser downloads it once and plotly caches it.
"""
from __future__ import annotations

import html
import math
from typing import Any

from dashboard import citation as cite
from dashboard import i18n
from dashboard.cache import memoize
from dashboard.catalog import Catalog, Cell
from dashboard.figures.style import (
    BORDER,
    CLASS_COLOURS,
    FONT,
    GEOJSON_URL,
    NEIGHBOUR,
    NEIGHBOURS_URL,
    NO_DATA,
    OUTSIDE,
)

LIMA_INSET = {"lon": [-77.45, -76.55], "lat": [-12.62, -11.55]}
INSET_UNITS = {"PE-CAL", "PE-LMA", "PE-LIM"}  # the only units inside the inset's view
# Peru in the middle of a view about 1.8 times wider than high (the map's usual shape on a laptop);
# the view's edges match the neighbours' clip box, so no country ends in a straight line inside it.
VIEW = {"lon": [-92.5, -56.5], "lat": [-19.2, 0.8]}
NEIGHBOUR_IDS = ["BO", "BR", "CL", "CO", "EC"]


def _nice(x: float) -> float:
    if x == 0:
        return 0.0
    magnitude = 10 ** math.floor(math.log10(abs(x)))
    return round(x / magnitude * 2) / 2 * magnitude  # 1, 1.5, 2, 2.5 ... times a power of ten


def class_breaks(values: list[float], classes: int = len(CLASS_COLOURS)) -> list[float]:
    """Upper bounds of up to `classes` classes from quantiles of all years' values, rounded to readable
    numbers, so a colour means the same in every year of the slider."""
    ordered = sorted(values)
    if not ordered:
        return []
    cuts = []
    for k in range(1, classes):
        cut = _nice(ordered[min(len(ordered) - 1, round(k * len(ordered) / classes))])
        if ordered[0] < cut < ordered[-1] and cut not in cuts:
            cuts.append(cut)
    return sorted(cuts) + [ordered[-1]]


def class_of(value: float, breaks: list[float]) -> int:
    for index, upper in enumerate(breaks):
        if value <= upper:
            return index
    return len(breaks) - 1


def class_labels(breaks: list[float], lang: str) -> list[str]:
    labels, lower = [], None
    for upper in breaks:
        top = i18n.number(upper, lang)
        labels.append(f"≤ {top}" if lower is None else f"{i18n.number(lower, lang)} – {top}")
        lower = upper
    return labels


def _hover(catalog: Catalog, unit: str, cell: Cell, lang: str) -> str:
    name = html.escape(catalog.place_name(unit, lang))
    row = cell.row
    if row is None:
        return f"<b>{name}</b><br>{i18n.t(lang, 'no_data' if cell.state == 'no_data' else 'outside_coverage')}"
    lines = [f"<b>{name}</b>", html.escape(f"{catalog.value_text(row, lang)} · {catalog.period_text(row, lang)}")]
    if cell.via:
        lines.append(html.escape(f"({catalog.place_name(cell.via, lang)}, INEI)"))
    source = cite.short(catalog, catalog.source(row["source_id"]), lang)
    lines.append(html.escape(f"{i18n.t(lang, 'source')}: {source}"))
    return "<br>".join(lines)


def _choropleth(units: list[str], colour: str, name: str, hover: list[str], geo: str, legend: bool,
                url: str = GEOJSON_URL, hoverable: bool = True) -> dict:
    return {
        "type": "choropleth", "geo": geo, "geojson": url, "featureidkey": "id", "locations": units,
        "z": [1] * len(units), "zmin": 0, "zmax": 1, "colorscale": [[0, colour], [1, colour]],
        "showscale": False, "name": name, "legendgroup": name, "showlegend": legend,
        "marker": {"line": {"color": BORDER if url == GEOJSON_URL else "#ffffff", "width": 0.6}},
        "customdata": hover, "hovertemplate": "%{customdata}<extra></extra>" if hoverable else None,
        "hoverinfo": None if hoverable else "skip",
    }


def frame_traces(catalog: Catalog, cells: dict[str, Cell], breaks: list[float], labels: list[str],
                 lang: str) -> list[dict]:
    # one group per label: fewer than the colours when the values make fewer classes
    groups: list[tuple[str, str, list[str]]] = [
        (colour, label, []) for colour, label in zip(CLASS_COLOURS, labels, strict=False)]
    no_data: tuple[str, str, list[str]] = (NO_DATA, i18n.t(lang, "no_data"), [])
    outside: tuple[str, str, list[str]] = (OUTSIDE, i18n.t(lang, "outside_coverage"), [])
    for unit, cell in cells.items():
        if cell.row is not None:
            groups[class_of(float(cell.row["value"]), breaks)][2].append(unit)
        else:
            (no_data if cell.state == "no_data" else outside)[2].append(unit)
    traces = [_choropleth(NEIGHBOUR_IDS, NEIGHBOUR, "neighbours", [""] * 5, "geo", False, NEIGHBOURS_URL, False)]
    for geo in ("geo", "geo2"):
        for colour, label, units in [*groups, no_data, outside]:
            units = units if geo == "geo" else [u for u in units if u in INSET_UNITS]
            hover = [_hover(catalog, u, cells[u], lang) for u in units]
            traces.append(_choropleth(units, colour, label, hover, geo, legend=geo == "geo"))
    return traces


def map_figure(catalog: Catalog, indicator: str, lang: str, year: int | None = None) -> dict:
    """A plotly figure dict: `data` for the chosen (default: latest) year, `frames` for every year (cached per
    indicator and language: a year only picks the frame shown first)."""
    figure = all_years_figure(catalog, indicator, lang)
    shown = year if year in figure["layout"]["meta"]["years"] else None
    if shown is None:
        return figure
    return {**figure, "data": next((f["data"] for f in figure["frames"] if f["name"] == str(shown)), [])}


@memoize
def all_years_figure(catalog: Catalog, indicator: str, lang: str) -> dict:
    """map_figure for the latest year."""
    year = None
    cells_by_year = catalog.map_cells(indicator)
    values = [float(c.row["value"]) for cells in cells_by_year.values() for c in cells.values() if c.row is not None]
    breaks = class_breaks(values)
    labels = class_labels(breaks, lang)
    frames: list[dict[str, Any]] = [{"name": str(y), "data": frame_traces(catalog, cells, breaks, labels, lang)}
                                    for y, cells in sorted(cells_by_year.items())]
    years = [int(f["name"]) for f in frames]
    shown = year if year in years else (years[-1] if years else None)
    geo_common = {"visible": False, "scope": "south america", "resolution": 110, "projection": {"type": "mercator"},
                  "bgcolor": "rgba(0,0,0,0)", "showframe": False}
    layout = {
        "font": FONT, "margin": {"l": 0, "r": 0, "t": 0, "b": 60}, "height": 640, "paper_bgcolor": "#ffffff",
        "dragmode": False,
        "legend": {"title": {"text": catalog.unit_symbol(indicator, lang) + "  "}, "orientation": "h",
                   "x": 0, "y": 0, "yanchor": "top", "bgcolor": "rgba(255,255,255,0.9)",
                   "itemclick": False, "itemdoubleclick": False},
        "geo": {**geo_common, "domain": {"x": [0, 1], "y": [0, 1]},
                "lonaxis": {"range": VIEW["lon"]}, "lataxis": {"range": VIEW["lat"]}},
        "geo2": {**geo_common, "domain": {"x": [0.01, 0.25], "y": [0.02, 0.30]}, "showframe": True,
                 "framecolor": "#999999", "bgcolor": "#ffffff",
                 "lonaxis": {"range": LIMA_INSET["lon"]}, "lataxis": {"range": LIMA_INSET["lat"]}},
        "annotations": [{"text": i18n.t(lang, "map_lima_inset"), "x": 0.01, "y": 0.31, "xref": "paper",
                         "yref": "paper", "showarrow": False, "xanchor": "left", "yanchor": "bottom",
                         "font": {"size": 12}}],
        "meta": {"indicator": indicator, "years": years, "breaks": breaks},
    }
    data: list[dict] = next((f["data"] for f in frames if f["name"] == str(shown)), [])
    return {"data": data, "layout": layout, "frames": frames}
