"""Region profile: every indicator with figures for one department, its latest value, rank and sources."""
from __future__ import annotations

import dash
from dash import dcc, html

from dashboard import i18n
from dashboard.components import badge, indicator_link, source_list
from dashboard.exports.routes import brief_link
from dashboard.figures.timeseries import series_figure
from dashboard.shell import page
from dashboard.state import catalog
from dashboard.urlstate import choose, href, lang_of

dash.register_page(__name__, path_template="/region/<region_id>", title="Vigía — región")


def rank_in_latest_year(indicator: str, unit: str) -> tuple[int, int, int] | None:
    """(rank, departments with data, year) in the latest year the map has, highest value first."""
    cells = catalog().map_cells(indicator)
    if not cells:
        return None
    year = max(cells)
    values = {u: float(cell.row["value"]) for u, cell in cells[year].items() if cell.row is not None and not cell.via}
    if unit not in values:
        return None
    ordered = sorted(values.values(), reverse=True)
    return ordered.index(values[unit]) + 1, len(values), year


def layout(region_id=None, lang=None, **_):
    lang = lang_of(lang)
    c, notices = catalog(), []
    region = choose(region_id, c.map_units, "PE-LOR", "region", lang, notices)
    places = [region] + [p for p in c.places.index if region in c.units_of(p) and p != region]  # e.g. INEI Lima
    rows = c.obs[c.obs.geography_id.isin(places)]
    blocks = []
    for indicator in sorted(set(rows.indicator), key=lambda i: (c.indicators.at[i, "theme"], i)):
        mine = rows[(rows.indicator == indicator) & (rows.series == c.preferred(indicator))]
        mine = mine if len(mine) else rows[rows.indicator == indicator]
        latest = mine.sort_values(["period_end", "period"]).iloc[-1].to_dict()
        rank = rank_in_latest_year(indicator, region)
        figure = series_figure(c, indicator, lang, sorted(set(mine.geography_id)))
        figure["layout"].update(height=220, margin={"l": 60, "r": 10, "t": 10, "b": 30}, showlegend=False)
        blocks.append(html.Section(className="region-indicator", children=[
            html.H2(indicator_link(c, indicator, lang)),
            html.P([html.Strong(c.value_text(latest, lang), className="big"), f" · {c.period_text(latest, lang)} ",
                    badge(c, latest, lang)]),
            html.P(i18n.t(lang, "region_rank", rank=rank[0], n=rank[1], period=rank[2]), className="rank")
            if rank else None,
            dcc.Graph(figure=figure, config={"displaylogo": False, "responsive": True}, style={"height": "220px"})
            if figure["data"] else None,
            html.P(f"{i18n.t(lang, 'source')}: {c.source_line(latest, lang)}", className="hint"),
        ]))
    return page(lang, f"/region/{region}", {}, notices,
                html.H1(i18n.t(lang, "region_title", name=c.place_name(region, lang)), id="region-name"),
                html.P([dcc.Link(i18n.t(lang, "nav_map"), href=href("/mapa", lang=lang)), " · ",
                        brief_link(lang, region=region)], className="downloads"),
                html.H2(i18n.t(lang, "region_indicators")) if blocks else html.P(i18n.t(lang, "region_none")),
                html.Div(blocks, className="region-grid"),
                html.H2(i18n.t(lang, "sources")), source_list(c, rows.source_id, lang))
