"""The views. Dash imports every module of this folder that calls `dash.register_page` (dashboard.app); each
registers itself with Dash's keys (path or path_template, title, `order`: its place in the registry and the
navigation) and these custom keys, read from `dash.page_registry`:

    nav         the locale key of its label in the navigation (dashboard.shell), or None: not in it
    warm        True: the warm-up (dashboard.server.warmup) calls its layout, in both languages, which fills
                the builders' cache (dashboard.cache) with what it builds
    embeddable  whether it may be shown inside another site's page (False for all, for now)

What is expensive in a page (figures, whole layouts that do not depend on the request, a callback's answer) is
a builder decorated with `dashboard.cache.memoize`: a pure function of its arguments, a Catalog among them.
A page whose view has parameters checks them in `layout` (an unknown value: the nearest view and a notice) and
asks its builder for the checked view; a view with notices is built each time, never kept (arbitrary text in
an address would fill the cache).
A page may also define `warm_builders(catalog, lang)`: more builders the warm-up calls (the map's indicators).

A page with a path_template also defines `path_variables(catalog) -> list[dict]`: its common views (what the
warm-up fills; the first is the one the tests render). Its strings are in locales/es.yaml and locales/en.yaml.

Component ids that a page shares with anything else (its callbacks, the server, the tests) are constants in
`<page>_ids.py` beside it, which anything may import (a page module is imported by Dash only, under its own
module name). Those modules must not mention Dash's page function by name, or Dash would load them as pages.
"""
