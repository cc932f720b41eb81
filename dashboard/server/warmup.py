"""Warm-up: fill the response cache with the common views and the overview's charts when a worker starts, by
sending the callbacks a browser would send (`page_request`, `chart_request`) through the app itself."""
from __future__ import annotations

import logging
import sys
import time

from dashboard.server.priority import nice

log = logging.getLogger("vigia.serve")


def page_request(path: str, search: str = "") -> dict:
    """The page-content callback a browser sends for a path (Dash pages)."""
    return {"output": ".._pages_content.children..._pages_store.data..",
            "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
            "inputs": [{"id": "_pages_location", "property": "pathname", "value": path},
                       {"id": "_pages_location", "property": "search", "value": search}],
            "changedPropIds": ["_pages_location.pathname", "_pages_location.search"]}


def warm_paths(catalog) -> list[tuple[str, str]]:
    """The views most visits go through: overview, map, indexes, every department, the overview's indicators,
    with the query the app's own links carry (?lang=es / ?lang=en), and the bare address people type."""
    from dashboard.panels import configured_panels
    views = ["/", "/mapa", "/indicador", "/fuentes", *(f"/region/{u}" for u in catalog.map_units),
             *dict.fromkeys(f"/indicador/{p['indicator']}" for p in configured_panels(catalog))]
    return [("/", "")] + [(v, f"?lang={lang}") for lang in ("es", "en") for v in views]


def chart_request(indicator: str, regions: list[str], lang: str) -> dict:
    """The indicator chart's callback, as the browser sends it once the page is drawn."""
    return {"output": "..ind-graph.figure...ind-summary.children...ind-downloads.children..",
            "outputs": [{"id": "ind-graph", "property": "figure"}, {"id": "ind-summary", "property": "children"},
                        {"id": "ind-downloads", "property": "children"}],
            "inputs": [{"id": "ind-regions", "property": "value", "value": regions}],
            "state": [{"id": "ind-id", "property": "data", "value": indicator},
                      {"id": "ind-lang", "property": "data", "value": lang}], "changedPropIds": []}


def warm(app, log=log.info) -> int:
    """Fill the response cache with the common views (and the first chart callback of the overview's
    indicators), in a low-priority thread, while the worker serves. With Redis, the first worker to get
    there fills it for all."""
    import dash

    from dashboard.panels import configured_panels
    from dashboard.state import catalog
    nice()
    client, start, done = app.server.test_client(), time.perf_counter(), 0
    requests = [page_request(path, search) for path, search in warm_paths(catalog())]
    page = next((sys.modules.get(p["module"]) for p in dash.page_registry.values()
                 if p.get("path_template") == "/indicador/<indicator_id>"), None)
    if page is not None and hasattr(page, "default_places"):  # the indicator page's own choice of places
        for indicator in dict.fromkeys(p["indicator"] for p in configured_panels(catalog())):
            requests += [chart_request(indicator, page.default_places(indicator), lang) for lang in ("es", "en")]
    try:
        for body in requests:
            done += client.post("/_dash-update-component", json=body).status_code == 200
    finally:
        app.server.extensions["vigia"].warm = True
    log(f"warmed {done} of {len(requests)} views and charts in {time.perf_counter() - start:.1f} s")
    return done
