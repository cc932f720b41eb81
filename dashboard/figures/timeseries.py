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
from dashboard.figures.style import FONT, SERIES_COLOURS, text_lines

SYMBOLS = {"exact": "circle", "approximate": "circle-open", "more_than": "triangle-up", "at_least": "triangle-up",
           "less_than": "triangle-down", "at_most": "triangle-down"}


def _hover(catalog: Catalog, row: dict, lang: str, with_dimensions: bool = False) -> str:
    bits = [f"<b>{html.escape(catalog.value_text(row, lang))}</b> · {html.escape(catalog.period_text(row, lang))}",
            html.escape(catalog.place_name(row["geography_id"], lang)),
            html.escape(f"{i18n.t(lang, 'source')}: {cite.short(catalog, catalog.source(row['source_id']), lang)}")]
    if with_dimensions:
        bits.insert(1, html.escape(catalog.dims_text(row, lang)))
    note = catalog.note_text(row, lang)
    if note:
        bits.append(html.escape(note[:140] + ("…" if len(note) > 140 else "")))
    return "<br>".join(bits)


PANEL_HEIGHT = 230  # px of one panel's plot when an indicator's figures fall in several comparison groups
PANEL_GAP = 78  # px between two rows of panels: the lower panel's title and the upper one's year ticks
SINGLE_HEIGHT = 380  # px of the plot of a chart with one group
LEGEND_LINE = 18  # px of one line of a legend entry
LEGEND_GAP = 8  # px between two rows of the legend
LEGEND_WIDTH = 1000  # px a row of the legend is assumed to hold (a laptop's chart)
NAME_CHARS = 60  # a legend entry or a panel title longer than this wraps
MAX_LINES = 12  # a panel with more lines than this (one per combination of dimensions) draws dots instead


def _wrap(text: str, width: int = NAME_CHARS) -> str:
    return "<br>".join(text_lines(text, width))


def _points(group) -> tuple[list[int | None], list[float | None]]:
    """x and y of a line's points: consecutive years joined, a gap left as a gap."""
    xs: list[int | None] = []
    ys: list[float | None] = []
    previous = None
    for x, y in zip(group.x, group.value_num, strict=True):
        if previous is not None and x - previous > 1:
            xs.append(None)
            ys.append(None)
        xs.append(int(x))
        ys.append(float(y))
        previous = x
    return xs, ys


