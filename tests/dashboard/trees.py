"""Pages as component trees, without a browser: the app whose registry holds them, a page's module and layout,
and walking a tree (its components, its text, its links); layouts as Dash sends them (JSON)."""
from __future__ import annotations

import json
import sys
from functools import cache
from types import ModuleType

import dash
from dash import dcc, html
from dash.development.base_component import Component
from plotly.io.json import to_json_plotly

from dashboard import state
from dashboard.catalog import Catalog

HEADINGS = (html.H1, html.H2, html.H3, html.H4)
_made: dict[str, Catalog] = {}


@cache
def app() -> dash.Dash:
    """One app for the session: Dash fills its page registry when the app is created."""
    from dashboard.app import create_app
    made = create_app()
    _made["catalog"] = state.catalog()
    return made


def app_catalog() -> Catalog:
    """The catalog of the app's package (create_app set it; another test may have set another since)."""
    app()
    return _made["catalog"]


def name(module: str) -> str:
    """A registered page's name: its module's, as in dashboard/pages ("pages.map" -> "map")."""
    return module.rsplit(".", 1)[-1]


def registered(page: str) -> dict:
    """The registry's entry of a page, by name."""
    app()
    return next(p for m, p in dash.page_registry.items() if name(m) == page)


def module(page: str) -> ModuleType:
    """A page's module as Dash imported it (under its own module name, not dashboard.pages.*)."""
    return sys.modules[registered(page)["module"]]


def layout(page: str, lang: str = "es", **query) -> Component:
    """A page's layout for its path variables and query (what Dash passes the layout function)."""
    return registered(page)["layout"](lang=lang, **query)


def walk(node):
    """Every component in a tree, depth first (children and any other property that holds components)."""
    if isinstance(node, list | tuple):
        for item in node:
            yield from walk(item)
    elif isinstance(node, Component):
        yield node
        for prop in node._prop_names:
            value = getattr(node, prop, None)
            if isinstance(value, Component | list | tuple):
                yield from walk(value)


def text(node) -> str:
    if isinstance(node, str | int | float):
        return str(node)
    if isinstance(node, list | tuple):
        return "".join(text(n) for n in node)
    if isinstance(node, Component):
        return text(getattr(node, "children", None))
    return ""


def by_id(tree: Component, component_id: str) -> Component:
    found = [c for c in walk(tree) if getattr(c, "id", None) == component_id]
    assert len(found) == 1, f"{len(found)} components with id {component_id!r}"
    return found[0]


def headings(tree: Component) -> list[tuple[str, str]]:
    """(H1..H4, text) of a tree's headings, in order."""
    return [(type(c).__name__, text(c).strip()) for c in walk(tree) if isinstance(c, HEADINGS)]


def notices(tree: Component) -> list[str]:
    return [text(c) for c in walk(tree) if "notice" in (getattr(c, "className", None) or "").split()]


def links(tree: Component) -> list[str]:
    """The href of every link (dcc.Link, html.A) in a tree."""
    return [c.href for c in walk(tree)
            if isinstance(c, dcc.Link | html.A) and isinstance(getattr(c, "href", None), str)]


def json_components(node):
    """(type, props) of every component in a layout as the app sends it (JSON)."""
    if isinstance(node, list):
        for item in node:
            yield from json_components(item)
    elif isinstance(node, dict):
        if isinstance(node.get("props"), dict) and "type" in node:
            yield node["type"], node["props"]
        for value in node.values():
            yield from json_components(value)


def json_of(value):
    return json.loads(to_json_plotly(value))
