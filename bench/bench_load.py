"""Load test: simulated users clicking through Vigía under gunicorn, on this machine only (127.0.0.1).

    python bench/bench_load.py                       # 50 users for 120 s against a gunicorn it starts
    python bench/bench_load.py --users 10 --duration 15 --workers 2
    python bench/bench_load.py --url http://127.0.0.1:8050   # a server already running (loopback only)

It starts gunicorn with gunicorn.conf.py on a free loopback port, runs the users, stops by itself (after
--duration seconds or --max-requests requests, whichever comes first), stops gunicorn, and prints latency
percentiles, errors, and the memory (RSS) of each worker at start and end.

What a user's browser really sends, and so what each simulated user sends:

- a full page load (arriving, following an overview panel, clicking a department on the map): the page HTML;
  the scripts and the stylesheet it names (the first time only: they are fingerprinted and cached as
  immutable; plotly's geo bundle is one of them), `/_dash-layout` and `/_dash-dependencies`, the page-content
  callback (a POST to `/_dash-update-component` with the path and query), then the callbacks the new view runs
  on load (taken from `/_dash-dependencies` and the layout, as Dash's renderer does), the chunks dcc loads
  itself (async-*.js: revalidated with If-None-Match, answered 304) and, on the map, the two GeoJSON files;
- a link in the header (dcc.Link): the page-content callback only, no page load;
- on the map, a year change or "play" runs in the browser (assets/vigia.js) and sends nothing: it is modelled
  as think time, and counted; a change of indicator is a callback POST;
- on an indicator page, the chart callback that runs once the page is drawn, and one more per change of places;
- downloads: the CSV and PNG of the chart on show (GET /download/...).

Users wait 2-6 s between actions (--think). An error is any failed connection, any status other than the
expected one (200, or 304 for a revalidation), a callback answer that is not Dash's JSON, or a response whose
X-Vigia-Package differs from the version the health endpoint names.
"""
from __future__ import annotations

import argparse
import gzip
import http.client
import ipaddress
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

import brotli

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ACCEPT_ENCODING = "gzip, deflate, br"
SUITE = "/_dash-component-suites/dash/dcc/"
CHUNKS = {  # what dcc loads itself, by view, under fixed names (seen in Chromium's network log)
    "/mapa": [SUITE + "async-dropdown.js", SUITE + "async-slider.js", SUITE + "async-graph.js",
              SUITE + "async-markdown.js", SUITE + "async-highlight.js", "/geo/peru_neighbours.geojson",
              "/geo/peru_departments.geojson"],
    "/indicador/": [SUITE + "async-dropdown.js", SUITE + "async-graph.js"],
    "/region/": [SUITE + "async-graph.js"],
}
STATIC_LABEL = "static"
LABELS = {"ind-regions.value": "indicator chart", "map-indicator.value": "map indicator change"}


# ------------------------------------------------------------------------------------------------ results

@dataclass
class Sample:
    label: str
    ms: float
    status: int
    nbytes: int
    at: float = field(default_factory=time.monotonic)  # when it finished


