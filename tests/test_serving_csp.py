"""The Content-Security-Policy in Chromium: every view works under it with no violation, each exception in it is
needed (drop one and a view breaks the policy), a script that was not in the served page does not run, and
hostile text in the data or in the URL reaches the page as text, never as markup.

Needs Debian's Chromium (apt-get install chromium) and the playwright package; skipped without them.
"""
from __future__ import annotations

import logging
import threading

import pytest

from dashboard.server import CSP_EXCEPTIONS

WATCH = """window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(
    {directive: e.effectiveDirective, blocked: e.blockedURI, source: e.sourceFile}));"""
MAP = "#map-graph path.choroplethlocation"


@pytest.fixture(scope="module")
def live():
    """The app with the real package, on a free loopback port, in this process."""
    from werkzeug.serving import make_server

    from dashboard.app import create_app
    app = create_app()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", app.server.extensions["vigia"].policy
    server.shutdown()


@pytest.fixture(scope="module")
def context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    context.set_default_timeout(20_000)
    context.add_init_script(WATCH)
    yield context
    context.close()


class Visit:
    def __init__(self, context, base):
        self.page = context.new_page()
        self.base = base
        self.console: list[str] = []
        self.page.on("console", lambda m: self.console.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.console.append(f"page error: {e}"))

    def go(self, path: str, ready: str):
        self.page.goto(self.base + path)
        self.page.wait_for_selector(ready)
        self.page.wait_for_timeout(150)
        return self

    def violations(self) -> list[dict]:
        return self.page.evaluate("window.__csp")

    def close(self):
        self.page.close()


def test_every_view_works_under_the_policy_with_no_violation(live, context):
    base, policy = live
    assert policy.hashes and not policy.dropped
    visit = Visit(context, base)
    seen = {}
    try:
        visit.go("/", ".panel img.sparkline")
        seen["/"] = visit.violations()
        visit.go("/mapa?indicator=coca_area&year=2024", MAP)
        visit.page.mouse.move(640, 520)  # hover labels over the map
        visit.page.focus("#map-year .rc-slider-handle, #map-year [role=slider]")
        visit.page.keyboard.press("ArrowLeft")  # a year change: runs in the browser
        visit.page.click("#map-play")
        visit.page.wait_for_timeout(1200)  # one step of "play" (1.1 s)
        visit.page.click("#map-play")
        visit.page.click("#map-indicator")
        visit.page.locator("[role=option]").nth(2).click()  # an indicator change: a callback
        visit.page.wait_for_timeout(800)
        visit.page.click("#map-table >> xpath=ancestor::details/summary")
        seen["/mapa"] = visit.violations()
        visit.go("/indicador/coca_area?regions=PE,PE-LOR", "#ind-graph .main-svg")
        visit.page.hover("#ind-graph .main-svg")
        with visit.page.expect_download() as download:  # plotly's own "Download plot as a PNG"
            visit.page.click('#ind-graph .modebar-btn[data-title*="PNG" i]')
        assert download.value.suggested_filename.endswith(".png")
        seen["/indicador/coca_area"] = visit.violations()
        for path, ready in (("/region/PE-UCA", ".region-indicator .main-svg"), ("/indicador", "h1"),
                            ("/indicador/forest_loss?tab=table&lang=en", "#ind-table tbody tr"),
                            ("/fuentes", "#sources-table"), ("/no-such-page?lang=en", "h1")):
            visit.go(path, ready)
            seen[path] = visit.violations()
        csp_messages = [m for m in visit.console if "Content Security Policy" in m]
    finally:
        visit.close()
    assert all(v == [] for v in seen.values()), {k: v[:3] for k, v in seen.items() if v}
    assert not csp_messages, csp_messages[:3]
    assert not visit.console, visit.console[:3]


NEEDS = {  # each exception, the view that needs it, and what then breaks
    ("style-src", "'unsafe-inline'"): ("/mapa", MAP, None, "style-src"),
    ("img-src", "data:"): ("/", ".panel img.sparkline", None, "img-src"),
    ("img-src", "blob:"): ("/indicador/coca_area", "#ind-graph .main-svg", "png", "img-src"),
}


@pytest.mark.parametrize("exception", [(d, s) for d, s, _ in CSP_EXCEPTIONS], ids=lambda e: " ".join(e))
def test_each_exception_in_the_policy_is_needed(live, context, exception):
    base, policy = live
    path, ready, action, directive = NEEDS[exception]
    policy.dropped = {exception}
    visit = Visit(context, base)
    try:
        visit.go(path, ready)
        if action == "png":
            visit.page.hover("#ind-graph .main-svg")
            visit.page.click('#ind-graph .modebar-btn[data-title*="PNG" i]')
            visit.page.wait_for_function("window.__csp.length > 0", timeout=10_000)
        violations = visit.violations()
    finally:
        policy.dropped = set()
        visit.close()
    assert any(v["directive"].startswith(directive) for v in violations), violations[:3]
    if exception[0] == "img-src":
        assert {v["blocked"] for v in violations} == {exception[1].rstrip(":")}


