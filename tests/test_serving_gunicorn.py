"""Production serving under gunicorn (2 workers, loopback only): health, headers, compressed and cached static
files, a short zero-error load, a worker killed mid-request, a new package published while serving and picked
up by a HUP, and a broken package that stops start-up with a clear message.

The tests in this module share one gunicorn and run in order; the last ones change what it serves.
"""
from __future__ import annotations

import gzip
import http.client
import json
import os
import re
import signal
import threading
import time

import brotli
import pytest

from bench.bench_load import Gunicorn, children, run
from tests.browserlike import page_request

WORKERS = 2


@pytest.fixture(scope="module")
def first_files(serving):
    return serving.real_files()


@pytest.fixture(scope="module")
def second_files(serving):
    def rename(tables):
        tables["sources"] = tables["sources"].replace(b"DEVIDA", b"DEVIDA (segunda)")
    return serving.edited(rename)


@pytest.fixture(scope="module")
def server(tmp_path_factory, first_files, serving):
    root = tmp_path_factory.mktemp("served") / "datasets"
    pointer = serving.datasets_with(first_files, root)
    log = root.parent / "gunicorn.log"
    gunicorn = Gunicorn(WORKERS, log=log,
                        env={"VIGIA_PACKAGE": str(pointer), "VIGIA_PRECOMPRESS": "0", "VIGIA_WARM": "0"})
    gunicorn.start(timeout=90)
    gunicorn.pointer = pointer
    gunicorn.wait_for_workers()
    yield gunicorn
    gunicorn.stop(graceful=False)


@pytest.fixture(scope="module")
def health(serving):
    """health(server) -> the /healthz answer of whichever worker takes the request."""
    def health(server) -> dict:
        status, _, body = serving.get(server.base, "/healthz")
        assert status == 200
        return json.loads(body)
    return health


def footer_version(body: bytes) -> str:
    """The package version the page-content answer writes in the footer ("data as of ... version ...")."""
    return re.search(rb"\d{4}-\d{2}-\d{2}\+[0-9a-f]{12}", body).group().decode()


def test_health_names_the_package_version_of_every_worker(server, first_files, serving, health):
    pids = set()
    for _ in range(40):
        h = health(server)
        assert h["status"] == "ok" and h["package_version"] == serving.version_of(first_files)
        assert h["release"] == serving.version_of(first_files) and h["cache"] == "process"
        pids.add(h["pid"])
    assert pids <= set(server.worker_pids()) and len(server.worker_pids()) == WORKERS