@dataclass
class Results:
    samples: list[Sample] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    actions: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    versions: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)
    started: float = 0.0
    finished: float = 0.0

    def add(self, sample: Sample, error: str | None = None) -> None:
        with self.lock:
            self.samples.append(sample)
            if error:
                self.errors.append(error)

    def count(self) -> int:
        return len(self.samples)


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def summary(results: Results) -> dict:
    by_label: dict[str, list[float]] = defaultdict(list)
    for s in results.samples:
        by_label[s.label].append(s.ms)
    everything = [s.ms for s in results.samples]
    dynamic = [s.ms for s in results.samples if s.label != STATIC_LABEL]
    wall = max(results.finished - results.started, 1e-9)

    def stats(values):
        return {"n": len(values), "p50": percentile(values, 50), "p95": percentile(values, 95),
                "p99": percentile(values, 99), "max": max(values) if values else float("nan")}
    thirds = []
    span = (results.finished - results.started) / 3
    for n in range(3):
        lo, hi = results.started + n * span, results.started + (n + 1) * span
        values = [s.ms for s in results.samples if s.label != STATIC_LABEL and lo <= s.at < hi]
        thirds.append({"from": n * span, "to": (n + 1) * span, **stats(values)})
    return {"requests": len(everything), "errors": len(results.errors), "error_samples": results.errors[:10],
            "thirds": thirds, "slow": {k: sum(1 for s in results.samples if s.label == k and s.ms > 150)
                                       for k in sorted(by_label)},
            "seconds": wall, "rps": len(everything) / wall, "all": stats(everything),
            "dynamic": stats(dynamic), "by_label": {k: stats(v) for k, v in sorted(by_label.items())},
            "actions": dict(results.actions), "versions": sorted(results.versions)}


# ------------------------------------------------------------------------------------------------ a browser