def test_a_script_that_was_not_in_the_served_page_does_not_run(live, context):
    base, _ = live
    visit = Visit(context, base)
    try:
        visit.go("/", ".panel")
        visit.page.evaluate("""() => {
            const s = document.createElement('script'); s.textContent = 'window.__ran = 1'; document.body.append(s);
            document.body.insertAdjacentHTML('beforeend', '<img src="/x.png" onerror="window.__ran = 2">');
            const a = document.createElement('a'); a.href = 'javascript:window.__ran = 3';
            document.body.append(a); a.click();
        }""")
        visit.page.wait_for_timeout(500)
        assert visit.page.evaluate("window.__ran") is None
        directives = {v["directive"] for v in visit.violations()}
    finally:
        visit.close()
    assert {"script-src-elem", "script-src-attr"} <= directives or "script-src" in directives, directives


# ------------------------------------------------------------------------------------- hostile text

MARK = "xss-probe"


def inject(field: str) -> str:
    return (f'<img src=x class="{MARK}" onerror="window.__xss=\'{field}\'"><script>window.__xss=\'{field}\'</script>'
            f"[{MARK}](javascript:window.__xss='{field}')")


def hostile_data(tables):
    import csv
    import io

    def rewrite(name, columns, url_column=None, filled_only=()):
        rows = list(csv.DictReader(io.StringIO(tables[name].decode())))
        for row in rows:
            for column in columns:  # a column the package lacks is a KeyError: the test must follow the package
                if column in filled_only and not row[column]:
                    continue  # a dimension: text in an empty cell would give every figure a scope it has not
                row[column] = row[column] + " " + inject(f"{name}.{column}")
            if url_column:
                row[url_column] = f"javascript:window.__xss='{name}.{url_column}'"
        out = io.StringIO()
        writer = csv.DictWriter(out, list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        tables[name] = out.getvalue().encode()
    rewrite("sources", ["origin_publisher", "origin_title", "channel_name", "channel_title"],
            url_column="url")
    rewrite("facts", ["statement_es", "statement_en"])
    rewrite("observations", ["note_es", "note_en", "locator_es", "locator_en", "scope_es", "scope_en"],
            filled_only=("scope_es", "scope_en"))
    rewrite("places", ["name_es", "name_en"])
    rewrite("indicators", ["name_es", "definition_es"])
    rewrite("indicator_notes", ["text_es", "text_en"])
    rewrite("events", ["title_es"])


@pytest.fixture(scope="module")
def hostile(tmp_path_factory, serving):
    """gunicorn (one worker) serving a package whose every text carries markup, scripts and a javascript: link."""
    from bench.bench_load import Gunicorn
    root = tmp_path_factory.mktemp("hostile")
    pointer = serving.datasets_with(serving.edited(hostile_data), root / "datasets")
    server = Gunicorn(1, env={"VIGIA_PACKAGE": str(pointer), "VIGIA_PRECOMPRESS": "0", "VIGIA_WARM": "0"},
                      log=root / "gunicorn.log")
    server.start(timeout=90)
    yield server.base
    server.stop(graceful=False)


FIND_MARKUP = """() => {
    const bad = [];
    for (const el of document.querySelectorAll('*')) {
        for (const attr of el.attributes) {
            if (/^on/i.test(attr.name)) bad.push(el.tagName + ' ' + attr.name);
            if (/^\\s*javascript:/i.test(attr.value)) bad.push(el.tagName + ' ' + attr.name + '=' + attr.value);
        }
        if (el.classList && el.classList.contains('xss-probe')) bad.push('injected ' + el.tagName);
    }
    return {bad, xss: window.__xss === undefined ? null : window.__xss, text: document.body.innerText};
}"""

PROBE = '"><img src=x class=xss-probe onerror=window.__xss=1>'
HOSTILE_VISITS = [  # hostile data everywhere; hostile URL parameters on the last four
    ("/", ".panel"),
    ("/fuentes", "#sources-table"),
    ("/indicador/coca_area?regions=PE,PE-UCA&tab=table", "#ind-table tbody tr"),
    (f"/region/{PROBE}?lang=javascript:alert(1)", ".region-indicator .main-svg"),
    (f"/indicador/coca_area?regions=PE,PE-UCA,{PROBE}&lang=<svg/onload=window.__xss=1>", "#ind-graph .main-svg"),
    ("/mapa?indicator=<svg/onload=window.__xss=1>&year=javascript:alert(1)", MAP),
]


def test_hostile_text_in_the_data_or_the_url_reaches_the_page_as_text(hostile, context):
    visit = Visit(context, hostile)
    found = {}
    try:
        for path, ready in HOSTILE_VISITS:
            visit.go(path, ready)
            if ready == MAP:
                visit.page.mouse.move(640, 520)
                visit.page.click("#map-table >> xpath=ancestor::details/summary")
            if ready.startswith("#ind-graph"):
                visit.page.hover("#ind-graph .main-svg")
            for link in visit.page.locator("#sources-table a, #map-table a").all()[:3]:
                link.click(modifiers=["Alt"], no_wait_after=True)  # a javascript: link must not run
            visit.page.wait_for_timeout(150)
            found[path] = visit.page.evaluate(FIND_MARKUP)
    finally:
        visit.close()
    for path, result in found.items():
        assert result["xss"] is None, (path, result["xss"])
        assert not result["bad"], (path, result["bad"][:5])
    assert all("<img src=x" in r["text"] or "<script>" in r["text"] for r in found.values())  # shown, as text
