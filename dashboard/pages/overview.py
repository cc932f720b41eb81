"""Overview: one indicator panel per theme (placeholder list until the panels land)."""
from __future__ import annotations

import dash
from dash import dcc, html

from dashboard import i18n
from dashboard.shell import page
from dashboard.state import catalog
from dashboard.urlstate import href, lang_of

dash.register_page(__name__, path="/", title="Vigía")


def layout(lang=None, **_):
    lang = lang_of(lang)
    c = catalog()
    items = [html.Li(dcc.Link(c.name(i, lang), href=href(f"/indicador/{i}", lang=lang))) for i in c.indicators.index]
    return page(lang, "/", {}, [], html.H1(i18n.t(lang, "app_subtitle")), html.Ul(items))
