"""Regional map: a choropleth of the 26 map units for any department-level indicator, with a year slider.

The figure (all years as frames) is built on the server when the indicator or language changes; a year
change, play and the URL update happen in the browser (assets/vigia.js) with no round trip.
"""
from __future__ import annotations

import dash
from dash import Input, Output, State, callback, clientside_callback, dcc, html

from dashboard import i18n
from dashboard.components import citation, markdown_table
from dashboard.exports.routes import download_links
from dashboard.figures.map import map_figure
from dashboard.shell import page
from dashboard.state import catalog
from dashboard.urlstate import choose, choose_year, href, lang_of

dash.register_page(__name__, path="/mapa", title="Vigía — mapa")

GRAPH_CONFIG = {"displaylogo": False, "responsive": True, "scrollZoom": False,
                "modeBarButtonsToRemove": ["select2d", "lasso2d", "toImage"]}


def year_table(indicator: str, lang: str) -> dict[str, dict]:
    """Per year: the sentence and the table of values that describe the map in words (the accessible
    alternative), prepared here so that the browser only swaps text on a year change."""
    c = catalog()
    out = {}
    for year, cells in c.map_cells(indicator).items():
        rows = [(c.place_name(u, lang), cell) for u, cell in cells.items()]
        with_data = [(n, cell.row) for n, cell in rows if cell.row is not None]
        header = [i18n.t(lang, k) for k in ("table_place", "table_value", "table_source")]
        lines = []
        for name, cell in sorted(rows, key=lambda r: (r[1].state != "value",
                                                      -float(r[1].row["value"]) if r[1].row else 0, r[0])):
            if cell.row is not None:
                lines.append([name, c.value_text(cell.row, lang), c.publisher(cell.row["source_id"])])
            else:
                lines.append([name, i18n.t(lang, "no_data" if cell.state == "no_data" else "outside_coverage"), ""])
        if with_data:
            top_name, top = max(with_data, key=lambda r: float(r[1]["value"]))
            summary = i18n.t(lang, "map_summary", name=c.name(indicator, lang), year=year, n=len(with_data),
                             top=top_name, value=c.value_text(top, lang))
        else:
            summary = i18n.t(lang, "map_summary_empty", name=c.name(indicator, lang), year=year)
        out[str(year)] = {"summary": summary, "table": markdown_table(header, lines)}
    return out


def map_citation(indicator: str, lang: str):
    c = catalog()
    return citation(c, indicator, lang, href("/mapa", indicator=indicator, lang=lang),
                    c.rows(indicator, series=c.preferred(indicator)).source_id)


def layout(indicator=None, year=None, lang=None, **_):
    lang = lang_of(lang)
    c, notices = catalog(), []
    options = c.map_indicators
    indicator = choose(indicator, options, "coca_area" if "coca_area" in options else options[0], "indicator",
                       lang, notices)
    years = sorted(c.map_cells(indicator))
    year = choose_year(year, years, lang, notices)
    figure = map_figure(c, indicator, lang, year)
    texts = year_table(indicator, lang)
    controls = html.Div(className="map-controls", children=[
        html.Label([i18n.t(lang, "map_indicator"),
                    dcc.Dropdown(id="map-indicator", value=indicator, clearable=False, searchable=False,
                                 labels=i18n.raw(lang, "dropdown_labels"),
                                 options=[{"label": c.name(i, lang), "value": i} for i in options])],
                   className="control-indicator"),
        html.Div(className="control-year", children=[
            html.Span(i18n.t(lang, "map_year"), id="map-year-label"),
            dcc.Slider(id="map-year", min=years[0], max=years[-1], step=1, value=year, included=False,
                       marks={y: str(y) for y in years if y in (years[0], years[-1]) or y % 5 == 0},
                       ),
            html.Button(i18n.t(lang, "map_play"), id="map-play", n_clicks=0, className="button",
                        **{"aria-pressed": "false"}),
            dcc.Interval(id="map-timer", interval=1100, disabled=True),
        ]),
    ])
    return page(lang, "/mapa", {"indicator": indicator, "year": year}, notices,
                html.H1(i18n.t(lang, "map_title")),
                controls,
                dcc.Store(id="map-lang", data=lang),
                dcc.Store(id="map-figure", data=figure),
                dcc.Store(id="map-texts", data=texts),
                html.P(texts[str(year)]["summary"], id="map-summary", className="summary",
                       **{"aria-live": "polite"}),
                dcc.Graph(id="map-graph", figure={"data": figure["data"], "layout": figure["layout"]},
                          config=GRAPH_CONFIG, className="map-graph"),
                html.P([i18n.t(lang, "map_click_hint"), " ", i18n.t(lang, "map_lima_note")], className="hint"),
                html.P(i18n.t(lang, "map_boundaries_note"), className="hint", id="map-boundaries-note"),
                html.P(download_links("map", lang, indicator=indicator, year=year), id="map-downloads",
                       className="downloads"),
                html.Div(map_citation(indicator, lang), id="map-citation"),
                html.Details([html.Summary(i18n.t(lang, "indicator_tab_table")),
                              dcc.Markdown(texts[str(year)]["table"], id="map-table")]),
                dcc.Link(c.name(indicator, lang), href=href(f"/indicador/{indicator}", lang=lang),
                         id="map-indicator-link"))


@callback(Output("map-figure", "data"), Output("map-texts", "data"), Output("map-year", "min"),
          Output("map-year", "max"), Output("map-year", "marks"), Output("map-year", "value"),
          Output("map-indicator-link", "children"), Output("map-indicator-link", "href"),
          Output("map-citation", "children"),
          Input("map-indicator", "value"), State("map-year", "value"), State("map-lang", "data"),
          prevent_initial_call=True)
def change_indicator(indicator, year, lang):
    c = catalog()
    if indicator not in c.map_indicators:
        raise dash.exceptions.PreventUpdate
    years = sorted(c.map_cells(indicator))
    year = year if year in years else years[-1]
    marks = {y: str(y) for y in years if y in (years[0], years[-1]) or y % 5 == 0}
    return (map_figure(c, indicator, lang, year), year_table(indicator, lang), years[0], years[-1], marks, year,
            c.name(indicator, lang), href(f"/indicador/{indicator}", lang=lang), map_citation(indicator, lang))


clientside_callback(
    dash.ClientsideFunction("vigia", "showYear"),
    Output("map-graph", "figure"), Output("map-summary", "children"), Output("map-table", "children"),
    Output("map-downloads", "children"),
    Input("map-year", "value"), Input("map-figure", "data"), State("map-texts", "data"),
    State("map-indicator", "value"), State("map-downloads", "children"),
)
clientside_callback(
    dash.ClientsideFunction("vigia", "togglePlay"),
    Output("map-timer", "disabled"), Output("map-play", "aria-pressed"),
    Input("map-play", "n_clicks"), State("map-timer", "disabled"), prevent_initial_call=True,
)
clientside_callback(
    dash.ClientsideFunction("vigia", "nextYear"),
    Output("map-year", "value", allow_duplicate=True), Output("map-timer", "disabled", allow_duplicate=True),
    Input("map-timer", "n_intervals"), State("map-year", "value"), State("map-figure", "data"),
    prevent_initial_call=True,
)
clientside_callback(
    dash.ClientsideFunction("vigia", "openRegion"),
    Output("map-graph", "clickData"),
    Input("map-graph", "clickData"), State("map-lang", "data"), prevent_initial_call=True,
)
