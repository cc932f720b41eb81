"""Browser fixtures: one live Vigía server and one headless Debian Chromium for the whole session.

Every test gets a fresh page that records console errors, page errors and every request that leaves
127.0.0.1; the page fixture fails the test at teardown if there was any. Chromium's host resolver maps
every name except 127.0.0.1 to NOTFOUND, so "works offline" is checked, not assumed.

Chromium comes from Debian (`apt-get install chromium`), never from `playwright install`.
"""
from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from string import Template
from urllib.parse import urlsplit

import pytest

from dashboard.pages import map_ids

VIEWPORT = {"width": 1280, "height": 900}
TIMEOUT_MS = 15_000  # a cold map load is ~2-4 s on a small CI machine; this only bounds a failure
LOCAL_SCHEMES = ("data:", "blob:", "about:")
# true once the map shows exactly the expected {"geo|loc": "rgb(...)"} fills (also read by bench/bench_map.py)
FILLS_ARE = Template("""(expected) => {
    const paths = document.querySelectorAll('#$graph path.choroplethlocation');
    if (paths.length !== Object.keys(expected).length) return false;
    for (const p of paths) {
        const geo = p.closest('g.geo').classList.contains('geo2') ? 'geo2' : 'geo';
        if (!p.__data__ || expected[geo + '|' + p.__data__.loc] !== getComputedStyle(p).fill) return false;
    }
    return true;
}""").substitute(graph=map_ids.GRAPH)


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: drives headless Chromium (deselect with -m 'not browser')")


def is_local(url: str) -> bool:
    if url.startswith(LOCAL_SCHEMES):
        return True
    return urlsplit(url).hostname == "127.0.0.1"


@dataclass
class BrowserLog:
    """What one page did: console errors, uncaught page errors, requests (all of them, and the external ones)."""
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    requests: list = field(default_factory=list)  # playwright Request objects, in order

    def attach(self, page) -> None:
        page.on("console", self._on_console)
        page.on("pageerror", lambda e: self.page_errors.append(str(e)))
        page.on("request", self._on_request)
        page.on("requestfailed", lambda r: self.failed.append(f"{r.method} {r.url}: {r.failure}"))

    def _on_console(self, message) -> None:
        if message.type == "error":
            self.console_errors.append(f"{message.text} @ {message.location}")

    def _on_request(self, request) -> None:
        self.requests.append(request)
        if not is_local(request.url):
            self.external.append(f"{request.method} {request.url}")

    def mark(self) -> int:
        """Position in the request log; `since(mark)` gives the requests made after it."""
        return len(self.requests)

    def since(self, mark: int) -> list:
        return self.requests[mark:]

    def dash_updates(self, mark: int = 0) -> list:
        return [r for r in self.requests[mark:] if "/_dash-update-component" in r.url]

    def problems(self) -> list[str]:
        return ([f"console error: {e}" for e in self.console_errors] + [f"page error: {e}" for e in self.page_errors]
                + [f"external request: {e}" for e in self.external])


@pytest.fixture(scope="session")
def vigia_app():
    from dashboard.app import create_app
    return create_app()


@pytest.fixture(scope="session")
def live_server(vigia_app):
    """The Vigía app on a free loopback port (werkzeug, threaded, daemon thread); yields its base URL."""
    from werkzeug.serving import make_server
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no access log in the test output
    server = make_server("127.0.0.1", 0, vigia_app.server, threaded=True)  # port 0: the OS picks a free port
    thread = threading.Thread(target=server.serve_forever, name="vigia-live-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser_context(browser):
    """One context for the session: the HTTP cache is shared, so plotly.js is parsed from cache after the
    first page. Nothing in the app keeps state in cookies or storage, so pages stay independent."""
    context = browser.new_context(viewport=VIEWPORT, locale="es-PE", timezone_id="America/Lima")
    context.set_default_timeout(TIMEOUT_MS)
    yield context
    context.close()


@pytest.fixture(scope="session")
def fills_are() -> str:
    """JavaScript for `page.wait_for_function(fills_are, arg=expected)`: true once the map shows exactly the
    expected {"geo|loc": "rgb(...)"} fills."""
    return FILLS_ARE


@pytest.fixture
def browser_log():
    return BrowserLog()


@pytest.fixture
def page(browser_context, browser_log):
    page = browser_context.new_page()
    browser_log.attach(page)
    yield page
    page.close()
    problems = browser_log.problems()
    assert not problems, "the page logged errors or left 127.0.0.1:\n" + "\n".join(problems)
