"""The catalog the pages read: set once by create_app before Dash imports the page modules."""
from __future__ import annotations

from dashboard.catalog import Catalog

_catalog: Catalog | None = None


def set_catalog(catalog: Catalog) -> None:
    global _catalog
    _catalog = catalog


def catalog() -> Catalog:
    if _catalog is None:
        raise RuntimeError("dashboard.state.set_catalog() must run before pages render")
    return _catalog
