"""The views. Dash imports every module of this folder that calls `dash.register_page` (dashboard.app); each
registers itself with Dash's keys (path or path_template, title, `order`: its place in the registry and the
navigation) and these custom keys, read from `dash.page_registry`:

    nav         the locale key of its label in the navigation (dashboard.shell), or None: not in it
    warm        True: the warm-up (dashboard.server.warmup) fills the cache with it, in both languages
    embeddable  whether it may be shown inside another site's page (False for all, for now)
    cached      the outputs ("id.property") of its server callbacks whose answer depends only on their inputs,
                their state and the package: the response cache (dashboard.server.cache) keeps those answers

A page with a path_template also defines `path_variables(catalog) -> list[dict]`: its common views (what the
warm-up fills; the first is the one the tests render). Its strings are in locales/es.yaml and locales/en.yaml.

Component ids that a page shares with anything else (its callbacks, the server, the tests) are constants in
`<page>_ids.py` beside it, which anything may import (a page module is imported by Dash only, under its own
module name). Those modules must not mention Dash's page function by name, or Dash would load them as pages.
"""
