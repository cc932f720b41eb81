"""What a browser sends, for the tests that talk to the app as a browser does without one: Dash's page-content
request for a path (the server never builds or reads these; it caches the builders, dashboard.cache)."""
from __future__ import annotations


def page_request(path: str, search: str = "") -> dict:
    """The page-content callback a browser sends for a path (Dash pages' protocol)."""
    return {"output": ".._pages_content.children..._pages_store.data..",
            "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
            "inputs": [{"id": "_pages_location", "property": "pathname", "value": path},
                       {"id": "_pages_location", "property": "search", "value": search}],
            "changedPropIds": ["_pages_location.pathname", "_pages_location.search"]}
