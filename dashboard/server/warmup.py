"""Warm-up: fill the builders' cache (dashboard.cache) with the common views when a worker starts, by calling
the builders: each warm view's layout (which builds its figures, and the indicator page's chart as its chart
callback asks for it), and what a page module lists in its optional `warm_builders(catalog, lang)` (the map's
figure and texts of every indicator, so an indicator change is a cache hit).

The views are the pages registered with `warm=True` in dash.page_registry (a page with a path_template: the
views its `path_variables(catalog)` lists), in both languages; see dashboard/pages/__init__.py."""
from __future__ import annotations

import logging
import re
import sys
import time
from urllib.parse import quote

import dash

from dashboard.i18n import LANGS
from dashboard.server.priority import nice

log = logging.getLogger("vigia.serve")


def page_paths(page: dict, catalog) -> list[str]:
    """A registered page's path, or its path_template filled with each of its `path_variables(catalog)`."""
    return [path for path, _ in page_views(page, catalog)]


def page_views(page: dict, catalog) -> list[tuple[str, dict]]:
    """(path, path variables) of a registered page's common views."""
    template = page.get("path_template")
    if not template:
        return [(page["path"], {})]

    def path(variables: dict) -> str:
        return re.sub(r"<(\w+)>", lambda m: quote(str(variables[m[1]]), safe=""), template)
    return [(path(variables), variables) for variables in sys.modules[page["module"]].path_variables(catalog)]


def warm_paths(catalog) -> list[tuple[str, str]]:
    """The views most visits go through (the pages registered with warm=True), with the query the app's own
    links carry (?lang=es / ?lang=en), and the bare address people type."""
    views = dict.fromkeys(path for page in dash.page_registry.values() if page.get("warm")
                          for path in page_paths(page, catalog))
    return [("/", "")] + [(v, f"?lang={lang}") for lang in LANGS for v in views]


def warm(app, log=log.info) -> int:
    """Fill the builders' cache with the common views, in a low-priority thread, while the worker serves. With
    Redis, the first worker to get there fills it for all. Returns the number of views and builders made."""
    from dashboard.state import catalog
    nice()
    server, start, done, made = app.server, time.perf_counter(), 0, 0
    c = catalog()
    try:
        for page in dash.page_registry.values():
            if not page.get("warm"):
                continue
            module = sys.modules[page["module"]]
            for lang in LANGS:
                for path, variables in page_views(page, c):
                    made += 1
                    try:
                        with server.test_request_context(path, query_string={"lang": lang}):
                            page["layout"](**variables, lang=lang)
                        done += 1
                    except Exception:
                        log(f"warm-up: {path} ({lang}) failed")
                extra = getattr(module, "warm_builders", None)
                if extra:
                    made += 1
                    with server.app_context():
                        extra(c, lang)
                    done += 1
    finally:
        server.extensions["vigia"].warm = True
    log(f"warmed {done} of {made} views and builders in {time.perf_counter() - start:.1f} s")
    return done