class Browser:
    """One user's browser: one keep-alive connection, an HTTP cache (immutable files and ETags)."""

    def __init__(self, base: str, results: Results, version: str, deadline: float, budget, rng: random.Random):
        parts = urlsplit(base)
        self.host, self.port = parts.hostname, parts.port or 80
        self.results, self.version, self.deadline, self.budget, self.rng = results, version, deadline, budget, rng
        self.conn: http.client.HTTPConnection | None = None
        self.immutable: set[str] = set()
        self.etags: dict[str, str] = {}
        self.end_id = ""
        self.loaded_chunks: set[str] = set()  # chunks loaded in the current document
        self.props: dict[str, object] = {}  # the renderer's store: "<id>.<prop>" -> value
        self.deps: list[dict] = []

    def alive(self) -> bool:
        return time.monotonic() < self.deadline and self.budget()

    def request(self, label: str, method: str, path: str, body: bytes | None = None, headers: dict | None = None,
                expect=(200,)) -> tuple[int, bytes, dict]:
        headers = {"Accept-Encoding": ACCEPT_ENCODING, "User-Agent": "vigia-bench", **(headers or {})}
        if body is not None:
            headers["Content-Type"] = "application/json"
        start = time.perf_counter()
        status, data, response_headers, error = 0, b"", {}, None
        for attempt in (1, 2):  # a keep-alive connection the server closed: reconnect once, as a browser does
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                status, response_headers = response.status, {k.lower(): v for k, v in response.getheaders()}
                if response_headers.get("connection", "").lower() == "close":
                    self.conn.close()
                    self.conn = None
                break
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError) as exc:
                self.conn = None
                if attempt == 2:
                    error = f"{method} {path}: {exc!r}"
            except (OSError, http.client.HTTPException) as exc:
                self.conn = None
                error = f"{method} {path}: {exc!r}"
                break
        ms = (time.perf_counter() - start) * 1000
        if error is None and status not in expect:
            error = f"{method} {path}: status {status} (expected {expect}): {data[:200]!r}"
        if error is None and status != 304:
            version = response_headers.get("x-vigia-package")
            if version != self.version:
                error = f"{method} {path}: package {version!r}, health said {self.version!r}"
        if error is None and status == 200:
            encoding = response_headers.get("content-encoding")
            try:
                if encoding in ("br", "gzip"):
                    data = brotli.decompress(data) if encoding == "br" else gzip.decompress(data)
            except Exception as exc:  # noqa: BLE001 - a body that does not decode is an error to report
                error = f"{method} {path}: {encoding} body does not decode: {exc}"
        with self.results.lock:
            if response_headers.get("x-vigia-package"):
                self.results.versions.add(response_headers["x-vigia-package"])
        self.results.add(Sample(label, ms, status, len(data)), error)
        return status, data, response_headers

    # --- what a browser does --------------------------------------------------------------------------
    def static(self, url: str) -> None:
        if url in self.immutable:
            return  # served from the browser's cache without asking
        headers = {"If-None-Match": self.etags[url]} if url in self.etags else {}
        status, _, h = self.request(STATIC_LABEL, "GET", url, headers=headers, expect=(200, 304))
        if status == 200:
            if "immutable" in h.get("cache-control", ""):
                self.immutable.add(url)
            elif h.get("etag"):
                self.etags[url] = h["etag"]

    def page_load(self, path: str, query: dict, label: str = "page content") -> None:
        """A full navigation: the HTML, its scripts, the layout, the dependencies and the page content."""
        url = path + ("?" + urlencode(query) if query else "")
        status, html, _ = self.request("page html", "GET", url, headers={"Accept": "text/html"})
        if status != 200:
            return
        text = html.decode("utf-8", "replace")
        match = re.search(r'"end_id":"([^"]*)"', text)
        self.end_id = match.group(1) if match else ""
        for src in re.findall(r'<(?:script|link)[^>]+(?:src|href)="(/[^"]+)"', text):
            if not src.startswith("/_favicon"):
                self.static(src)
        self.props, self.loaded_chunks = {}, set()  # a new document
        status, layout, _ = self.request("_dash-layout", "GET", "/_dash-layout")
        if status == 200:
            self.record(json.loads(layout))
        status, deps, _ = self.request("_dash-dependencies", "GET", "/_dash-dependencies")
        self.deps = json.loads(deps) if status == 200 else []
        self.navigate(path, query, label)

    def navigate(self, path: str, query: dict, label: str = "page content (link)") -> None:
        """What dcc.Link does: the location changes, Dash's page-content callback runs, then the callbacks of
        the new view that run on load, and the chunks the view needs."""
        self.props["_pages_location.pathname"] = path
        self.props["_pages_location.search"] = "?" + urlencode(query) if query else ""
        self.fire(["_pages_location.pathname", "_pages_location.search"], label)
        chunks = next((files for prefix, files in CHUNKS.items() if path.startswith(prefix)), [])
        for chunk in chunks:
            if chunk not in self.loaded_chunks:
                self.loaded_chunks.add(chunk)
                self.static(chunk)

    # --- Dash's renderer, reduced to what reaches the server ------------------------------------------
    def record(self, tree) -> None:
        """Remember every component's props (by id), as the renderer's store does."""
        if isinstance(tree, list):
            for item in tree:
                self.record(item)
        elif isinstance(tree, dict):
            props = tree.get("props")
            if isinstance(props, dict):
                if isinstance(props.get("id"), str):
                    for key, value in props.items():
                        self.props[f"{props['id']}.{key}"] = value
                self.record(props.get("children"))

    @staticmethod
    def _outputs(spec: str):
        parts = spec[2:-2].split("...") if spec.startswith("..") else [spec]
        outs = [dict(zip(("id", "property"), part.split("@")[0].rsplit(".", 1), strict=True)) for part in parts]
        return outs if spec.startswith("..") else outs[0]

    def fire(self, changed: list[str], label: str | None = None, initial: bool = False, depth: int = 0) -> None:
        """Send the server callbacks that `changed` props trigger (or, `initial`, those that run when a view
        appears), apply their answers, and follow the chain. Clientside callbacks send nothing."""
        for dep in self.deps if depth < 5 else []:
            keys = [f"{i['id']}.{i['property']}" for i in dep["inputs"]]
            if dep.get("clientside_function"):
                continue
            if initial:
                if dep.get("prevent_initial_call") or not all(k in self.props for k in keys):
                    continue
                triggered = []
            else:
                triggered = [k for k in keys if k in changed]
                if not triggered:
                    continue
            body = {"output": dep["output"], "outputs": self._outputs(dep["output"]),
                    "inputs": [{**i, "value": self.props.get(f"{i['id']}.{i['property']}")} for i in dep["inputs"]],
                    "changedPropIds": triggered, "parsedChangedPropsIds": triggered}
            if dep["state"]:
                body["state"] = [{**st, "value": self.props.get(f"{st['id']}.{st['property']}")} for st in dep["state"]]
            name = label or next((LABELS[k] for k in keys if k in LABELS), "callback: " + ", ".join(keys))
            path = "/_dash-update-component" + (f"?endId={self.end_id}" if self.end_id else "")
            status, data, _ = self.request(name, "POST", path, body=json.dumps(body).encode())
            if status != 200:
                continue
            try:
                answer = json.loads(data)["response"]
            except (ValueError, KeyError):
                self.results.add(Sample(name + " (bad answer)", 0, status, len(data)), f"POST {name}: not Dash's JSON")
                continue
            updated = []
            for component, props in answer.items():
                for prop, value in props.items():
                    self.props[f"{component}.{prop}"] = value
                    updated.append(f"{component}.{prop}")
                    self.record(value)
            self.fire(updated, depth=depth + 1)
            if any(k.startswith("_pages_content.") for k in updated):
                self.fire([], initial=True, depth=depth + 1)  # the new view's own callbacks

    def links(self, container: str) -> dict[str, str]:
        """The download links (format -> href) inside a component, as they are on show."""
        found = {}

        def walk(node):
            if isinstance(node, list):
                for item in node:
                    walk(item)
            elif isinstance(node, dict) and isinstance(node.get("props"), dict):
                props = node["props"]
                if props.get("href") and props.get("data-format"):
                    found[props["data-format"]] = props["href"]
                walk(props.get("children"))
        walk(self.props.get(f"{container}.children"))
        return found

    def download(self, href: str | None, mimetype: str, **override) -> None:
        if not href:
            return
        parts = urlsplit(href)
        query = dict(parse_qsl(parts.query))
        query.update({k: str(v) for k, v in override.items()})  # what assets/vigia.js does to the map's links
        status, data, headers = self.request("download " + parts.path.rsplit(".", 1)[-1], "GET",
                                             parts.path + "?" + urlencode(query))
        if status == 200 and not headers.get("content-type", "").startswith(mimetype):
            self.results.add(Sample("download (bad type)", 0, status, len(data)),
                             f"GET {href}: {headers.get('content-type')} (expected {mimetype})")


