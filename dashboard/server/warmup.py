"""Warm-up: fill the response cache with the common views when a worker starts, by sending through the app
itself what a browser sends: a view's page-content callback (`page_request`), then the server callbacks the
browser calls once that content is drawn (`initial_requests`: the indicator page's chart, for one).

The views are the pages registered with `warm=True` in dash.page_registry (a page with a path_template: the
views its `path_variables(catalog)` lists), in both languages; see dashboard/pages/__init__.py."""
from __future__ import annotations

import logging
import re
import sys
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import dash

from dashboard.i18n import LANGS
from dashboard.server.cache import cacheable_outputs, callback_outputs
from dashboard.server.priority import nice

log = logging.getLogger("vigia.serve")
UPDATE = "/_dash-update-component"


def page_request(path: str, search: str = "") -> dict:
    """The page-content callback a browser sends for a path (Dash pages)."""
    return {"output": ".._pages_content.children..._pages_store.data..",
            "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
            "inputs": [{"id": "_pages_location", "property": "pathname", "value": path},
                       {"id": "_pages_location", "property": "search", "value": search}],
            "changedPropIds": ["_pages_location.pathname", "_pages_location.search"]}


def page_paths(page: dict, catalog) -> list[str]:
    """A registered page's path, or its path_template filled with each of its `path_variables(catalog)`."""
    template = page.get("path_template")
    if not template:
        return [page["path"]]

    def path(variables: dict) -> str:
        return re.sub(r"<(\w+)>", lambda m: quote(str(variables[m[1]]), safe=""), template)
    return [path(variables) for variables in sys.modules[page["module"]].path_variables(catalog)]


def warm_paths(catalog) -> list[tuple[str, str]]:
    """The views most visits go through (the pages registered with warm=True), with the query the app's own
    links carry (?lang=es / ?lang=en), and the bare address people type."""
    views = dict.fromkeys(path for page in dash.page_registry.values() if page.get("warm")
                          for path in page_paths(page, catalog))
    return [("/", "")] + [(v, f"?lang={lang}") for lang in LANGS for v in views]


def layout_values(node) -> Iterator[tuple[str, Any]]:
    """("id.property", value) of every component with an id in a layout as the app sends it (JSON)."""
    if isinstance(node, list):
        for item in node:
            yield from layout_values(item)
    elif isinstance(node, dict) and isinstance(node.get("props"), dict) and "type" in node:
        props = node["props"]
        if isinstance(props.get("id"), str):
            yield from ((f"{props['id']}.{name}", value) for name, value in props.items())
        for value in props.values():
            yield from layout_values(value)


def callback_request(dependency: dict, values: dict[str, Any]) -> dict:
    """A callback's request as the browser sends it on the callback's first call: `dependency` as the app lists
    it (/_dash-dependencies), `values` the page's properties ("id.property" -> value)."""
    spec = dependency["output"]
    outputs = [dict(zip(("id", "property"), part.split(".", 1), strict=True))
               for part in (spec[2:-2].split("...") if spec.startswith("..") else [spec])]

    def with_values(items: list[dict]) -> list[dict]:
        return [{"id": d["id"], "property": d["property"], "value": values[f"{d['id']}.{d['property']}"]}
                for d in items]
    return {"output": spec, "outputs": outputs if spec.startswith("..") else outputs[0],
            "inputs": with_values(dependency["inputs"]), "state": with_values(dependency["state"]),
            "changedPropIds": []}


chart_request = callback_request  # the name dashboard.server exports


def initial_requests(dependencies: list[dict], content) -> list[dict]:
    """The cached server callbacks the browser calls once a page's content (its layout as JSON) is drawn: not
    clientside, not prevent_initial_call, every input and state in the page."""
    values = dict(layout_values(content))
    cacheable = cacheable_outputs()
    return [callback_request(d, values) for d in dependencies
            if not d.get("clientside_function") and not d.get("prevent_initial_call")
            and cacheable & callback_outputs(d["output"])
            and all(f"{x['id']}.{x['property']}" in values for x in [*d["inputs"], *d["state"]])]


def warm(app, log=log.info) -> int:
    """Fill the response cache with the common views (and the callbacks the browser calls once each is drawn),
    in a low-priority thread, while the worker serves. With Redis, the first worker to get there fills it for
    all."""
    from dashboard.state import catalog
    nice()
    client, start, done, made = app.server.test_client(), time.perf_counter(), 0, 0
    try:
        dependencies = client.get("/_dash-dependencies").get_json()
        for path, search in warm_paths(catalog()):
            response = client.post(UPDATE, json=page_request(path, search))
            made, done = made + 1, done + (response.status_code == 200)
            if response.status_code != 200:
                continue
            for body in initial_requests(dependencies, response.get_json()["response"]["_pages_content"]["children"]):
                made, done = made + 1, done + (client.post(UPDATE, json=body).status_code == 200)
    finally:
        app.server.extensions["vigia"].warm = True
    log(f"warmed {done} of {made} views and charts in {time.perf_counter() - start:.1f} s")
    return done
