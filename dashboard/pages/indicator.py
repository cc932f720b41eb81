"""One indicator: chart (national and chosen places), table, sources; method breaks, events and caveats."""
from __future__ import annotations

import dash
from dash import Input, Output, State, callback, clientside_callback, dcc, html

from dashboard import i18n
from dashboard.cache import memoize
from dashboard.catalog import CHART_KINDS, Catalog
from dashboard.components import citation, figures_table, graph_config, host, source_list
from dashboard.exports.routes import download_links
from dashboard.figures.timeseries import series_figure
from dashboard.pages import indicator_ids as ids
from dashboard.panels import configured_panels
from dashboard.shell import page, title
from dashboard.state import catalog
from dashboard.urlstate import choose, href, lang_of, notice, request_lang

dash.register_page(__name__, path_template="/indicador/<indicator_id>", order=3, nav=None, warm=True, embeddable=False,
                   title=lambda indicator_id=None, **_: page_title(indicator_id))

TABS = ["chart", "table", "sources"]
DEFAULT = "coca_area"


def page_title(indicator_id: str | None) -> str:
    """"Superficie de coca — Vigía": the indicator shown (the default one for an unknown id)."""
    c = catalog()
    return title(c.name(str(indicator_id) if indicator_id in c.indicators.index else DEFAULT, request_lang()))


def path_variables(c) -> list[dict[str, str]]:
    """The overview's indicators: the ones most visits open."""
    return [{"indicator_id": i} for i in dict.fromkeys(p["indicator"] for p in configured_panels(c))]


def layout(indicator_id=None, regions=None, tab=None, lang=None, **_):
    lang = lang_of(lang)
    c, notices = catalog(), []
    indicator = choose(indicator_id, list(c.indicators.index), DEFAULT, "indicator", lang, notices,
                       name=lambda i: c.name(i, lang))
    places = c.places_of(indicator)
    wanted = [p for p in (regions or "").split(",") if p]
    unknown = [p for p in wanted if p not in places]
    if unknown:
        notice(notices, lang, ",".join(unknown), "regions",
               ", ".join(c.place_name(p, lang) for p in c.default_places(indicator)))
    chosen = [p for p in wanted if p in places] or c.default_places(indicator)
    tab = choose(tab, TABS, "chart", "tab", lang, notices, name=lambda t: i18n.t(lang, f"indicator_tab_{t}"))
    # a view named by unknown values is made each time: arbitrary text in the address would fill the cache
    build = indicator_page.uncached if notices else indicator_page  # type: ignore[attr-defined]
    return build(c, indicator, chosen, tab, lang, host(), notices)


@memoize
def indicator_page(c: Catalog, indicator: str, chosen: list[str], tab: str, lang: str, base: str,
                   notices: list[str]) -> html.Div:
    """The page of one view (checked: an indicator, places with figures for it, a tab) with the notices its
    address gave, cached per package, view, language and the site's address (`base`: see chart_outputs)."""
    rows = c.rows(indicator)
    places = sorted(c.places_of(indicator), key=lambda p: (p != "PE", c.place_name(p, lang), p))
    other_periods = int((~rows.period_kind.isin(CHART_KINDS)).sum())
    caveats = c.caveats(indicator) + c.method_breaks(indicator)
    figure, summary, downloads, cited = chart_outputs(c, indicator, chosen, lang, base)
    return page(lang, f"/indicador/{indicator}", {"regions": ",".join(chosen), "tab": tab}, notices,
                html.H1(c.name(indicator, lang), id=ids.NAME),
                html.P(c.indicators.at[indicator, f"definition_{lang}"],  # type: ignore[arg-type]  # pandas-stubs: any scalar
                       className="definition"),
                dcc.Store(id=ids.INDICATOR, data=indicator), dcc.Store(id=ids.LANG, data=lang),
                html.Label([i18n.t(lang, "indicator_regions"),
                            dcc.Dropdown(id=ids.REGIONS, multi=True, value=chosen,
                                         labels=i18n.raw(lang, "dropdown_labels"),
                                         options=[{"label": c.place_name(p, lang), "value": p} for p in places])]),
                dcc.Tabs(id=ids.TABS, value=tab, children=[
                    dcc.Tab(label=i18n.t(lang, "indicator_tab_chart"), value="chart", children=[
                        html.P(summary, id=ids.SUMMARY, className="summary"),
                        dcc.Graph(id=ids.GRAPH, figure=figure, config=graph_config(lang), style=graph_style(figure)),
                        html.P(i18n.t(lang, "indicator_other_periods", n=other_periods), className="hint")
                        if other_periods else None,
                        html.P(downloads, id=ids.DOWNLOADS, className="downloads"),
                        html.Div(cited, id=ids.CITATION)]),
                    dcc.Tab(label=i18n.t(lang, "indicator_tab_table"), value="table",
                            children=[figures_table(c, rows.sort_values(["geography_id", "period_start"]), lang,
                                                    ids.TABLE)]),
                    dcc.Tab(label=i18n.t(lang, "indicator_tab_sources"), value="sources",
                            children=[source_list(c, c.sources_of(rows), lang)]),
                ]),
                html.Section([html.H2(i18n.t(lang, "indicator_caveats")),
                              html.Ul([html.Li(n[f"text_{lang}"]) for n in caveats])]) if caveats else None)


@callback(Output(ids.GRAPH, "figure"), Output(ids.SUMMARY, "children"), Output(ids.DOWNLOADS, "children"),
          Output(ids.CITATION, "children"), Output(ids.GRAPH, "style"),
          Input(ids.REGIONS, "value"), State(ids.INDICATOR, "data"), State(ids.LANG, "data"),
          prevent_initial_call=True)
def redraw(regions, indicator, lang):
    c = catalog()
    regions = [r for r in (regions or []) if r in c.places_of(indicator)] or c.default_places(indicator)
    outputs = chart_outputs(c, indicator, regions, lang, host())
    return (*outputs, graph_style(outputs[0]))


def graph_style(figure: dict) -> dict:
    """The chart's box as tall as its panels and legend."""
    return {"height": f"{figure['layout']['height']}px"}


@memoize
def chart_outputs(c: Catalog, indicator: str, regions: list[str], lang: str, base: str) -> tuple:
    """The chart of `regions` (places with figures for `indicator`), its summary, its download links and the
    citation of the figures it draws: the chart callback's answer, cached per package, indicator, places,
    language and the site's address (`base`: the citation gives the whole address of the view)."""
    figure = series_figure(c, indicator, lang, regions)
    shown = c.series_figures(indicator, regions)
    years, n = sorted(set(shown.x)), len(shown)
    span = f"{years[0]}–{years[-1]}" if years else "—"
    return (figure, i18n.t(lang, "indicator_chart_summary", name=c.name(indicator, lang),
                           unit=c.unit_symbol(indicator, lang), n=n, years=span),
            download_links("series", lang, indicator=indicator, regions=",".join(regions)),
            citation(c, indicator, lang, base + view(indicator, regions, "chart", lang), shown,
                     list_href=view(indicator, regions, "sources", lang), body_id=ids.CITATION_BODY,
                     url_id=ids.CITATION_URL))


def view(indicator: str, regions: list[str], tab: str, lang: str) -> str:
    """The address of one view of the page: its places, its tab, its language."""
    return href(f"/indicador/{indicator}", regions=",".join(regions), tab=tab, lang=lang)


clientside_callback(
    dash.ClientsideFunction("vigia", "indicatorQuery"),
    Output(ids.CITATION_URL, "children"), Input(ids.REGIONS, "value"), Input(ids.TABS, "value"),
    prevent_initial_call=True,
)
