"""Sources and method: every source with its grade, what it supports, and what the figures can't show."""
from __future__ import annotations

import dash
from dash import html

from dashboard import citation as cite
from dashboard import i18n
from dashboard.cache import memoize
from dashboard.components import entry_children
from dashboard.pages import sources_ids as ids
from dashboard.shell import page, titled
from dashboard.state import catalog
from dashboard.urlstate import lang_of

dash.register_page(__name__, path="/fuentes", title=titled("sources_title"), order=5, nav="nav_sources", warm=True,
                   embeddable=False)


def layout(lang=None, **_):
    return sources_page(catalog(), lang_of(lang))


@memoize
def sources_page(c, lang):  # c: Catalog (unannotated: pandas-stubs reject the MultiIndex lookups below)
    checks = c.obs.groupby(["source_id", "verification"]).size()
    supported = c.obs.groupby(["source_id", "indicator"]).size()
    body = []
    for s in cite.ordered(c.sources.to_dict("records")):
        sid, e = s["source_id"], cite.entry(c, s, lang)
        checked = ", ".join(f"{n} {c.label('verification', str(v), lang).split(';')[0].lower()}"
                            for v, n in (checks[sid].items() if sid in checks.index.levels[0] else []))
        supports = "; ".join(f"{c.name(i, lang)} ({n})"
                             for i, n in (supported[sid].sort_values(ascending=False).items()
                                          if sid in supported.index.levels[0] else []))
        body.append(html.Tr(id=f"src-{sid}", children=[
            html.Td(entry_children(e, lang, notes=False)), html.Td(e.grade), html.Td(checked), html.Td(e.licence),
            html.Td(supports)]))
    return page(lang, "/fuentes", {}, [],
                html.H1(i18n.t(lang, "sources_title")),
                html.P(i18n.t(lang, "sources_intro")),
                html.H2(i18n.t(lang, "method_title"), id=ids.METHOD),
                html.Ul([html.Li(point) for point in i18n.raw(lang, "method_points")]),
                html.H2(i18n.t(lang, "sources")),
                html.Table(className="figures", id=ids.TABLE, children=[
                    html.Thead(html.Tr([html.Th(label, scope="col") for label in i18n.raw(lang, "sources_columns")])),
                    html.Tbody(body)]))