# ------------------------------------------------------------------------------------------------ a user

@dataclass
class Site:
    """What there is to click: read from the same package the server serves."""
    map_indicators: list[str]
    map_years: dict[str, list[int]]
    regions: list[str]
    panel_indicators: list[str]
    series_places: dict[str, list[str]]


def read_site(package: Path | None = None) -> Site:
    from dashboard.catalog import Catalog
    from dashboard.data import load_package
    from dashboard.panels import configured_panels
    c = Catalog(load_package(package) if package else load_package())
    panels = sorted({p["indicator"] for p in configured_panels(c)})
    places = {i: sorted(set(c.rows(i).geography_id)) for i in panels}
    return Site(list(c.map_indicators), {i: sorted(c.map_cells(i)) for i in c.map_indicators}, list(c.map_units),
                panels, places)


PNG_SHARE = float(os.environ.get("VIGIA_BENCH_PNG", "1"))  # 0: no PNG downloads (to see what they cost)


def user(browser: Browser, site: Site, think: tuple[float, float], results: Results) -> None:
    rng = browser.rng
    lang = "en" if rng.random() < 0.2 else "es"
    q = {"lang": lang}  # every link in the app carries ?lang=

    def pause():
        time.sleep(min(rng.uniform(*think), max(0.0, browser.deadline - time.monotonic())))
        return browser.alive()

    def count(action):
        with results.lock:
            results.actions[action] += 1

    count("arrive (overview, cold cache)")
    browser.page_load("/", {} if lang == "es" else q)  # typed or bookmarked
    while pause():
        choice = rng.choices(["overview", "map", "region", "indicator", "sources"], weights=[2, 4, 2, 3, 1])[0]
        if choice == "overview":
            count("overview (link)")
            browser.navigate("/", q)
        elif choice == "map":
            count("map (link)")
            browser.navigate("/mapa", q)
            indicator = browser.props.get("map-indicator.value") or site.map_indicators[0]
            year = browser.props.get("map-year.value")
            for _ in range(rng.randint(1, 4)):  # slider or play: runs in the browser, sends nothing
                if not pause():
                    return
                count("map year change (in the browser, no request)")
                year = rng.choice(site.map_years.get(indicator, [year]))
                browser.props["map-year.value"] = year
            if rng.random() < 0.4 and pause():
                count("map indicator change (callback)")
                indicator = rng.choice(site.map_indicators)
                browser.props["map-indicator.value"] = indicator
                browser.fire(["map-indicator.value"], "map indicator change")
                year = browser.props.get("map-year.value", year)
            if rng.random() < 0.35 and pause():
                count("download map CSV")
                browser.download(browser.links("map-downloads").get("csv"), "text/csv", indicator=indicator, year=year)
            if rng.random() < 0.15 * PNG_SHARE and pause():
                count("download map PNG")
                browser.download(browser.links("map-downloads").get("png"), "image/png", indicator=indicator, year=year)
            if rng.random() < 0.5 and pause():
                count("map click -> region (page load)")
                browser.page_load(f"/region/{rng.choice(site.regions)}", q)
        elif choice == "region":
            count("region profile (page load)")
            browser.page_load(f"/region/{rng.choice(site.regions)}", q)
        elif choice == "indicator":
            count("indicator (page load from a panel)")
            indicator = rng.choice(site.panel_indicators)
            browser.page_load(f"/indicador/{indicator}", q)  # its chart callback runs once the page is drawn
            places = site.series_places[indicator]
            if len(places) > 1 and rng.random() < 0.5 and pause():
                count("indicator places change (callback)")
                chosen = browser.props.get("ind-regions.value") or []
                browser.props["ind-regions.value"] = sorted(set(chosen + [rng.choice(places)]))
                browser.fire(["ind-regions.value"], "indicator chart")
            if rng.random() < 0.35 and pause():
                count("download series CSV")
                browser.download(browser.links("ind-downloads").get("csv"), "text/csv")
            if rng.random() < 0.15 * PNG_SHARE and pause():
                count("download series PNG")
                browser.download(browser.links("ind-downloads").get("png"), "image/png")
        else:
            count("sources (link)")
            browser.navigate("/fuentes", q)


