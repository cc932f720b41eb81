"""The builders' cache (dashboard.cache: per process, or shared through Redis) and the pre-compressed static
files."""
from __future__ import annotations

import hashlib
import logging
import shutil
import subprocess
import time

import brotli
import dash
import pytest

from dashboard import cache as builders
from dashboard.app import create_app
from dashboard.catalog import Catalog
from dashboard.components import host
from dashboard.data import load_package
from dashboard.pages import indicator_ids
from dashboard.server import Settings, static
from dashboard.server.warmup import warm
from etl.paths import GEO
from tests.browserlike import page_request

UPDATE = "/_dash-update-component"


@pytest.fixture(scope="module")
def package():
    return load_package()


def cache_of(app) -> builders.Counting:
    return app.server.extensions["vigia"].cache


def chart_request(client, indicator: str, regions: list[str], lang: str) -> dict:
    """The indicator page's chart callback (the server callback whose input is the places) as the browser sends
    it, read from /_dash-dependencies as Dash's renderer reads it."""
    ids = indicator_ids
    dep = next(d for d in client.get("/_dash-dependencies").get_json()
               if not d.get("clientside_function") and any(i["id"] == ids.REGIONS for i in d["inputs"]))
    outputs = [dict(zip(("id", "property"), part.split("@")[0].rsplit(".", 1), strict=True))
               for part in dep["output"][2:-2].split("...")]
    values = {ids.REGIONS: regions, ids.INDICATOR: indicator, ids.LANG: lang}
    return {"output": dep["output"], "outputs": outputs,
            "inputs": [{**i, "value": values[i["id"]]} for i in dep["inputs"]],
            "state": [{**st, "value": values[st["id"]]} for st in dep["state"]],
            "changedPropIds": [f"{ids.REGIONS}.value"]}


def test_a_builder_runs_once_then_its_result_comes_from_the_cache(package):
    app = create_app(package, Settings(cache_items=64))
    client, cache = app.server.test_client(), cache_of(app)
    assert cache.kind == "process"
    first = client.post(UPDATE, json=page_request("/fuentes", "?lang=en"))
    misses = cache.misses
    again = client.post(UPDATE, json=page_request("/fuentes", "?lang=en&utm=x"), headers={"Accept-Encoding": "br"})
    assert cache.misses == misses and cache.hits >= 1  # the layout's builder, keyed by its parameters
    assert brotli.decompress(again.data) == first.data
    other = client.post(UPDATE, json=page_request("/fuentes", "?lang=es"))
    assert cache.misses > misses and other.data != first.data
    chart = chart_request(client, "coca_area", ["PE"], "es")
    made = client.post(UPDATE, json=chart)
    hits = cache.hits
    assert client.post(UPDATE, json=chart).data == made.data and cache.hits == hits + 1
    csv = "/download/data.csv?kind=series&indicator=coca_area&regions=PE&lang=es"
    assert client.get(csv).data == client.get(csv).data and cache.hits == hits + 2
    assert client.get("/download/data.csv?indicator=nope").status_code == 400  # errors are never cached
    health = client.get("/healthz").get_json()
    assert health["cache"] == "process" and health["cache_hits"] == cache.hits


