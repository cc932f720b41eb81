"""Overview: one panel per headline indicator (latest value, change, trend, reliability, source) and
context facts from the mission documents."""
from __future__ import annotations

import dash
from dash import html
from dash.development.base_component import Component

from dashboard import citation as cite
from dashboard import i18n
from dashboard.cache import memoize
from dashboard.catalog import Catalog
from dashboard.components import badge, figure_source
from dashboard.panels import change_text, configured_panels, panel, sparkline_svg
from dashboard.shell import page, titled
from dashboard.state import catalog
from dashboard.urlstate import href, lang_of

dash.register_page(__name__, path="/",
                   title=titled("app_subtitle"), order=0, nav="nav_overview", warm=True, embeddable=False)


def panel_card(spec: dict, lang: str) -> html.Article:
    c = catalog()
    p = panel(c, spec["indicator"], spec["geography"], spec.get("dims"))
    name = c.name(p.indicator, lang) + (f" · {spec['label'][lang]}" if spec.get("label") else "")
    link = href(f"/indicador/{p.indicator}", lang=lang)
    body: list[Component | None]
    if p.latest is None:
        body = [html.P(i18n.t(lang, "no_data"), className="big")]
    else:
        value, period = c.value_text(p.latest, lang), c.period_text(p.latest, lang)
        body = [
            html.P([html.Span(value, className="big"), " ", html.Span(period, className="period")]),
            html.P(change_text(p, lang), className="change"),
            html.Img(src=sparkline_svg(p), alt="", className="sparkline") if p.history else None,
            html.P(i18n.t(lang, "panel_sentence", name=c.name(p.indicator, lang), value=value, period=period)
                   + " " + change_text(p, lang) + ".", className="sr-sentence"),
            html.P([badge(c, p.latest, lang)]),
            html.P([f"{i18n.t(lang, 'source')}: ", *figure_source(c, p.latest, lang)], className="hint"),
            html.P(i18n.t(lang, "other_series_note", n=p.other_figures), className="hint") if p.other_figures else None,
        ]
    return html.Article(className="panel", id=f"panel-{p.indicator}-{p.dims.get('market', p.geography)}",
                        children=[html.H3(html.A(name, href=link)),
                                  html.Small(c.theme_name(str(c.indicators.at[p.indicator, "theme"]), lang)),
                                  *body])


def layout(lang=None, **_):
    return overview_page(catalog(), lang_of(lang))


@memoize
def overview_page(c: Catalog, lang: str) -> html.Div:
    facts = c.facts[c.facts.ref.str.startswith("context/")]
    return page(lang, "/", {}, [],
                html.H1(i18n.t(lang, "app_subtitle")),
                html.Div([panel_card(spec, lang) for spec in configured_panels(c)], className="panels"),
                html.H2(i18n.t(lang, "context_facts")),
                html.Ul(className="facts", children=[
                    html.Li([r[f"statement_{lang}"], " ",
                             html.Small(f"({cite.short(c, c.source(r['source_id']), lang)})")])
                    for r in facts.to_dict("records")]))
