"""Regional map: a choropleth of the 26 map units for any department-level indicator, with a year slider.

The figure (all years as frames) is built on the server when the indicator or language changes; a year
change, play and the URL update happen in the browser (assets/vigia.js) with no round trip.
"""
from __future__ import annotations

from typing import Any

import dash
from dash import Input, Output, State, callback, clientside_callback, dcc, html
from flask import request

from dashboard import citation as cite
from dashboard import i18n
from dashboard.cache import memoize
from dashboard.catalog import Catalog
from dashboard.components import citation, graph_config, host, markdown_table
from dashboard.exports.routes import download_links
from dashboard.figures.map import map_figure
from dashboard.pages import map_ids as ids
from dashboard.shell import page, titled
from dashboard.state import catalog
from dashboard.urlstate import choose, choose_year, href, lang_of

dash.register_page(__name__, path="/mapa",
                   title=titled("map_title"), order=1, nav="nav_map", warm=True, embeddable=False)

GRAPH_CONFIG = {"scrollZoom": False, "modeBarButtonsToRemove": ["select2d", "lasso2d", "toImage"]}


def year_table(indicator: str, lang: str) -> dict[str, dict]:
    """Per year: the sentence and the table of values that describe the map in words (the accessible
    alternative), prepared here so that the browser only swaps text on a year change."""
    return map_texts(catalog(), indicator, lang)


@memoize
def map_texts(c: Catalog, indicator: str, lang: str) -> dict[str, dict]:
    """year_table, cached per package, indicator and language."""
    out = {}
    for year, cells in c.map_cells(indicator).items():
        rows = [(c.place_name(u, lang), cell) for u, cell in cells.items()]
        with_data = [(n, cell.row) for n, cell in rows if cell.row is not None]
        header = [i18n.t(lang, k) for k in ("table_place", "table_value", "table_source")]
        lines = []
        for name, cell in sorted(rows, key=lambda r: (r[1].state != "value",
                                                      -float(r[1].row["value"]) if r[1].row else 0, r[0])):
            if cell.row is not None:
                source = cite.short(c, c.source(cell.row["source_id"]), lang)
                lines.append([name, c.value_text(cell.row, lang), source])
            else:
                lines.append([name, i18n.t(lang, "no_data" if cell.state == "no_data" else "outside_coverage"), ""])
        if with_data:
            top_name, top = max(with_data, key=lambda r: float(r[1]["value"]))
            summary = i18n.t(lang, "map_summary", name=c.name(indicator, lang), year=year, n=len(with_data),
                             top=top_name, value=c.value_text(top, lang))
        else:
            summary = i18n.t(lang, "map_summary_empty", name=c.name(indicator, lang), year=year)
        figures = year_figures(c, indicator, year)
        more = cite.line(c, figures, lang).more
        out[str(year)] = {"summary": summary, "table": markdown_table(header, lines),
                          "citation": cite.citation_text(c, cited_title(c, indicator, lang), figures, lang),
                          "more": i18n.t(lang, "all_sources", n=more + cite.SHOWN) if more else ""}
    return out


def warm_builders(c: Catalog, lang: str) -> None:
    """What the warm-up makes besides the page (dashboard.server.warmup): every indicator's figure and texts,
    so an indicator change is a cache hit."""
    for indicator in c.map_indicators:
        map_figure(c, indicator, lang)
        map_texts(c, indicator, lang)


def year_figures(c: Catalog, indicator: str, year: int) -> list[dict]:
    """The figures the map draws in a year: what its citation cites."""
    return [cell.row for cell in c.map_cells(indicator)[year].values() if cell.row is not None]


def cited_title(c: Catalog, indicator: str, lang: str) -> str:
    return f"{c.name(indicator, lang)} ({c.unit_symbol(indicator, lang)})"


def map_citation(c: Catalog, indicator: str, year: int, lang: str, base: str):
    """"Cite" for the map of one year: that year's sources; the address restores the indicator and the year
    (the browser's script keeps both following a year change)."""
    return citation(c, indicator, lang, base + href("/mapa", indicator=indicator, year=year, lang=lang),
                    year_figures(c, indicator, year),
                    list_href=href(f"/indicador/{indicator}", tab="sources", lang=lang),
                    text_id=ids.CITATION_TEXT, body_id=ids.CITATION_BODY, url_id=ids.CITATION_URL,
                    more_id=ids.CITATION_MORE)


def layout(indicator=None, year=None, lang=None, **_):
    lang = lang_of(lang)
    c, notices = catalog(), []
    options = c.map_indicators
    indicator = choose(indicator, options, "coca_area" if "coca_area" in options else options[0], "indicator",
                       lang, notices, name=lambda i: c.name(i, lang))
    year = choose_year(year, c.map_years(indicator), lang, notices)
    # a view named by unknown values is made each time: arbitrary text in the address would fill the cache
    build = map_page.uncached if notices else map_page  # type: ignore[attr-defined]
    return build(c, indicator, year, lang, host(), notices)


