"""What every page shares: header with navigation and language switch, notices, footer with provenance."""
from __future__ import annotations

from typing import Any

from dash import dcc, html

from dashboard import i18n
from dashboard.state import catalog
from dashboard.urlstate import href

NAV = [("/", "nav_overview"), ("/mapa", "nav_map"), ("/indicador", "nav_indicator"), ("/fuentes", "nav_sources")]


def page(lang: str, path: str, params: dict, notices: list[str], *content) -> html.Div:
    other = "en" if lang == "es" else "es"
    package = catalog().package
    section = "/" + path.strip("/").split("/")[0] if path != "/" else "/"
    nav_label: dict[str, Any] = {"aria-label": "main"}  # Any: mypy checks a ** dict against every keyword
    header = html.Header(className="site-header", children=[
        html.Div(className="brand", children=[
            dcc.Link(i18n.t(lang, "app_title"), href=href("/", lang=lang), className="brand-name"),
            html.Span(i18n.t(lang, "app_subtitle"), className="brand-sub")]),
        html.Nav(className="site-nav", **nav_label, children=[
            dcc.Link(i18n.t(lang, key), href=href(target, lang=lang),
                     className="active" if section == target else "") for target, key in NAV]),
        html.A(i18n.t(lang, "language_switch"), href=href(path, **{**params, "lang": other}), id="lang-switch",
               lang=other, title=i18n.t(lang, "language_switch_label"), className="lang-switch"),
    ])
    alerts = [html.P(n, className="notice", role="status") for n in notices]
    footer = html.Footer(className="site-footer", children=[
        html.P(i18n.t(lang, "data_as_of", date=package.release_date, version=package.version), id="data-as-of"),
        html.A(i18n.t(lang, "download_package"), href="/download/vigia-datapackage.zip", id="download-package"),
    ])
    return html.Div(lang=lang, className="page", children=[header, html.Main(id="main", children=[*alerts, *content]),
                                                             footer])
