import os
from pathlib import Path

import pytest

from dashboard.chromium import CHROMIUM, OFFLINE_ARGS

TIMEOUT_MS = 15_000  # a cold map load is ~2-4 s on a small CI machine; this only bounds a failure


def pytest_configure(config):
    config.addinivalue_line("markers", "network: needs the network (npm registry); runs only with VIGIA_NETWORK_TESTS=1")


def pytest_collection_modifyitems(config, items):
    if os.environ.get("VIGIA_NETWORK_TESTS") == "1":
        return
    skip = pytest.mark.skip(reason="network test: set VIGIA_NETWORK_TESTS=1 to run")
    for item in items:
        if "network" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    """One Playwright and one headless Debian Chromium for the whole run (Playwright's sync API allows
    only one at a time in a process); tests open their own contexts and pages."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"browser tests need Debian Chromium at {CHROMIUM} (apt-get install -y chromium "
                    "fonts-dejavu-core, or `make test` as root); `playwright install` is not used")
    sync_api = pytest.importorskip("playwright.sync_api", reason="browser tests need the playwright package")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=OFFLINE_ARGS)
        sync_api.expect.set_options(timeout=TIMEOUT_MS)
        yield browser
        browser.close()
