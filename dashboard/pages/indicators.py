"""Index of every indicator, by theme."""
from __future__ import annotations

import dash
from dash import html

from dashboard import i18n
from dashboard.cache import memoize
from dashboard.catalog import Catalog
from dashboard.components import indicator_link
from dashboard.exports.routes import brief_link
from dashboard.shell import page, titled
from dashboard.state import catalog
from dashboard.urlstate import lang_of

dash.register_page(__name__, path="/indicador", title=titled("nav_indicator"), order=2, nav="nav_indicator", warm=True,
                   embeddable=False)


def layout(lang=None, **_):
    return indicators_page(catalog(), lang_of(lang))


@memoize
def indicators_page(c: Catalog, lang: str) -> html.Div:
    sections = []
    for theme in c.themes.index:
        ids = c.indicators_of(theme)
        if ids:
            sections += [html.H2(c.theme_name(theme, lang)),
                         html.P(brief_link(lang, theme=theme), className="downloads"),
                         html.Ul([html.Li([indicator_link(c, i, lang), " ",
                                           html.Small(f"({len(c.rows(i))} · {c.unit_symbol(i, lang)})")])
                                  for i in ids])]
    return page(lang, "/indicador", {}, [], html.H1(i18n.t(lang, "nav_indicator")), *sections)
