"""Fixtures of the dashboard's tests.

- `small`: a Catalog of the small package (tests/dashboard/smallpackage.py), whose answers can be worked out
  by hand.
- `published`: a Catalog of the published package (datasets/package); tests on it read what they expect
  from it, never a count the data can change.
- `app`, `client`: one Dash app of the published package for the session, and a test client of it whose
  catalog the pages and downloads read (dashboard.state).
"""
from __future__ import annotations

import pytest

from dashboard import state
from dashboard.catalog import Catalog
from dashboard.data import load_package
from tests.dashboard import trees
from tests.dashboard.smallpackage import small_package


@pytest.fixture(scope="session")
def small() -> Catalog:
    return Catalog(small_package())


@pytest.fixture(scope="session")
def published() -> Catalog:
    return Catalog(load_package())


@pytest.fixture(scope="session")
def app():
    return trees.app()


@pytest.fixture
def client(app):
    """A test client of the app, whose catalog the pages and downloads read (another test may have set another)."""
    state.set_catalog(trees.app_catalog())
    return app.server.test_client()
