"""What makes a request cheap under load (bench/bench_load.py; issue 13): static files answered in front of
Flask with every header, builders' results kept as the JSON Dash sends, an answer asked again compressed
once, the chart renderer's Chromium put in the idle class without reading all of /proc, and requests for
images kept to a share of a worker's threads."""
from __future__ import annotations

import json
import subprocess
import sys

import plotly.graph_objects as go
import pytest
from dash import html
from flask import Flask, request_started
from plotly.io.json import to_json_plotly

from dashboard import cache as builders
from dashboard.app import create_app
from dashboard.server import SECURITY_HEADERS, Settings, compression
from dashboard.server.priority import ImageRequests
from tests.browserlike import page_request


@pytest.fixture(scope="module")
def app():
    return create_app(settings=Settings(cache_items=64))


def test_static_files_are_answered_before_flask_with_every_header(app):
    server, seen = app.server, []

    def reached_flask(sender, **_):
        seen.append(1)
    request_started.connect(reached_flask, server)
    client = server.test_client()
    version = server.extensions["vigia"].package.version
    response = client.get("/assets/vigia.css", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200 and not seen
    headers = response.headers
    assert headers["Content-Type"] == "text/css; charset=utf-8" and headers["Content-Encoding"] == "gzip"
    assert int(headers["Content-Length"]) == len(response.data) and headers["Vary"] == "Accept-Encoding"
    assert headers["Content-Security-Policy"] == client.get("/healthz").headers["Content-Security-Policy"]
    assert len(seen) == 1  # /healthz went through Flask
    assert headers["X-Vigia-Package"] == version
    assert all(headers[name] == value for name, value in SECURITY_HEADERS.items())
    again = client.get("/assets/vigia.css", headers={"If-None-Match": headers["ETag"]})
    assert again.status_code == 304 and again.data == b"" and again.headers["X-Vigia-Package"] == version
    head = client.head("/assets/vigia.css")
    assert head.status_code == 200 and head.data == b"" and int(head.headers["Content-Length"]) > 1000
    missing = client.get("/_dash-component-suites/dash/no-such-file.js")
    assert missing.status_code == 404 and missing.headers["Content-Security-Policy"]
    assert not seen[1:]
    assert client.post("/assets/vigia.css").status_code in (404, 405) and len(seen) == 2  # only GET and HEAD


@builders.memoize
def _a_builder(n: int) -> tuple:
    figure = go.Figure(go.Scatter(x=[1, 2, 3], y=[n, n * 2, float("nan")]))
    return html.Div([html.H1(f"n={n}", id="title"), html.A("link", href="/x", **{"data-format": "csv"})]), figure


def test_a_builders_result_is_kept_as_the_json_dash_sends(app):
    with app.server.app_context():
        made = _a_builder(3)
        assert isinstance(made[0], dict) and made[0]["type"] == "Div" and isinstance(made[1], dict)
        assert to_json_plotly(made) == to_json_plotly(_a_builder.uncached(3))  # same bytes as the components
        assert _a_builder(3) is made  # a hit in this process: the value itself, not an unpickled copy
    assert isinstance(_a_builder(3)[0], html.Div)  # outside an app the builder runs as written


def test_an_answer_asked_again_is_compressed_once(app, monkeypatch):
    calls = []
    real = compression.compress
    monkeypatch.setattr(compression, "compress", lambda *a, **kw: calls.append(a[1]) or real(*a, **kw))
    compression.compress_answer.cache_clear()
    client = app.server.test_client()
    body = page_request("/fuentes", "?lang=en")
    answers = [client.post("/_dash-update-component", json=body, headers={"Accept-Encoding": "br"}) for _ in range(3)]
    assert calls == ["br"] and len({a.data for a in answers}) == 1
    assert answers[0].headers["Content-Encoding"] == "br"
    client.post("/_dash-update-component", json=body, headers={"Accept-Encoding": "gzip"})
    assert calls == ["br", "gzip"]


IDLE_CHECK = """
import json, os, subprocess, time
from dashboard.server import priority
def start():  # a process that starts another, as Chromium does
    return subprocess.Popen(["sh", "-c", "sleep 30 & wait"])
def policies():
    out = {}
    for child in priority.children(os.getpid()):
        for pid in [child, *priority.children(child)]:
            out[pid] = [os.sched_getscheduler(int(t)) for t in os.listdir(f"/proc/{pid}/task")]
    return out
first = start(); time.sleep(0.3)
priority.idle_descendants(os.getpid())
walked = set(priority._idled)
second = start(); time.sleep(0.3)
priority.idle_descendants(os.getpid())
print(json.dumps({"idle": os.SCHED_IDLE, "policies": policies(), "after_first": sorted(walked),
                  "first_tree": sorted([first.pid, *priority.children(first.pid)]), "walked": sorted(priority._idled)}))
first.kill(); second.kill()
"""


def test_the_renderers_processes_go_to_the_idle_class_each_once():
    """In a process of its own: the test's own children (redis, Chromium) are left alone."""
    run = subprocess.run([sys.executable, "-c", IDLE_CHECK], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    found = json.loads(run.stdout)
    policies = found["policies"]
    assert len(policies) == 4  # two shells, each with its sleep
    assert all(set(p) == {found["idle"]} for p in policies.values()), policies
    assert set(found["walked"]) == {int(pid) for pid in policies}  # the second call added the new ones
    assert found["after_first"] == found["first_tree"]  # the first call walked the first shell and its sleep


def test_requests_for_images_hold_at_most_their_share_of_a_workers_threads():
    images, app = ImageRequests(2), Flask(__name__)
    contexts = [app.test_request_context(f"/download/chart.png?n={n}") for n in range(3)]
    for ctx in contexts[:2]:
        ctx.push()
        assert images.enter() is None
        ctx.pop()
    contexts[2].push()
    refused = images.enter()
    assert refused is not None and refused.status_code == 503 and refused.headers["Retry-After"]
    images.leave()  # a refused request gave nothing back
    contexts[2].pop()
    assert images.waiting == 2
    with app.test_request_context("/_dash-update-component", method="POST"):
        assert images.enter() is None and images.waiting == 2  # pages and callbacks are never counted
    contexts[0].push()
    images.leave()
    contexts[0].pop()
    with app.test_request_context("/download/brief.pdf?region=PE-UCA"):
        assert images.enter() is None and images.waiting == 2
        images.leave()
    assert images.waiting == 1
