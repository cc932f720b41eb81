"""Region profile: every indicator with figures for one department, its latest value, rank and sources."""
from __future__ import annotations

from typing import Any

import dash
import pandas as pd
from dash import dcc, html

from dashboard import i18n
from dashboard.cache import memoize
from dashboard.catalog import CHART_KINDS, Catalog
from dashboard.components import badge, figure_source, graph_config, indicator_link, source_list
from dashboard.exports.routes import brief_link
from dashboard.figures.timeseries import SINGLE_HEIGHT, series_figure
from dashboard.pages import region_ids as ids
from dashboard.shell import page, title
from dashboard.state import catalog
from dashboard.urlstate import choose, href, lang_of, request_lang

dash.register_page(__name__, path_template="/region/<region_id>", order=4, nav=None, warm=True, embeddable=False,
                   title=lambda region_id=None, **_: page_title(region_id))

DEFAULT = "PE-LOR"
REGION_PLOT_HEIGHT = 170  # px of a profile's small chart


def page_title(region_id: str | None) -> str:
    """"Loreto — Vigía": the department shown (the default one for an unknown id)."""
    c = catalog()
    return title(c.place_name(region_id if region_id in c.map_units else DEFAULT, request_lang()))


def path_variables(c) -> list[dict[str, str]]:
    """Every department (map unit): the map opens their profiles."""
    return [{"region_id": unit} for unit in c.map_units]


def indicator_block(indicator: str, rows, region: str, lang: str) -> html.Section | None:
    """One indicator's latest figure for the region (its preferred series when it has one), rank and trend."""
    c = catalog()
    mine = rows[rows.series == c.preferred(indicator)]
    mine = mine if len(mine) else rows
    drawn = mine[mine.period_kind.isin(CHART_KINDS)]
    # the headline is the latest figure the chart draws (a part of a year is not drawn: then it stands alone)
    latest = c.latest(drawn) if len(drawn) else c.latest(mine)
    if latest is None:
        return None
    rank = c.rank(indicator, region)
    # the chart draws the headline's comparison group: what the headline measures, and nothing else
    group = str(c.group_of(pd.DataFrame([latest])).iloc[0])
    places = sorted(set(drawn.geography_id))
    figure: dict[str, Any] = (series_figure(c, indicator, lang, places, groups=[group]) if len(drawn)
                              else {"data": [], "layout": {"height": 0}})
    figure["layout"]["height"] -= SINGLE_HEIGHT - REGION_PLOT_HEIGHT
    return html.Section(className="region-indicator", children=[
        html.H2(indicator_link(c, indicator, lang)),
        html.P([html.Strong(c.value_text(latest, lang), className="big"), f" · {c.period_text(latest, lang)} ",
                badge(c, latest, lang)]),
        html.P(i18n.t(lang, "region_rank", rank=rank.rank, n=rank.of, period=rank.year), className="rank")
        if rank else None,
        dcc.Graph(figure=figure, config=graph_config(lang), style={"height": f"{figure['layout']['height']}px"})
        if figure["data"] else None,
        html.P([f"{i18n.t(lang, 'source')}: ", *figure_source(c, latest, lang)], className="hint"),
    ])


def layout(region_id=None, lang=None, **_):
    c = catalog()
    # a view named by an unknown region is made each time: arbitrary text in the address would fill the cache
    build = region_page if region_id in (None, "", *c.map_units) else region_page.uncached  # type: ignore[attr-defined]
    return build(c, region_id, lang_of(lang))


@memoize
def region_page(c: Catalog, region_id: str | None, lang: str) -> html.Div:
    notices: list[str] = []
    region = choose(region_id, c.map_units, DEFAULT, "region", lang, notices, name=lambda p: c.place_name(p, lang))
    blocks = [block for by_indicator in c.region_figures(region).values() for indicator, rows in by_indicator.items()
              if (block := indicator_block(indicator, rows, region, lang)) is not None]
    return page(lang, f"/region/{region}", {}, notices,
                html.H1(i18n.t(lang, "region_title", name=c.place_name(region, lang)), id=ids.NAME),
                html.P([dcc.Link(i18n.t(lang, "nav_map"), href=href("/mapa", lang=lang)), " · ",
                        brief_link(lang, region=region)], className="downloads"),
                html.H2(i18n.t(lang, "region_indicators")) if blocks else html.P(i18n.t(lang, "region_none")),
                html.Div(blocks, className="region-grid"),
                html.H2(i18n.t(lang, "sources")),
                source_list(c, c.sources_of(c.figures(c.region_places(region))), lang))