@memoize
def map_page(c: Catalog, indicator: str, year: int, lang: str, base: str, notices: list[str]) -> html.Div:
    """The page of one view (checked: a map indicator, one of its years) with the notices its address gave,
    cached per package, view, language and the site's address (`base`: the citation gives whole addresses)."""
    options = c.map_indicators
    years = c.map_years(indicator)
    figure = map_figure(c, indicator, lang, year)
    texts = map_texts(c, indicator, lang)
    pressed: dict[str, Any] = {"aria-pressed": "false"}  # Any: mypy checks a ** dict against every keyword
    live: dict[str, Any] = {"aria-live": "polite"}
    controls = html.Div(className="map-controls", children=[
        html.Label([i18n.t(lang, "map_indicator"),
                    dcc.Dropdown(id=ids.INDICATOR, value=indicator, clearable=False, searchable=False,
                                 labels=i18n.raw(lang, "dropdown_labels"),
                                 options=[{"label": c.name(i, lang), "value": i} for i in options])],
                   className="control-indicator"),
        html.Div(className="control-year", children=[
            html.Span(i18n.t(lang, "map_year"), id=ids.YEAR_LABEL),
            dcc.Slider(id=ids.YEAR, min=years[0], max=years[-1], step=1, value=year, included=False,
                       marks={y: str(y) for y in years if y in (years[0], years[-1]) or y % 5 == 0},
                       ),
            html.Button(i18n.t(lang, "map_play"), id=ids.PLAY, n_clicks=0, className="button", **pressed),
            dcc.Interval(id=ids.TIMER, interval=1100, disabled=True),
        ]),
    ])
    return page(lang, "/mapa", {"indicator": indicator, "year": year}, notices,
                html.H1(i18n.t(lang, "map_title")),
                controls,
                dcc.Store(id=ids.LANG, data=lang),
                dcc.Store(id=ids.FIGURE, data=figure),
                dcc.Store(id=ids.TEXTS, data=texts),
                html.P(texts[str(year)]["summary"], id=ids.SUMMARY, className="summary", **live),
                dcc.Graph(id=ids.GRAPH, figure={"data": figure["data"], "layout": figure["layout"]},
                          config=graph_config(lang, **GRAPH_CONFIG), className="map-graph"),
                html.P([i18n.t(lang, "map_click_hint"), " ", i18n.t(lang, "map_lima_note")], className="hint"),
                html.P(i18n.t(lang, "map_boundaries_note"), className="hint", id=ids.BOUNDARIES_NOTE),
                html.P(download_links("map", lang, indicator=indicator, year=year), id=ids.DOWNLOADS,
                       className="downloads"),
                html.Div(map_citation(c, indicator, year, lang, base), id=ids.CITATION),
                html.Details([html.Summary(i18n.t(lang, "indicator_tab_table")),
                              dcc.Markdown(texts[str(year)]["table"], id=ids.TABLE)]),
                dcc.Link(c.name(indicator, lang), href=href(f"/indicador/{indicator}", lang=lang),
                         id=ids.INDICATOR_LINK))


@callback(Output(ids.FIGURE, "data"), Output(ids.TEXTS, "data"), Output(ids.YEAR, "min"),
          Output(ids.YEAR, "max"), Output(ids.YEAR, "marks"), Output(ids.YEAR, "value"),
          Output(ids.INDICATOR_LINK, "children"), Output(ids.INDICATOR_LINK, "href"),
          Output(ids.CITATION, "children"),
          Input(ids.INDICATOR, "value"), State(ids.YEAR, "value"), State(ids.LANG, "data"),
          prevent_initial_call=True)
def change_indicator(indicator, year, lang):
    c = catalog()
    if indicator not in c.map_indicators:
        raise dash.exceptions.PreventUpdate
    years = c.map_years(indicator)
    return indicator_change(c, indicator, year if year in years else years[-1], lang_of(lang), request.host_url)


@memoize
def indicator_change(c: Catalog, indicator: str, year: int, lang: str, host_url: str) -> tuple:
    """change_indicator's answer, cached whole: `host_url` is in the key because the citation names the site."""
    years = c.map_years(indicator)
    marks = {y: str(y) for y in years if y in (years[0], years[-1]) or y % 5 == 0}
    return (map_figure(c, indicator, lang, year), map_texts(c, indicator, lang), years[0], years[-1], marks, year,
            c.name(indicator, lang), href(f"/indicador/{indicator}", lang=lang),
            map_citation(c, indicator, year, lang, host_url.rstrip("/")))


clientside_callback(
    dash.ClientsideFunction("vigia", "showYear"),
    Output(ids.GRAPH, "figure"), Output(ids.SUMMARY, "children"), Output(ids.TABLE, "children"),
    Output(ids.DOWNLOADS, "children"), Output(ids.CITATION_BODY, "children"), Output(ids.CITATION_URL, "children"),
    Output(ids.CITATION_MORE, "children"),
    Input(ids.YEAR, "value"), Input(ids.FIGURE, "data"), State(ids.TEXTS, "data"),
    State(ids.INDICATOR, "value"), State(ids.DOWNLOADS, "children"),
)
clientside_callback(
    dash.ClientsideFunction("vigia", "togglePlay"),
    Output(ids.TIMER, "disabled"), Output(ids.PLAY, "aria-pressed"),
    Input(ids.PLAY, "n_clicks"), State(ids.TIMER, "disabled"), prevent_initial_call=True,
)
clientside_callback(
    dash.ClientsideFunction("vigia", "nextYear"),
    Output(ids.YEAR, "value", allow_duplicate=True), Output(ids.TIMER, "disabled", allow_duplicate=True),
    Input(ids.TIMER, "n_intervals"), State(ids.YEAR, "value"), State(ids.FIGURE, "data"),
    prevent_initial_call=True,
)
clientside_callback(
    dash.ClientsideFunction("vigia", "openRegion"),
    Output(ids.GRAPH, "clickData"),
    Input(ids.GRAPH, "clickData"), State(ids.LANG, "data"), prevent_initial_call=True,
)
