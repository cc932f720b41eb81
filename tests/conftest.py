"""Fixtures and markers for the whole suite.

- `research` (fixture) and `requires_research` (marker): ../shared/research, the dossier outside the repository;
  a test that needs it skips, saying why, where it is absent.
- `network` (marker): runs only with VIGIA_NETWORK_TESTS=1.
- `browser` (fixture): one Playwright and one headless Debian Chromium for the whole run.
- `serving` (fixture): data packages made from the real one, and plain HTTP requests to a served app.
"""
from __future__ import annotations

import http.client
import json
import os
from pathlib import Path

import pytest

from dashboard.chromium import CHROMIUM, OFFLINE_ARGS
from etl.paths import CATALOGUE, PACKAGE, RESEARCH

TIMEOUT_MS = 15_000  # a cold map load is ~2-4 s on a small CI machine; this only bounds a failure
RESEARCH_ABSENT = (f"../shared/research is absent ({RESEARCH}): the transcription check and the readers' tests "
                   "on its sample files need it")


def pytest_configure(config):
    config.addinivalue_line("markers",
                            "network: needs the network (npm registry); runs only with VIGIA_NETWORK_TESTS=1")
    config.addinivalue_line("markers", "requires_research: reads ../shared/research; skipped where it is absent")


def pytest_collection_modifyitems(config, items):
    research = RESEARCH.is_dir()
    network = os.environ.get("VIGIA_NETWORK_TESTS") == "1"
    for item in items:
        if "network" in item.keywords and not network:
            item.add_marker(pytest.mark.skip(reason="network test: set VIGIA_NETWORK_TESTS=1 to run"))
        if "requires_research" in item.keywords and not research:
            item.add_marker(pytest.mark.skip(reason=RESEARCH_ABSENT))


@pytest.fixture(scope="session")
def research() -> Path:
    """../shared/research (etl.paths.RESEARCH); the test skips, saying why, where it is absent."""
    if not RESEARCH.is_dir():
        pytest.skip(RESEARCH_ABSENT)
    return RESEARCH


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


class Serving:
    """Helpers for the serving tests: data packages made from the real one, and requests on a loopback port."""

    @staticmethod
    def real_files() -> dict[str, bytes]:
        """The files of the published package (datasets/package), by name."""
        return {p.name: p.read_bytes() for p in PACKAGE.iterdir()}

    @staticmethod
    def rebuilt(tables: dict[str, bytes]) -> dict[str, bytes]:
        """A package from edited tables, with its datapackage.json (hashes, version) made as the build makes it."""
        from etl.catalogue import load_catalogue
        from etl.package import package_files
        return package_files(tables, load_catalogue(CATALOGUE))

    @classmethod
    def edited(cls, edit) -> dict[str, bytes]:
        """The real package with `edit(tables)` applied (tables: name -> CSV bytes)."""
        tables = {name[:-4]: data for name, data in cls.real_files().items() if name.endswith(".csv")}
        edit(tables)
        return cls.rebuilt(tables)

    @staticmethod
    def version_of(files: dict[str, bytes]) -> str:
        return json.loads(files["datapackage.json"])["version"]

    @staticmethod
    def datasets_with(files: dict[str, bytes], root: Path) -> Path:
        """A datasets folder with `files` published behind a pointer; returns the pointer."""
        from etl.package import publish
        pointer = root / "package"
        root.mkdir(parents=True, exist_ok=True)
        publish(files, pointer)
        return pointer

    @staticmethod
    def get(base: str, path: str, headers: dict | None = None, method: str = "GET", body: bytes | None = None,
            timeout: float = 30) -> tuple[int, dict, bytes]:
        """One request on a fresh connection (so that a killed worker's socket is never reused)."""
        host, port = base.removeprefix("http://").split(":")
        conn = http.client.HTTPConnection(host, int(port), timeout=timeout)
        try:
            conn.request(method, path, body=body, headers={**({"Content-Type": "application/json"} if body else {}),
                                                          **(headers or {})})
            response = conn.getresponse()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
        finally:
            conn.close()

    @classmethod
    def page_content(cls, base: str, path: str, search: str = "") -> tuple[int, dict, bytes]:
        """The page-content callback's answer for `path` + `search`, as the browser asks for it."""
        from tests.browserlike import page_request
        return cls.get(base, "/_dash-update-component", method="POST",
                       body=json.dumps(page_request(path, search)).encode())


@pytest.fixture(scope="session")
def serving() -> Serving:
    """Helpers for the serving tests (see `Serving`): serving.real_files(), serving.edited(edit),
    serving.datasets_with(files, root), serving.version_of(files), serving.get(base, path, ...),
    serving.page_content(base, path, search)."""
    return Serving()
