"""The pages tests render the app's registered pages with the published package."""
from __future__ import annotations

import pytest

from dashboard import state
from tests.dashboard.trees import app_catalog


@pytest.fixture(autouse=True)
def this_package(app):
    """The pages read the catalog create_app set; another test may have set another since."""
    state.set_catalog(app_catalog())