# ------------------------------------------------------------------------------------------------ running

def check_loopback(url: str) -> None:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return
    try:
        if ipaddress.ip_address(host).is_loopback:
            return
    except ValueError:
        pass
    raise SystemExit(f"refusing to load {url}: this bench only targets loopback addresses (127.0.0.0/8, ::1)")


def health(base: str, timeout: float = 5) -> dict:
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        conn.request("GET", "/healthz")
        response = conn.getresponse()
        body = response.read()
        if response.status != 200:
            raise RuntimeError(f"/healthz answered {response.status}")
        return json.loads(body)
    finally:
        conn.close()


def run(base: str, users: int = 50, duration: float = 120, think: tuple[float, float] = (2.0, 6.0),
        max_requests: int = 200_000, seed: int = 1, site: Site | None = None, package: Path | None = None,
        ramp: float = 5.0) -> dict:
    """Run `users` simulated users against `base` for `duration` seconds; returns the summary."""
    check_loopback(base)
    version = health(base)["package_version"]
    load_start = os.getloadavg()[0]
    site = site or read_site(package)
    results = Results()
    deadline = time.monotonic() + duration
    budget = lambda: results.count() < max_requests  # noqa: E731
    threads = []
    results.started = time.monotonic()
    for n in range(users):
        rng = random.Random(seed * 1000 + n)
        browser = Browser(base, results, version, deadline, budget, rng)
        delay = ramp * n / max(users, 1)

        def go(browser=browser, delay=delay):
            time.sleep(delay)  # users arrive over the first seconds, not all in the same millisecond
            try:
                user(browser, site, think, results)
            except Exception as exc:  # noqa: BLE001 - a crash in the simulation is an error, not a hang
                results.add(Sample("user crashed", 0, 0, 0), f"user crashed: {exc!r}")
        thread = threading.Thread(target=go, daemon=True, name=f"user-{n}")
        thread.start()
        threads.append(thread)
    for thread in threads:
        thread.join(timeout=max(0.0, deadline - time.monotonic()) + 90)  # a request in flight may finish
    results.finished = time.monotonic()
    stuck = sum(t.is_alive() for t in threads)
    if stuck:
        results.errors.append(f"{stuck} users still waiting on a response 90 s after the end")
    return {**summary(results), "load": (load_start, os.getloadavg()[0])}