def test_security_headers_on_every_kind_of_answer(server, serving, health):
    paths = [("GET", "/", None), ("GET", "/healthz", None), ("GET", "/_dash-layout", None),
             ("GET", "/download/data.csv?kind=series&indicator=coca_area&regions=PE&lang=es", None),
             ("GET", "/download/data.csv?indicator=nope", None), ("GET", "/assets/vigia.css", None),
             ("POST", "/_dash-update-component", json.dumps(page_request("/")).encode())]
    for method, path, body in paths:
        status, headers, _ = serving.get(server.base, path, method=method, body=body)
        assert status in (200, 400), (path, status)
        csp = headers["content-security-policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "'unsafe-eval'" not in csp
        assert re.search(r"script-src 'self'( 'sha256-[A-Za-z0-9+/=]+')+;", csp), csp
        assert headers["x-content-type-options"] == "nosniff" and headers["referrer-policy"] == "same-origin"
        assert headers["x-frame-options"] == "DENY"
        assert headers["x-vigia-package"] == health(server)["package_version"]


def test_the_large_scripts_are_served_compressed_and_cached(server, serving):
    _, _, page = serving.get(server.base, "/")
    named = re.findall(r'(?:src|href)="(/(?:_dash-component-suites|assets)/[^"]+)"', page.decode())
    plotly = next(u for u in named if "/plotly-geo.min.js" in u)  # plotly's geo bundle: the page's largest script
    status, plain_headers, plain = serving.get(server.base, plotly)
    assert status == 200 and len(plain) > 1_000_000 and "content-encoding" not in plain_headers
    for encoding, decode, most in (("br", brotli.decompress, 0.35), ("gzip", gzip.decompress, 0.4)):
        status, headers, body = serving.get(server.base, plotly, {"Accept-Encoding": f"{encoding}"})
        assert headers["content-encoding"] == encoding and len(body) < most * len(plain)
        assert decode(body) == plain
        assert headers["vary"] == "Accept-Encoding"
    # the files the page names carry a fingerprint (path .v<version>m<mtime>, or ?m=<mtime>): immutable for a year
    assert len(named) >= 8
    for url in named:
        status, headers, _ = serving.get(server.base, url, {"Accept-Encoding": "gzip, deflate, br"})
        assert status == 200 and headers["cache-control"] == "public, max-age=31536000, immutable", url
    # the same file without its fingerprint (or with a stale one) is not immutable
    stale = re.sub(r"\?m=[0-9.]+", "?m=1", plotly)
    assert serving.get(server.base, stale)[1]["cache-control"] == "public, no-cache"
    # what dcc loads under a fixed name is kept but revalidated (ETag, 304), never immutable
    chunk = "/_dash-component-suites/dash/dcc/async-markdown.js"
    status, headers, _ = serving.get(server.base, chunk, {"Accept-Encoding": "br"})
    assert headers["cache-control"] == "public, no-cache" and headers["etag"] and headers["content-encoding"] == "br"
    status, _, body = serving.get(server.base, chunk, {"If-None-Match": headers["etag"], "Accept-Encoding": "br"})
    assert status == 304 and body == b""
    # pages and callbacks are compressed on the fly
    status, headers, body = serving.get(server.base, "/", {"Accept-Encoding": "gzip"})
    assert headers["content-encoding"] == "gzip" and b"_dash-config" in gzip.decompress(body)
    assert headers["cache-control"] == "no-cache"


def test_a_short_load_has_no_errors(server):
    """The smoke version of bench/bench_load.py: 10 users for 12 s, the same clicks, 0 errors allowed."""
    result = run(server.base, users=10, duration=10, think=(0.3, 1.5), seed=7, package=server.pointer, ramp=2)
    assert result["errors"] == 0, result["error_samples"]
    assert result["requests"] > 150 and len(result["versions"]) == 1
    assert result["actions"].get("map (link)", 0) + result["actions"].get("region profile (page load)", 0) > 0


def test_a_page_is_answered_while_chart_images_are_rendering(server, serving):
    """A request waiting on the chart renderer (one Chromium per worker, rendering one image at a time) holds a
    thread, no CPU. With 24 images asked at once, three times the threads 2 workers had with 4 each, a page
    asked next is answered before half of them are done, not behind them."""
    from dashboard.catalog import Catalog
    from dashboard.data import load_package
    c = Catalog(load_package(server.pointer))
    charts = [(i, year) for i in c.map_indicators for year in sorted(c.map_cells(i))][-24:]
    done: list[float] = []
    statuses: list[int] = []

    def image(indicator: str, year: int) -> None:
        status, _, _ = serving.get(server.base, f"/download/chart.png?kind=map&indicator={indicator}&year={year}"
                                                f"&lang=en", timeout=300)
        statuses.append(status)
        done.append(time.monotonic())
    asked = [threading.Thread(target=image, args=chart) for chart in charts]
    for thread in asked:
        thread.start()
    time.sleep(1)  # the images are asked first
    status, _, _ = serving.page_content(server.base, "/fuentes", "?while=rendering")
    page_done = time.monotonic()
    for thread in asked:
        thread.join(timeout=300)
    assert status == 200 and len(charts) == 24 and statuses == [200] * 24
    assert sum(t < page_done for t in done) < len(charts) / 2


def test_a_worker_killed_mid_request_the_other_keeps_serving(server, serving, health):
    # a keep-alive connection stays with one worker: ask it who it is, then give it a slow request and kill it
    host, port = server.base.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=30)
    conn.request("GET", "/healthz")
    victim = json.loads(conn.getresponse().read())["pid"]
    survivor = next(pid for pid in server.worker_pids() if pid != victim)
    outcome = {}

    def slow():  # an uncached page content: a region page for an unknown id (a new cache key) takes ~100-200 ms
        body = json.dumps(page_request(f"/region/XX-{time.time_ns()}", "?lang=en")).encode()
        try:
            conn.request("POST", "/_dash-update-component", body=body, headers={"Content-Type": "application/json"})
            outcome["status"] = conn.getresponse().status
        except (OSError, http.client.HTTPException) as exc:
            outcome["error"] = repr(exc)
    in_flight = threading.Thread(target=slow)
    in_flight.start()
    time.sleep(0.03)
    os.kill(victim, signal.SIGKILL)
    in_flight.join(timeout=30)
    assert "error" in outcome, f"the request finished before the kill: {outcome}"  # it died with its worker

    after = []
    end = time.monotonic() + 3
    while time.monotonic() < end:  # meanwhile, on new connections, the other worker answers everything
        status, _, body = serving.page_content(server.base, "/", f"?after={len(after)}")
        after.append(status)
    assert after and set(after) == {200}, after
    deadline = time.monotonic() + 60
    while len(server.worker_pids()) < WORKERS or victim in server.worker_pids():
        assert time.monotonic() < deadline, "gunicorn did not replace the killed worker"
        time.sleep(0.2)
    assert survivor in server.worker_pids()
    server.wait_for_workers()
    assert {health(server)["pid"] for _ in range(30)} <= set(server.worker_pids())