def test_the_indicator_and_map_pages_are_kept_per_view_and_language(package, monkeypatch):
    """A page whose view has parameters is built once per view (its checked parameters) and language; a view
    named by an unknown value says so each time and is not kept (arbitrary text would fill the cache)."""
    app = create_app(package, Settings(cache_items=256))
    client, cache = app.server.test_client(), cache_of(app)
    built: list[str] = []
    for entry in dash.page_registry.values():
        if entry["module"].rsplit(".", 1)[-1] in ("indicator", "map"):
            names = entry["layout"].__globals__  # the page module's: its builder calls the shell's page() from there
            monkeypatch.setitem(names, "page",
                                lambda *a, _page=names["page"], **k: built.append(a[1]) or _page(*a, **k))

    def visit(path: str, search: str) -> tuple[int, bytes]:
        """(pages built, answer) of a visit."""
        before = len(built)
        answer = client.post(UPDATE, json=page_request(path, search))
        assert answer.status_code == 200
        return len(built) - before, answer.data

    for path, search, others in (
            ("/indicador/coca_area", "?lang=es", [("/indicador/coca_area", "?lang=en"),
                                                  ("/indicador/coca_area", "?lang=es&tab=table"),
                                                  ("/indicador/coca_area", "?lang=es&regions=PE,PE-UCA"),
                                                  ("/indicador/forest_loss", "?lang=es")]),
            ("/mapa", "?lang=es", [("/mapa", "?lang=en"), ("/mapa", "?lang=es&year=2019"),
                                   ("/mapa", "?lang=es&indicator=forest_loss")])):
        made, first = visit(path, search)
        assert made == 1
        hits = cache.hits
        assert visit(path, search) == (0, first) and cache.hits == hits + 1  # the second visit: one hit, the page
        assert visit(path, search + "&utm_source=x") == (0, first)  # what the page does not read is not its view
        for other_path, other_search in others:
            made, other = visit(other_path, other_search)
            assert made == 1 and other != first
    kept = len(cache._cache)
    for value in ("PE-XXX", "PE-YYY", "PE-XXX"):
        made, unknown = visit("/indicador/coca_area", f"?lang=es&regions={value}")
        assert made == 1 and value.encode() in unknown and len(cache._cache) == kept


def test_a_region_page_is_kept_but_an_unknown_region_is_not(package):
    app = create_app(package, Settings(cache_items=256))
    client, cache = app.server.test_client(), cache_of(app)
    first = client.post(UPDATE, json=page_request("/region/PE-UCA", "?lang=es")).data
    hits = cache.hits
    assert client.post(UPDATE, json=page_request("/region/PE-UCA", "?lang=es")).data == first
    assert cache.hits > hits
    kept = len(cache._cache)
    for value in ("XX-1", "XX-2", "XX-1"):
        answer = client.post(UPDATE, json=page_request(f"/region/{value}", "?lang=es"))
        assert answer.status_code == 200 and value.encode() in answer.data  # its notice names it
        assert len(cache._cache) == kept


def test_with_a_public_address_citations_give_it_and_every_host_shares_the_pages(package):
    app = create_app(package, Settings(cache_items=256, public_url="https://vigia.example.org"))
    client, cache = app.server.test_client(), cache_of(app)
    with app.server.test_request_context("/indicador/coca_area", base_url="http://127.0.0.1:8050"):
        assert host() == "https://vigia.example.org"  # what citations put before a view's path
    first = client.post(UPDATE, json=page_request("/indicador/coca_area", "?lang=es"), base_url="http://127.0.0.1:8050")
    hits = cache.hits
    again = client.post(UPDATE, json=page_request("/indicador/coca_area", "?lang=es"), base_url="http://localhost")
    assert again.data == first.data and cache.hits > hits  # what the warm-up makes serves every host


def test_the_warm_up_calls_the_builders_so_the_first_visits_are_hits(package):
    app = create_app(package, Settings(cache_items=512))
    client, cache = app.server.test_client(), cache_of(app)
    app.server.extensions["vigia"].warm = False
    assert warm(app, log=lambda *_: None) > 0 and client.get("/healthz").get_json()["warm"] is True
    misses = cache.misses
    for path in ("/", "/fuentes", "/region/PE-UCA", "/indicador", "/indicador/coca_area", "/mapa"):
        assert client.post(UPDATE, json=page_request(path, "?lang=en")).status_code == 200
    assert client.post(UPDATE, json=chart_request(client, "coca_area", ["PE"], "en")).status_code == 200
    assert cache.misses == misses


def test_keys_name_the_package_version(package):
    assert repr(Catalog(package)) == f"Catalog(version={package.version!r})"


