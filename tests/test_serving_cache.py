"""The response cache (per process, or shared through Redis) and the pre-compressed static files."""
from __future__ import annotations

import gzip
import hashlib
import shutil
import subprocess
import time

import brotli
import pytest

from dashboard.app import create_app
from dashboard.data import load_package
from dashboard.server import ResponseCache, Settings, callback_outputs, page_request, static
from etl.paths import GEO


@pytest.fixture(scope="module")
def package():
    return load_package()


def cache_of(app) -> ResponseCache:
    return app.server.extensions["vigia"].cache


def test_a_view_is_made_once_then_served_from_the_cache_compressed(package):
    app = create_app(package, Settings(cache_items=64))
    client, cache = app.server.test_client(), cache_of(app)
    assert cache.kind == "process"
    body = page_request("/fuentes", "?lang=en")
    first = client.post("/_dash-update-component", json=body)
    again = client.post("/_dash-update-component", json={**body, "changedPropIds": []},
                        headers={"Accept-Encoding": "gzip, br"})
    assert (cache.misses, cache.hits) == (1, 1)
    assert again.headers["Content-Encoding"] == "br" and brotli.decompress(again.data) == first.data
    assert gzip.decompress(client.post("/_dash-update-component", json=body,
                                       headers={"Accept-Encoding": "gzip"}).data) == first.data
    other = client.post("/_dash-update-component", json=page_request("/fuentes", "?lang=es"))
    assert cache.misses == 2 and other.data != first.data  # the key is the whole request
    png = "/download/data.csv?kind=series&indicator=coca_area&regions=PE&lang=es"
    assert client.get(png).data == client.get(png).data and cache.hits == 3
    assert client.get("/download/data.csv?indicator=nope").status_code == 400  # errors are never cached


def test_callbacks_outside_the_list_are_never_cached(package):
    app = create_app(package, Settings(cache_items=64))
    client, cache = app.server.test_client(), cache_of(app)
    clientside_like = {"output": "map-graph.clickData", "outputs": {"id": "map-graph", "property": "clickData"},
                       "inputs": [{"id": "map-graph", "property": "clickData", "value": None}], "changedPropIds": []}
    client.post("/_dash-update-component", json=clientside_like)
    assert (cache.hits, cache.misses) == (0, 0)
    assert callback_outputs("..a.b...c.d@123..") == {"a.b", "c.d"}


def test_entries_are_keyed_by_package_version(package):
    a = ResponseCache(create_app(package).server, Settings(), "v1")
    b = ResponseCache(create_app(package).server, Settings(), "v2")
    assert a.key("page", "/x") != b.key("page", "/x") and a.key("page", "/x").startswith("v1:")


def test_an_unreachable_redis_is_skipped_not_an_error(package, tmp_path):
    app = create_app(package, Settings(redis_url=f"unix://{tmp_path}/no-such.sock"))
    client, cache = app.server.test_client(), cache_of(app)
    assert cache.kind == "redis"
    for _ in range(2):
        assert client.post("/_dash-update-component", json=page_request("/indicador")).status_code == 200
    assert cache.failures >= 2 and client.get("/healthz").get_json()["cache"] == "redis"


@pytest.fixture
def redis_url(tmp_path):
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
        yield f"unix://{sock}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_with_redis_every_worker_shares_the_cache(package, redis_url):
    first = create_app(package, Settings(redis_url=redis_url))
    second = create_app(package, Settings(redis_url=redis_url))  # another worker
    body = page_request("/region/PE-UCA", "?lang=es")
    made = first.server.test_client().post("/_dash-update-component", json=body)
    shared = second.server.test_client().post("/_dash-update-component", json=body)
    assert (cache_of(first).misses, cache_of(second).misses, cache_of(second).hits) == (1, 0, 1)
    assert shared.data == made.data and cache_of(second).failures == 0


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