def test_a_package_published_while_serving_is_served_only_after_a_reload(server, first_files, second_files,
                                                                        serving, health):
    from etl.package import publish
    first, second = serving.version_of(first_files), serving.version_of(second_files)
    assert first != second
    # a build that fails halfway (the disk fills up on the third file) changes nothing, even for new workers
    import etl.package
    real_fsync, calls = os.fsync, []

    def full_disk(fd):
        calls.append(fd)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        real_fsync(fd)
    etl.package.os.fsync = full_disk
    try:
        with pytest.raises(OSError):
            publish(second_files, server.pointer)
    finally:
        etl.package.os.fsync = real_fsync
    assert server.pointer.resolve().name == first
    old_workers = set(server.worker_pids())
    os.kill(server.proc.pid, signal.SIGHUP)
    deadline = time.monotonic() + 60
    while set(server.worker_pids()) & old_workers or len(server.worker_pids()) != WORKERS:
        assert time.monotonic() < deadline, "the reload did not replace the workers"
        time.sleep(0.1)
    server.wait_for_workers()
    assert {health(server)["package_version"] for _ in range(10)} == {first}

    publish(second_files, server.pointer)  # what `python -m etl build` does
    for n in range(20):  # the running workers keep the release they loaded: no request sees the new one
        status, headers, body = serving.page_content(server.base, "/", f"?x={n}")
        assert status == 200 and headers["x-vigia-package"] == first == footer_version(body)
        assert health(server)["package_version"] == first
    status, headers, _ = serving.get(server.base, "/download/vigia-datapackage.zip")
    assert first in headers["content-disposition"]

    old_workers = set(server.worker_pids())
    os.kill(server.proc.pid, signal.SIGHUP)  # a reload: new workers read the pointer, old ones finish and go
    seen, deadline = [], time.monotonic() + 90
    while time.monotonic() < deadline:
        status, headers, body = serving.page_content(server.base, "/", f"?y={len(seen)}")
        assert status == 200
        assert headers["x-vigia-package"] == footer_version(body)  # each answer is one release, whole
        seen.append(headers["x-vigia-package"])
        if not (set(server.worker_pids()) & old_workers) and len(server.worker_pids()) == WORKERS:
            break
        time.sleep(0.05)
    assert set(seen) <= {first, second}
    server.wait_for_workers()
    versions = {health(server)["package_version"] for _ in range(20)}
    assert versions == {second}
    status, headers, body = serving.page_content(server.base, "/fuentes")
    assert b"DEVIDA (segunda)" in brotli_or_plain(headers, body)
    assert second in serving.get(server.base, "/download/vigia-datapackage.zip")[1]["content-disposition"]


def brotli_or_plain(headers: dict, body: bytes) -> bytes:
    encoding = headers.get("content-encoding")
    return brotli.decompress(body) if encoding == "br" else gzip.decompress(body) if encoding == "gzip" else body


def test_a_corrupt_package_stops_gunicorn_with_a_message_naming_the_file(tmp_path, first_files, serving):
    pointer = serving.datasets_with(first_files, tmp_path / "datasets")
    observations = pointer.resolve() / "observations.csv"
    observations.write_bytes(observations.read_bytes()[:-200])  # a truncated copy: still CSV, wrong content
    log = tmp_path / "gunicorn.log"
    server = Gunicorn(1, env={"VIGIA_PACKAGE": str(pointer), "VIGIA_PRECOMPRESS": "0", "VIGIA_WARM": "0"}, log=log)
    with pytest.raises(RuntimeError, match="exited"):
        server.start(timeout=60)
    server.stop()
    text = log.read_text()
    assert "Vigía cannot start" in text and "observations.csv: corrupt" in text
    assert "Traceback" not in text
    assert server.proc.returncode != 0 and not children(server.proc.pid)