# ------------------------------------------------------------------------------------------------ gunicorn

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return sorted(out)


def rss_mib(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def tree_cpu_seconds(pid: int) -> float:
    total, todo = 0.0, children(pid)
    while todo:
        child = todo.pop()
        total += cpu_seconds(child) + _reaped_children_cpu(child)
        todo += children(child)
    return total


def _reaped_children_cpu(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[13]) + int(fields[14])) / os.sysconf("SC_CLK_TCK")  # cutime + cstime


def pss_mib(pid: int) -> float:
    """Proportional set size: shared pages divided among the processes sharing them."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def tree_pss_mib(pid: int) -> float:
    """Memory of a process's descendants (the Chromium a worker starts to render PNGs), as PSS: summing
    their RSS would count Chromium's shared pages once per process."""
    total, todo = 0.0, children(pid)
    while todo:
        child = todo.pop()
        total += pss_mib(child)
        todo += children(child)
    return total


class Gunicorn:
    """gunicorn with the project's gunicorn.conf.py on a free loopback port; stopped by its pid."""

    def __init__(self, workers: int = 2, threads: int | None = None, env: dict | None = None, log: Path | None = None):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.workers = workers
        self.env = {**os.environ, "VIGIA_BIND": f"127.0.0.1:{self.port}", "VIGIA_WORKERS": str(workers),
                    "PYTHONUNBUFFERED": "1", **({"VIGIA_THREADS": str(threads)} if threads else {}), **(env or {})}
        self.log_path = log
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 120) -> Gunicorn:
        gunicorn = Path(sys.executable).with_name("gunicorn")
        command = [str(gunicorn)] if gunicorn.exists() else [sys.executable, "-m", "gunicorn"]
        self.log = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL
        self.proc = subprocess.Popen([*command, "-c", str(ROOT / "gunicorn.conf.py")], cwd=ROOT, env=self.env,
                                     stdout=self.log, stderr=self.log)
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.proc.returncode}")
            try:
                health(self.base, timeout=2)
                if len(self.worker_pids()) >= self.workers:
                    return self
            except (OSError, RuntimeError, ValueError):
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer on {self.base} within {timeout} s")

    def worker_pids(self) -> list[int]:
        return children(self.proc.pid) if self.proc else []

    def wait_for_workers(self, timeout: float = 60, warm: bool = False) -> list[int]:
        """Until every worker answers /healthz (each worker loads the app before it takes requests), and,
        with `warm`, says its warm-up is done (as a load balancer's readiness check would wait)."""
        end = time.monotonic() + timeout
        seen: set[int] = set()
        while time.monotonic() < end:
            pids = set(self.worker_pids())
            try:
                answer = health(self.base)
                if answer.get("warm", True) or not warm:
                    seen.add(answer["pid"])
            except (OSError, RuntimeError, ValueError):
                pass
            if len(pids) >= self.workers and pids <= seen:
                return sorted(pids)
            time.sleep(0.05)
        return sorted(self.worker_pids())

    def stop(self, graceful: bool = True) -> None:
        """SIGTERM (finish the requests in progress) or SIGQUIT (stop now), to this gunicorn's master only."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM if graceful else signal.SIGQUIT)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        if self.log not in (None, subprocess.DEVNULL):
            self.log.close()

    def __enter__(self) -> Gunicorn:
        return self.start()

    def __exit__(self, *_) -> None:
        self.stop()


# ------------------------------------------------------------------------------------------------ report

def report(result: dict, memory: dict | None = None, target_p95: float = 150.0) -> str:
    lines = [f"{result['requests']} requests in {result['seconds']:.0f} s ({result['rps']:.1f}/s), "
             f"errors: {result['errors']}, package versions seen: {', '.join(result['versions'])}"]
    for name in ("all", "dynamic"):
        s = result[name]
        what = "all requests" if name == "all" else "all but static files (pages, callbacks, downloads)"
        lines.append(f"  {what:<52} p50 {s['p50']:6.1f} ms  p95 {s['p95']:6.1f} ms  p99 {s['p99']:7.1f} ms  "
                     f"max {s['max']:7.1f} ms")
    for t in result.get("thirds", []):
        lines.append(f"    {t['from']:4.0f}-{t['to']:4.0f} s (all but static){'':<22} p50 {t['p50']:6.1f} ms  "
                     f"p95 {t['p95']:6.1f} ms  p99 {t['p99']:7.1f} ms  ({t['n']} requests)")
    lines.append(f"  {'by request':<28} {'n':>6} {'p50':>8} {'p95':>8} {'p99':>8} {'max':>8}  (ms)")
    for label, s in result["by_label"].items():
        lines.append(f"  {label:<28} {s['n']:>6} {s['p50']:8.1f} {s['p95']:8.1f} {s['p99']:8.1f} {s['max']:8.1f}")
    lines.append("  requests over 150 ms: " + "; ".join(f"{k} {v}" for k, v in result.get("slow", {}).items() if v))
    lines.append("  actions: " + "; ".join(f"{k} {v}" for k, v in sorted(result["actions"].items())))
    for e in result["error_samples"]:
        lines.append(f"  error: {e}")
    if memory:
        for pid, (start, end, renderer) in memory.items():
            lines.append(f"  worker {pid}: RSS {start:6.0f} MiB at start, {end:6.0f} MiB at end"
                         + (f" (+ {renderer:.0f} MiB PSS in the Chromium it draws PNGs with)" if renderer else ""))
    if result.get("cpu_seconds"):
        lines.append("  CPU seconds during the run: "
                     + "; ".join(f"{k} {v:.0f}" for k, v in result["cpu_seconds"].items()))
    if result.get("load"):
        lines.append(f"  machine load average (1 min) at start {result['load'][0]:.1f}, at end {result['load'][1]:.1f} "
                     f"on {os.cpu_count()} cores (other work on the machine shows up in the latencies)")
    p95 = result["dynamic"]["p95"]
    lines.append(f"  p95 (all but static) {p95:.1f} ms: {'within' if p95 < target_p95 else 'OVER'} the "
                 f"{target_p95:.0f} ms target; errors {'none' if not result['errors'] else result['errors']}")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=120, help="seconds (the run stops by itself)")
    parser.add_argument("--max-requests", type=int, default=200_000, help="stop after this many requests")
    parser.add_argument("--think", type=float, nargs=2, default=(2.0, 6.0), metavar=("MIN", "MAX"))
    parser.add_argument("--workers", type=int, default=max(2, os.cpu_count() or 1),
                        help="default: one per core, as gunicorn.conf.py")
    parser.add_argument("--threads", type=int, help="default: gunicorn.conf.py's")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--url", help="a server already running on 127.0.0.1 (default: start gunicorn)")
    parser.add_argument("--redis", action="store_true",
                        help="start a private redis-server (unix socket, no TCP) and share the cache through it")
    parser.add_argument("--cold", action="store_true",
                        help="start the users as soon as the workers answer, before their warm-up is done")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    args = parser.parse_args()
    site = read_site()
    if args.url:
        check_loopback(args.url)
        result = run(args.url, args.users, args.duration, tuple(args.think), args.max_requests, args.seed, site)
        print(report(result))
        memory = None
    else:
        env, redis = {}, None
        if args.redis:
            redis, env["VIGIA_REDIS_URL"] = start_redis()
        try:
            result, memory = run_with_gunicorn(args, site, env)
        finally:
            if redis:
                redis.terminate()  # by its pid: the one this run started
                redis.wait(timeout=10)
                shutil.rmtree(Path(env["VIGIA_REDIS_URL"].removeprefix("unix://")).parent, ignore_errors=True)
        print(report(result, memory))
    if args.json:
        args.json.write_text(json.dumps({"result": result, "memory": memory}, indent=2, default=str))
    return 0 if result["errors"] == 0 else 1


def start_redis() -> tuple[subprocess.Popen, str]:
    """A throwaway redis-server listening on a unix socket only (port 0: no TCP at all)."""
    if not shutil.which("redis-server"):
        raise SystemExit("--redis needs redis-server (apt-get install redis-server)")
    folder = Path(tempfile.mkdtemp(prefix="vigia-redis-"))
    sock = folder / "redis.sock"
    proc = subprocess.Popen(["redis-server", "--port", "0", "--unixsocket", str(sock), "--save", "",
                             "--appendonly", "no", "--dir", str(folder)], stdout=subprocess.DEVNULL)
    for _ in range(100):
        if sock.exists():
            return proc, f"unix://{sock}"
        time.sleep(0.05)
    proc.terminate()
    raise SystemExit("redis-server did not start")


def run_with_gunicorn(args, site: Site, env: dict) -> tuple[dict, dict]:
    with Gunicorn(args.workers, args.threads, env=env, log=Path("/tmp/vigia-bench-gunicorn.log")) as server:
        ready = time.monotonic()
        pids = server.wait_for_workers(timeout=120, warm=not args.cold)
        ready = time.monotonic() - ready
        start_rss = {pid: rss_mib(pid) for pid in pids}
        start_cpu = {pid: cpu_seconds(pid) for pid in pids}
        bench_cpu = time.process_time()
        print(f"workers {'answering' if args.cold else 'warm'} {ready:.1f} s after they answered; "
              f"RSS now {', '.join(f'{rss_mib(p):.0f}' for p in pids)} MiB", flush=True)
        print(f"gunicorn on {server.base}: {len(pids)} workers x {args.threads or 'default'} threads, cache "
              f"{'in redis' if env.get('VIGIA_REDIS_URL') else 'per process'}; {args.users} users for "
              f"{args.duration:.0f} s (log: /tmp/vigia-bench-gunicorn.log)", flush=True)
        result = run(server.base, args.users, args.duration, tuple(args.think), args.max_requests, args.seed, site)
        memory = {pid: (start_rss[pid], rss_mib(pid), tree_pss_mib(pid)) for pid in pids}
        result["cpu_seconds"] = {**{f"worker {pid}": cpu_seconds(pid) - start_cpu[pid] for pid in pids},
                                 **{f"worker {pid} Chromium": tree_cpu_seconds(pid) for pid in pids},
                                 "bench client": time.process_time() - bench_cpu}
        respawned = sorted(set(server.worker_pids()) - set(pids))
        if respawned:
            result["errors"] += 1
            result["error_samples"].append(f"workers died and were replaced during the run: {respawned}")
        result["cache"] = "redis" if env.get("VIGIA_REDIS_URL") else "per process"
    return result, memory




if __name__ == "__main__":
    sys.exit(main())
