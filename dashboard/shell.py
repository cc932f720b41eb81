"""What every page shares: header with navigation and language switch, notices, footer with provenance.

The navigation is the registered pages with a `nav` label (dash.page_registry, in their `order`; see
dashboard/pages/__init__.py)."""
from __future__ import annotations

from typing import Any

import dash
from dash import dcc, html

from dashboard import i18n
from dashboard.state import catalog
from dashboard.urlstate import href, request_lang

# ids the browser's script (assets/vigia.js: the language switch follows the map's state) and the tests share
MAIN = "main"
LANG_SWITCH = "lang-switch"
DATA_AS_OF = "data-as-of"
DOWNLOAD_PACKAGE = "download-package"


def title(text: str) -> str:
    """A page's <title>: what it shows first, the site after ("Loreto — Vigía")."""
    return f"{text} — {i18n.t(DEFAULT_TITLE_LANG, 'app_title')}"


DEFAULT_TITLE_LANG = i18n.DEFAULT_LANG  # "Vigía" is the same word in both languages


def titled(key: str):
    """A page's title function (dash.register_page's `title`) for a fixed locale key, in the view's language."""
    return lambda **_: title(i18n.t(request_lang(), key))


def navigation() -> list[tuple[str, str]]:
    """(path, locale key of its label) of the pages in the navigation, in their order."""
    return [(p["path"], p["nav"]) for p in dash.page_registry.values() if p.get("nav")]


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
                     className="active" if section == target else "") for target, key in navigation()]),
        html.A(i18n.t(lang, "language_switch"), href=href(path, **{**params, "lang": other}), id=LANG_SWITCH,
               lang=other, title=i18n.t(lang, "language_switch_label"), className="lang-switch"),
    ])
    alerts = [html.P(n, className="notice", role="status") for n in notices]
    footer = html.Footer(className="site-footer", children=[
        html.P(i18n.t(lang, "data_as_of", date=package.release_date, version=package.version), id=DATA_AS_OF),
        html.A(i18n.t(lang, "download_package"), href="/download/vigia-datapackage.zip", id=DOWNLOAD_PACKAGE),
    ])
    return html.Div(lang=lang, className="page", children=[header, html.Main(id=MAIN, children=[*alerts, *content]),
                                                             footer])


def index_title(path: str) -> str:
    """The <title> of the page at `path`, in the view's language: its page's title function (dash.register_page)."""
    from dash._pages import _path_to_page  # Dash's own path matching, as its page callback does

    found, variables = _path_to_page(path.strip("/"))
    if not found:
        found = next((p for p in dash.page_registry.values() if p["module"].endswith("not_found_404")), {})
    value = found.get("title", i18n.t(i18n.DEFAULT_LANG, "app_title"))
    return str(value(**(variables or {})) if callable(value) else value)


def localize_index(app: dash.Dash) -> None:
    """The HTML page Dash serves says the view's language (<html lang>) and its title ("Loreto — Vigía"), so both
    are right before any script runs (and for readers and robots that run none)."""
    from html import escape

    from flask import request

    plain = app.interpolate_index

    def interpolate_index(**kwargs) -> str:
        kwargs["title"] = escape(index_title(request.path))
        lang = request_lang()
        kwargs["metas"] = kwargs.get("metas", "").replace(escape(i18n.t(i18n.DEFAULT_LANG, "meta_description")),
                                                          escape(i18n.t(lang, "meta_description")))
        return plain(**kwargs).replace("<html>", f'<html lang="{lang}">', 1)

    app.interpolate_index = interpolate_index  # type: ignore[method-assign,assignment]  # Dash's override point
