"""Security without a browser: headers and the script hashes, debug off and loopback by default, URL parameters
validated and never turned into markup, spreadsheet formulas neutralised in every export, dependencies pinned.
(tests/test_serving_csp.py checks the policy and the escaping in Chromium.)"""
from __future__ import annotations

import csv
import io
import json
import re
import runpy
import tomllib

import pytest

from dashboard import state
from dashboard.app import create_app
from dashboard.data import load_package
from dashboard.server import CSP_EXCEPTIONS, Policy, inline_scripts, script_hash
from etl.paths import PACKAGE, ROOT
from tests.browserlike import page_request

VIEWS = ["/", "/?lang=en", "/mapa", "/mapa?indicator=forest_loss&year=2020", "/region/PE-UCA", "/indicador",
         "/indicador/coca_area?regions=PE,PE-LOR", "/fuentes", "/no-such-page"]
HOSTILE = '"><img src=x onerror="window.__xss=1"><script>window.__xss=2</script>'


@pytest.fixture(scope="module")
def app():
    return create_app()


@pytest.fixture(scope="module")
def client(app):
    return app.server.test_client()


def test_every_inline_script_of_every_view_is_allowed_by_its_hash_and_nothing_else(app, client):
    policy = app.server.extensions["vigia"].policy
    header = client.get("/").headers["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in header.split(";"))
    script_src = directives["script-src"].split()
    assert script_src[0] == "'self'" and all(s.startswith("'sha256-") for s in script_src[1:])
    assert "'unsafe-inline'" not in directives["script-src"] and "'unsafe-eval'" not in header
    for view in VIEWS:
        page = client.get(view).get_data(as_text=True)
        scripts = inline_scripts(page)
        assert len(scripts) >= 2  # Dash's clientside callbacks and the renderer start-up
        assert {script_hash(s) for s in scripts} == set(policy.hashes), view
    # the hashes are those of the page the app serves, computed at start-up: another script is not allowed
    assert script_hash("window.__xss=1") not in header
    assert "_dash-config" not in "".join(inline_scripts(client.get("/").get_data(as_text=True)))  # JSON, not run


def test_the_policy_is_own_origin_only_with_each_exception_named():
    header = Policy(["'sha256-x'"]).header()
    assert header.startswith("default-src 'self'; script-src 'self' 'sha256-x'; ")
    for directive in ("frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'", "form-action 'self'",
                      "connect-src 'self'", "font-src 'self'", "worker-src 'none'"):
        assert directive in header
    sources = re.findall(r"(?:https?:|\*)", header)
    assert not sources, "no other origin is allowed"
    named = {(d, s) for d, s, reason in CSP_EXCEPTIONS if len(reason) > 30}
    assert named == {("style-src", "'unsafe-inline'"), ("img-src", "data:"), ("img-src", "blob:")}


def test_debug_is_off_and_errors_show_no_traceback(app, client):
    assert app.server.debug is False and not app.server.config.get("DEBUG")
    response = client.post("/_dash-update-component", data="{not json", content_type="application/json")
    assert response.status_code in (400, 500) and b"Traceback" not in response.data
    assert response.headers["Content-Security-Policy"]


def test_the_server_binds_to_loopback_unless_told_otherwise(monkeypatch):
    for name in ("VIGIA_BIND", "VIGIA_WORKERS", "VIGIA_PRECOMPRESS"):
        monkeypatch.delenv(name, raising=False)
    conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert conf["bind"] == "127.0.0.1:8050" and conf["preload_app"] is False and conf["worker_class"] == "gthread"
    assert conf["workers"] >= 2 and conf.get("reload", False) is False
    monkeypatch.setenv("VIGIA_BIND", "0.0.0.0:9000")
    assert runpy.run_path(str(ROOT / "gunicorn.conf.py"))["bind"] == "0.0.0.0:9000"
    import argparse

    import dashboard.__main__ as main
    parsed = {}
    monkeypatch.setattr(argparse.ArgumentParser, "parse_args", lambda self, *a: parsed.setdefault(
        "ns", argparse.Namespace(**{a.dest: a.default for a in self._actions if a.dest != "help"})))
    monkeypatch.setattr("dashboard.app.create_app", lambda: type("A", (), {"run": lambda s, **kw: parsed.update(kw)})())
    main.main()
    assert parsed["host"] == "127.0.0.1" and parsed["debug"] is False


def strings(node, where=""):
    """Every string in a Dash component tree, with the prop it sits in."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from strings(value, key if key not in ("props", "response") else where)
    elif isinstance(node, list):
        for value in node:
            yield from strings(value, where)
    elif isinstance(node, str):
        yield where, node


@pytest.mark.parametrize("path, search", [
    ("/indicador/coca_area", "?regions=" + HOSTILE), ("/indicador/coca_area", "?tab=" + HOSTILE),
    ("/indicador/" + HOSTILE, ""), ("/mapa", "?indicator=" + HOSTILE + "&year=" + HOSTILE),
    ("/region/" + HOSTILE, ""), ("/", "?lang=" + HOSTILE), ("/fuentes", "?lang=javascript:alert(1)"),
])
def test_hostile_url_parameters_give_a_valid_view_and_stay_text(client, path, search):
    response = client.post("/_dash-update-component", json=page_request(path, search))
    assert response.status_code == 200
    body = response.get_json()
    for prop, value in strings(body):
        assert prop != "dangerously_allow_html"
        if HOSTILE[:12] in value:
            assert prop == "children", (prop, value)  # only ever the text of a notice, never an attribute or markup
        if prop == "href":
            assert not value.lower().startswith("javascript:") and "<" not in value
    text = json.dumps(body)
    assert "dangerously_allow_html\": true" not in text


@pytest.mark.parametrize("query", [
    "kind=map&indicator=coca_area&year=" + HOSTILE, "kind=map&indicator=coca_area&year=99999999999999999999",
    "kind=series&indicator=coca_area&regions=PE," + HOSTILE, "kind=series&indicator=" + HOSTILE,
    "kind=series&indicator=coca_area&regions=", "kind=map&indicator=goc_score&year=2021",
])
@pytest.mark.parametrize("route", ["/download/chart.svg", "/download/chart.png", "/download/data.csv",
                                   "/download/data.xlsx"])
def test_every_download_route_answers_a_bad_parameter_with_400(client, route, query):
    response = client.get(f"{route}?{query}")
    assert response.status_code == 400, (route, query, response.status_code)
    assert b"Traceback" not in response.data and b"<img" not in response.data


def test_bad_brief_and_file_parameters_are_refused(client):
    for url in ("/download/brief.pdf?region=" + HOSTILE, "/download/brief.pdf?theme=" + HOSTILE,
                "/download/brief.pdf?region=PE-UCA&theme=timber", "/download/chart.gif?indicator=coca_area",
                "/geo/../../etc/passwd", "/geo/" + HOSTILE, "/assets/../pyproject.toml",
                "/_dash-component-suites/dash/../../../pyproject.toml"):
        response = client.get(url)
        app_page = response.status_code == 200 and b"_dash-config" in response.data  # the app's own 404 view
        assert response.status_code in (400, 404) or app_page, (url, response.status_code)
        assert b"[project]" not in response.data and b"root:" not in response.data


# ---------------------------------------------------------------------------------- formula injection

FORMULAS = ("=HYPERLINK(\"http://example.invalid/\",\"clic\")", "+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0",
            "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1")


def hostile_package(tables):
    """Every text a download carries, made to start like a spreadsheet formula."""
    def rewrite(name, columns, value):
        rows = list(csv.DictReader(io.StringIO(tables[name].decode())))
        for n, row in enumerate(rows):
            for column in columns:  # a column the package lacks is a KeyError: the test must follow the package
                row[column] = value(n, row[column])
        out = io.StringIO()
        writer = csv.DictWriter(out, list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        tables[name] = out.getvalue().encode()
    pick = lambda n, old: FORMULAS[n % len(FORMULAS)] + old  # noqa: E731
    rewrite("sources", ["origin_publisher", "origin_title", "channel_name", "channel_title", "url"], pick)
    rewrite("observations", ["note_es", "note_en", "locator_es", "locator_en", "value_as_published"], pick)
    rewrite("places", ["name_es", "name_en"], pick)
    rewrite("indicators", ["name_es", "name_en"], pick)
    rewrite("units", ["symbol_es", "symbol_en"], pick)


@pytest.fixture(scope="module")
def hostile_client(tmp_path_factory, serving):
    pointer = serving.datasets_with(serving.edited(hostile_package), tmp_path_factory.mktemp("hostile") / "datasets")
    before = state._catalog
    try:
        yield create_app(load_package(pointer)).server.test_client()
    finally:
        state._catalog = before  # the pages read a process-wide catalog: give the other tests theirs back


def cell_is_safe(value) -> bool:
    return not (isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r")
                and not re.fullmatch(r"-?\d+(\.\d+)?", value))


EXPORTS = ["kind=series&indicator=coca_area&regions=PE,PE-UCA,PE-HUC&lang=es",
           "kind=series&indicator=forest_loss&regions=PE-UCA&lang=en",
           "kind=map&indicator=coca_area&year=2024&lang=es", "kind=map&indicator=forest_loss&year=2020&lang=en"]


@pytest.mark.parametrize("query", EXPORTS)
def test_no_csv_cell_can_run_as_a_formula(hostile_client, query):
    response = hostile_client.get(f"/download/data.csv?{query}")
    assert response.status_code == 200
    text = response.data.decode()
    assert any(f in text for f in ("'=HYPERLINK", "'+cmd", "'@SUM")), "the hostile package reached the download"
    about = 0
    while text.startswith("# ", sum(len(line) + 1 for line in text.split("\n")[:about])):
        about += 1  # the header lines start with '#', which no spreadsheet evaluates
    rows = list(csv.reader(io.StringIO("\n".join(text.split("\n")[about:]), newline="")))
    assert len(rows) > 2
    for row in rows:
        for cell in row:
            assert cell_is_safe(cell), (cell, row)


@pytest.mark.parametrize("query", EXPORTS)
def test_no_excel_cell_can_run_as_a_formula(hostile_client, query):
    from openpyxl import load_workbook
    response = hostile_client.get(f"/download/data.xlsx?{query}")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data))
    seen = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if cell.data_type == "s":
                    assert cell_is_safe(cell.value), (sheet.title, cell.coordinate, cell.value)
                    seen += cell.value.startswith("'")
    assert seen > 5, "the hostile package reached the workbook"


def test_the_published_package_has_no_cell_a_spreadsheet_runs_as_a_formula():
    """The data package download is the package as published (for software): its text may not start with
    = @ tab or CR. (Notes such as '+4.5% vs 2007' start with a sign: see README, Production.)"""
    for path in sorted(PACKAGE.glob("*.csv")):
        with path.open(newline="", encoding="utf-8") as f:
            for row in csv.reader(f):
                for cell in row:
                    assert not cell.startswith(("=", "@", "\t", "\r")), (path.name, cell)


# ---------------------------------------------------------------------------------- pinned dependencies

def lock() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"requirements.lock: {line!r} is not pinned with =="
            pins[re.sub(r"[-_.]+", "-", name).lower()] = version
    return pins


def requirement_name(spec: str) -> str:
    return re.sub(r"[-_.]+", "-", re.match(r"[A-Za-z0-9._-]+", spec).group()).lower()


def test_every_dependency_and_what_it_pulls_in_is_pinned():
    from importlib.metadata import PackageNotFoundError, distribution
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = project["dependencies"] + [d for extra in project["optional-dependencies"].values() for d in extra]
    pins = lock()
    missing = [d for d in declared if requirement_name(d) not in pins]
    assert not missing, f"not pinned in requirements.lock: {missing}"
    # the whole tree: what each pinned package requires (for this platform) is pinned too, at the installed version
    from packaging.markers import default_environment
    from packaging.requirements import Requirement
    todo, seen, unpinned = [requirement_name(d) for d in declared], set(), []
    env = default_environment()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            dist = distribution(name)
        except PackageNotFoundError:
            continue
        if name in pins and dist.version != pins[name]:
            unpinned.append(f"{name} installed {dist.version}, lock {pins[name]}")
        elif name not in pins:
            unpinned.append(name)
        for spec in dist.requires or []:
            req = Requirement(spec)
            if req.marker is None or req.marker.evaluate({**env, "extra": ""}):
                todo.append(requirement_name(req.name))
    assert not unpinned, unpinned
    assert not (set(pins) - seen), f"pinned but not needed (leftovers): {sorted(set(pins) - seen)}"