@pytest.fixture
def redis_server(tmp_path):
    if not shutil.which("redis-server"):
        pytest.skip("needs Debian's redis-server (make test installs it)")
    sock = tmp_path / "redis.sock"
    proc = subprocess.Popen(["redis-server", "--port", "0", "--unixsocket", str(sock), "--save", "",
                             "--appendonly", "no", "--dir", str(tmp_path)], stdout=subprocess.DEVNULL)
    try:
        for _ in range(100):
            if sock.exists():
                break
            time.sleep(0.05)
        yield proc, f"unix://{sock}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_with_redis_every_worker_shares_the_cache(package, redis_server):
    _, url = redis_server
    first = create_app(package, Settings(redis_url=url))
    second = create_app(package, Settings(redis_url=url))  # another worker
    body = page_request("/region/PE-UCA", "?lang=es")
    made = first.server.test_client().post(UPDATE, json=body)
    misses = cache_of(second).misses
    shared = second.server.test_client().post(UPDATE, json=body)
    assert cache_of(first).misses >= 1 and cache_of(second).misses == misses and cache_of(second).hits >= 1
    assert shared.data == made.data and cache_of(second).failures == 0
    assert second.server.test_client().get("/healthz").get_json()["cache"] == "redis"


def test_redis_stopped_is_one_warning_and_no_cache_never_an_error(package, redis_server, caplog):
    proc, url = redis_server
    app = create_app(package, Settings(redis_url=url))
    client = app.server.test_client()
    assert client.post(UPDATE, json=page_request("/fuentes", "?lang=en")).status_code == 200
    proc.terminate()
    proc.wait(timeout=10)
    with caplog.at_level(logging.WARNING, logger="vigia.serve"):
        for path in ("/fuentes", "/region/PE-LOR", "/indicador", "/"):
            for lang in ("es", "en"):
                assert client.post(UPDATE, json=page_request(path, f"?lang={lang}")).status_code == 200
        assert client.post(UPDATE, json=chart_request(client, "coca_area", ["PE"], "es")).status_code == 200
        assert client.get("/download/data.csv?kind=series&indicator=coca_area&regions=PE&lang=es").status_code == 200
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1 and "cache unavailable" in warnings[0].getMessage()
    assert cache_of(app).failures >= 1 and client.get("/healthz").get_json()["cache"] == "redis"


def test_an_unreachable_redis_at_start_is_no_cache(package, tmp_path):
    app = create_app(package, Settings(redis_url=f"unix://{tmp_path}/no-such.sock"))
    client, cache = app.server.test_client(), cache_of(app)
    for _ in range(2):
        assert client.post(UPDATE, json=page_request("/indicador")).status_code == 200
    assert cache.failures >= 1 and client.get("/healthz").get_json()["cache"] == "redis"


def test_outside_an_app_the_builders_just_run(package):
    from dashboard.figures.map import map_figure
    figure = map_figure(Catalog(package), "coca_area", "es", 2024)
    assert figure["frames"] and figure["data"]


def test_precompressed_files_are_what_is_served(package, tmp_path, monkeypatch):
    app = create_app(package, Settings(static_cache=tmp_path))
    every = static.static_paths(app)
    assert any(key[-1] == "package_data/plotly.min.js" for key, _ in every)  # the big one is in the list
    small = [(key, read) for key, read in every if key[0] in ("asset", "geo")]  # level 11 on plotly takes ~10 s
    monkeypatch.setattr(static, "static_paths", lambda app: small)
    assert static.precompress(app, tmp_path, log=lambda *_: None) >= 4
    assert static.precompress(app, tmp_path, log=lambda *_: None) == 0  # named by content: done once
    data = (GEO / "peru_departments.geojson").read_bytes()
    stored = tmp_path / f"{hashlib.sha256(data).hexdigest()}.br"
    served = app.server.test_client().get("/geo/peru_departments.geojson", headers={"Accept-Encoding": "br"})
    assert served.headers["Content-Encoding"] == "br" and served.data == stored.read_bytes()
    assert brotli.decompress(served.data) == data