def series_figure(catalog: Catalog, indicator: str, lang: str, geographies: list[str],
                  groups: list[str] | None = None) -> dict:
    """The indicator's figures for these places: one panel per comparison group (its own axes and title:
    figures of different groups never share an axis; a line joins only figures of one series, place and
    dimensions), the legend whole under the panels. `groups`: only these comparison groups."""
    rows = catalog.series_figures(indicator, geographies)
    rows = rows.assign(group=catalog.group_of(rows)) if len(rows) else rows.assign(group=[])
    if groups is not None:
        rows = rows[rows.group.isin(groups)]
    preferred = catalog.preferred(indicator)
    keys = ["geography_id", "series", *catalog.dimensions]
    order = catalog.line_order(indicator)  # a line's colour: its place's position plus its rank: stable
    panels = catalog.group_order(indicator, list(dict.fromkeys(rows.group)))
    n, columns = len(panels), 1 if len(panels) <= 2 else 2
    grid_rows = -(-n // columns) if n else 1
    plot_height = SINGLE_HEIGHT if n <= 1 else grid_rows * PANEL_HEIGHT + (grid_rows - 1) * PANEL_GAP
    traces: list[dict] = []
    annotations: list[dict] = []
    shapes: list[dict] = []
    axes: dict[str, dict] = {}
    legend_names: list[str] = []
    several_places = len(geographies) > 1
    for k, group_id in enumerate(panels):
        mine = rows[rows.group == group_id]
        suffix = "" if k == 0 else str(k + 1)
        row, column = divmod(k, columns)
        top = 1 - row * (PANEL_HEIGHT + PANEL_GAP) / plot_height if n > 1 else 1.0
        bottom = top - PANEL_HEIGHT / plot_height if n > 1 else 0.0
        left = column / columns + (0.05 if column else 0)
        right = (column + 1) / columns - (0.03 if column < columns - 1 else 0)
        lines = [(tuple(str(v) for v in key), frame)
                 for key, frame in mine.groupby(keys, sort=False)]
        lines.sort(key=lambda g: (g[0][1] != preferred, geographies.index(g[0][0]), order.get(g[0][1:], 0)))
        shared = {d for d in catalog.dimensions
                  if len({line[0][2 + catalog.dimensions.index(d)] for line in lines}) == 1}
        varying = [d for d in catalog.dimensions if d not in shared]
        dots = len(lines) > MAX_LINES and bool(varying)
        if dots:  # e.g. CITES trade, a figure per taxon, partner, purpose and reporter: one dot each, no line
            lines = [((*key[:2], *("",) * len(catalog.dimensions)), mine[(mine.geography_id == key[0])
                                                                        & (mine.series == key[1])])
                     for key in dict.fromkeys(line[0][:2] for line in lines)]
        highest = 0.0
        for key, frame in lines:
            place, series = key[0], key[1]
            colour = SERIES_COLOURS[(geographies.index(place) + order.get(key[1:], 0)) % len(SERIES_COLOURS)]
            dims = " · ".join(catalog.dimension_text(d, v, lang) for d, v in zip(catalog.dimensions, key[2:],
                                                                                    strict=True)
                              if v and d not in shared)
            name = _wrap(" · ".join(filter(None, [catalog.place_name(place, lang) if several_places else "",
                                                  catalog.series_name(indicator, series, lang), dims])))
            frame = frame.sort_values("x")
            points = frame[frame.qualifier != "range"]
            xs, ys = _points(points)
            axis = {"xaxis": f"x{suffix}", "yaxis": f"y{suffix}"}
            first = name not in legend_names and len(points) > 0  # a line of ranges only: its bars' entry names it
            if len(points):
                legend_names.append(name)
            traces.append({
                "type": "scatter", "mode": "markers" if dots else "lines+markers", "name": name, "legendgroup": name,
                "x": xs, "y": ys, "connectgaps": False, "showlegend": first, **axis,
                "line": {"color": colour, "width": 2.5 if series == preferred else 1.5,
                         "dash": "solid" if series == preferred else "dot"},
                "marker": {"color": colour, "size": 8, "symbol": [SYMBOLS[q] for q in points.qualifier],
                           "line": {"color": colour, "width": 2}},
                "customdata": _with_gaps([_hover(catalog, r, lang, dots) for r in points.to_dict("records")], xs),
                "hovertemplate": "%{customdata}<extra></extra>",
            })
            ranges = frame[frame.qualifier == "range"]
            if len(ranges):
                rx, ry, hover = [], [], []
                for r in ranges.to_dict("records"):
                    rx += [r["x"], r["x"], None]
                    ry += [r["value_low_num"], r["value_high_num"], None]
                    hover += [_hover(catalog, r, lang)] * 2 + [""]
                range_name = f"{name} ({i18n.t(lang, 'legend_range')})"
                traces.append({"type": "scatter", "mode": "lines", "name": range_name, "legendgroup": name,
                               "showlegend": range_name not in legend_names, **axis, "x": rx, "y": ry,
                               "line": {"color": colour, "width": 6}, "customdata": hover,
                               "hovertemplate": "%{customdata}<extra></extra>"})
                legend_names.append(range_name)
            highest = max([highest, *points.value_num.dropna(), *ranges.value_high_num.dropna()])
        years = sorted(set(mine.x))
        axes[f"xaxis{suffix}"] = {"title": {"text": ""}, "tickformat": "d", "gridcolor": "#eeeeee",
                                  "zeroline": False, "domain": [left, right], "anchor": f"y{suffix}",
                                  **({"dtick": 1} if years and years[-1] - years[0] <= 8 else {})}
        axes[f"yaxis{suffix}"] = {"title": {"text": catalog.unit_symbol(indicator, lang)}, "gridcolor": "#eeeeee",
                                  "rangemode": "tozero" if highest >= 0 else "normal", "tickformat": ",~r",
                                  "domain": [bottom, top], "anchor": f"x{suffix}"}
        title = _wrap(catalog.group_name(indicator, group_id, lang), NAME_CHARS * 2 if columns == 1 else NAME_CHARS)
        if dots:  # in short lines: it must still read on a phone
            title += "<br>" + _wrap(i18n.t(lang, "chart_dots", n=len(mine), dimensions=", ".join(
                catalog.dimension_name(d, lang) for d in varying)), NAME_CHARS * 2 // 3)
        annotations.append({"text": title,
                            "x": left, "y": top, "xref": "paper", "yref": "paper", "xanchor": "left",
                            "yanchor": "bottom", "yshift": 6, "showarrow": False, "align": "left",
                            "font": {"size": 13, "color": "#333333"}, "name": "panel-title"})
        _marks(catalog, indicator, lang, suffix, shapes, annotations, (years[0], years[-1]) if years else None)
    if not panels:
        axes = {"xaxis": {"tickformat": "d"}, "yaxis": {"title": {"text": catalog.unit_symbol(indicator, lang)}}}
    top_titles = [a["text"] for a in annotations if a.get("name") == "panel-title"][:columns]
    title_room = max([40, *(24 + 16 * (t.count("<br>") + 1) for t in top_titles)]) if panels else 0
    legend_room = 40 + legend_height([t["name"] for t in traces if t.get("showlegend")])
    layout = {
        "font": FONT, "height": plot_height + title_room + legend_room + 30, "separators": ".,",
        "margin": {"l": 70, "r": 20, "t": title_room + 10, "b": legend_room},
        "paper_bgcolor": "#ffffff", "plot_bgcolor": "#ffffff", "hovermode": "closest", **axes,
        "legend": {"orientation": "h", "x": 0, "xanchor": "left", "y": -(36 / plot_height), "yanchor": "top",
                   "entrywidthmode": "pixels"},
        "shapes": shapes, "annotations": annotations,
        "meta": {"indicator": indicator, "geographies": geographies, "groups": panels},
    }
    return {"data": traces, "layout": layout}


def legend_height(names: list[str], width: int = LEGEND_WIDTH) -> int:
    """Pixels a horizontal legend of these entries takes in `width` (plotly wraps a horizontal legend into rows,
    each as tall as its tallest entry; a wrapped name is as tall as its lines). Counted generously: a legend
    that is cut off is worse than some white space."""
    if not names:
        return 0
    total, used, lines_in_row = 0, 0, 1
    for name in names:
        lines = name.split("<br>")
        item = 60 + 8 * max(len(line) for line in lines)
        if used and used + item > width:
            total += LEGEND_LINE * lines_in_row + LEGEND_GAP
            used, lines_in_row = 0, 1
        used += item
        lines_in_row = max(lines_in_row, len(lines))
    return total + LEGEND_LINE * lines_in_row + LEGEND_GAP


def _marks(catalog: Catalog, indicator: str, lang: str, suffix: str, shapes: list[dict],
           annotations: list[dict], span: tuple[int, int] | None) -> None:
    """Method breaks (dashed lines) and dated events (marks along the top) on one panel, those within the years
    its figures span (a mark outside would stretch the panel's years: plotly counts marks in an axis' range)."""
    xref, yref = f"x{suffix}", f"y{suffix} domain"
    if span is None:
        return
    for brk in catalog.method_breaks(indicator):
        year = int(str(brk["period"])[:4])
        if not span[0] < year <= span[1]:
            continue
        shapes.append({"type": "line", "x0": year - 0.5, "x1": year - 0.5, "y0": 0, "y1": 1, "xref": xref,
                       "yref": yref, "line": {"color": "#777777", "dash": "dash", "width": 1.5}})
        annotations.append({"x": year - 0.5, "y": 1, "xref": xref, "yref": yref,
                            "text": i18n.t(lang, "indicator_method_break"), "showarrow": False, "xanchor": "left",
                            "yanchor": "top", "font": {"size": 11, "color": "#555"},
                            "hovertext": html.escape(brk[f"text_{lang}"])})
    for event in events_for(catalog, indicator):
        if not span[0] <= event["year"] <= span[1]:
            continue
        annotations.append({"x": event["year"], "y": 1.02, "xref": xref, "yref": yref, "text": "◆",
                            "showarrow": False, "font": {"size": 12, "color": "#CC79A7"},
                            "hovertext": html.escape(event[f"title_{lang}"])})


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
