"""How fast the regional map is, and what it sends, against the straightforward way of building it.

    python bench/bench_map.py [--quick]

Prints figures; passes or fails nothing. Loopback only; Debian Chromium (/usr/bin/chromium) through Playwright;
bounded (about 2-3 minutes; every phase has a time cap and the whole run a deadline) and stops by itself.

What is measured
- Vigía (`dashboard.app.create_app`, served as `make run` serves it: werkzeug, threaded, one process):
  * time from navigation start to a drawn map (every `path.choroplethlocation` of the figure present), cold
    (new browser context, empty cache) and warm (same context, second load); 5 runs each, median;
  * year change: measured inside the browser, from the slider's keydown to the map's fills being those
    `map_figure` gives that year (plus the next animation frame); requests and bytes it causes;
  * indicator change (coca_area -> forest_loss, a server callback): the request the browser sends is captured
    once with Playwright (its timing is the first, uncached call), then replayed with `requests` by 1 and by 20
    concurrent clients (threads), 200 requests each: as captured ("same payload": a response cache, if the
    app has one, answers these) and made distinct ("distinct": each one a cache miss, the same server work);
    its bytes on the wire and decoded.
- "Straightforward" app (built here, not in the repo): a server callback rebuilds `px.choropleth(df,
  geojson=<the full GeoJSON dict>, ...)` on every year change, with the same local topojson preload (it serves
  /work/main/assets). Year change in the browser (keydown -> redrawn map) and replayed with 1 and 20 clients.

Each server runs in its own process (this script with --serve), so the client threads do not share its GIL.
"""
from __future__ import annotations

import argparse
import gzip
import json
import logging
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard.chromium import CHROMIUM, OFFLINE_ARGS  # noqa: E402
from tests.browser.conftest import FILLS_ARE  # noqa: E402

VIEWPORT = {"width": 1280, "height": 900}
MAP_PATH = "/mapa?indicator=coca_area&year=2024&lang=es"
DEADLINE_S = 170  # the whole run; each phase below also has its own cap

# ------------------------------------------------------------------------------------------------ servers


def plain_app():
    """The straightforward version: the figure, GeoJSON included, rebuilt on the server at every year change."""
    import dash
    import pandas as pd
    import plotly.express as px
    from dash import Input, Output, dcc, html

    from dashboard.catalog import Catalog
    from dashboard.data import load_package
    from etl.paths import GEO

    catalog = Catalog(load_package())
    geojson = json.loads((GEO / "peru_departments.geojson").read_text(encoding="utf-8"))
    by_year = {year: pd.DataFrame([(u, float(c.row["value"])) for u, c in cells.items() if c.state == "value"],
                                  columns=["unit", "value"])
               for year, cells in catalog.map_cells("coca_area").items()}
    years = sorted(by_year)
    top = max(float(df.value.max()) for df in by_year.values())
    app = dash.Dash(__name__, assets_folder=str(ROOT / "assets"), assets_ignore=r"map\.js|vigia\.css",
                    serve_locally=True, update_title=None)
    app.layout = html.Div([
        dcc.Slider(id="plain-year", min=years[0], max=years[-1], step=1, value=years[-1],
                   marks={y: str(y) for y in years}),
        dcc.Graph(id="plain-graph", config={"displaylogo": False}),
    ])

    @app.callback(Output("plain-graph", "figure"), Input("plain-year", "value"))
    def draw(year):
        figure = px.choropleth(by_year[year], geojson=geojson, locations="unit", featureidkey="id", color="value",
                               range_color=(0, top), color_continuous_scale="Viridis_r", title=f"Coca {year}")
        figure.update_geos(fitbounds="locations", visible=False, scope="south america", resolution=110,
                           projection_type="mercator")
        figure.update_layout(height=640, margin={"l": 0, "r": 0, "t": 40, "b": 0})
        return figure

    return app


def serve(kind: str) -> None:
    """Child process: serve one app on a free loopback port, print the port, serve until killed."""
    from werkzeug.serving import make_server
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    if kind == "vigia":
        from dashboard.app import create_app
        app = create_app()
    else:
        app = plain_app()
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    print(server.server_port, flush=True)
    server.serve_forever()


class Server:
    def __init__(self, kind: str):
        self.process = subprocess.Popen([sys.executable, __file__, "--serve", kind], cwd=ROOT,
                                        stdout=subprocess.PIPE, text=True)
        self.kind = kind

    def url(self) -> str:
        line = self.process.stdout.readline().strip()
        if not line.isdigit():
            raise SystemExit(f"the {self.kind} server did not start")
        return f"http://127.0.0.1:{line}"

    def stop(self) -> None:
        self.process.terminate()  # only the process this script started
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()


# ------------------------------------------------------------------------------------------------ helpers

def pct(values: list[float], q: int) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def ms(x: float) -> str:
    return "—" if x != x else (f"{x:.0f}" if x >= 10 else f"{x:.1f}")


def kib(n: float | None) -> str:
    return "—" if n is None else ("0" if n == 0 else f"{n / 1024:.1f} KiB")


def rgb(colour: str) -> str:
    colour = colour.lstrip("#")
    return "rgb({}, {}, {})".format(*(int(colour[i:i + 2], 16) for i in (0, 2, 4)))


_CATALOG = []


def catalog():
    if not _CATALOG:
        from dashboard.catalog import Catalog
        from dashboard.data import load_package
        _CATALOG.append(Catalog(load_package()))
    return _CATALOG[0]


def expected_fills(indicator: str, lang: str = "es") -> dict[str, dict[str, str]]:
    """Per year, {"geo|PE-LOR": "rgb(...)"} as the repo's figure builder colours it."""
    from dashboard.figures.map import map_figure
    figure = map_figure(catalog(), indicator, lang)
    return {f["name"]: {f"{t['geo']}|{loc}": rgb(t["colorscale"][0][1]) for t in f["data"] for loc in t["locations"]}
            for f in figure["frames"]}




# In the page: the time of the last keydown, and a promise that settles when the map shows the target state
# (checked on every DOM mutation inside the graph), resolving to [ms to that DOM state, ms to the next frame].
INSTALL = """() => {
    window.__bench = {t0: null};
    window.addEventListener('keydown', () => { window.__bench.t0 = performance.now(); }, true);
}"""
ARM = """([graph, mode, target]) => {
    const root = document.getElementById(graph);
    const ready = () => {
        if (mode === 'fills') {
            const paths = root.querySelectorAll('path.choroplethlocation');
            if (paths.length !== Object.keys(target).length) return false;
            for (const p of paths) {
                const geo = p.closest('g.geo').classList.contains('geo2') ? 'geo2' : 'geo';
                if (!p.__data__ || target[geo + '|' + p.__data__.loc] !== getComputedStyle(p).fill) return false;
            }
            return true;
        }
        const title = root.querySelector('.gtitle');
        return !!title && title.textContent === target && root.querySelectorAll('path.choroplethlocation').length > 0;
    };
    window.__bench.done = new Promise((resolve, reject) => {
        const timer = setTimeout(() => { observer.disconnect(); reject(new Error('map did not change')); }, 10000);
        const observer = new MutationObserver(() => {
            if (window.__bench.t0 === null || !ready()) return;
            const t1 = performance.now();
            observer.disconnect(); clearTimeout(timer);
            requestAnimationFrame(() => resolve([t1 - window.__bench.t0, performance.now() - window.__bench.t0]));
        });
        observer.observe(root, {subtree: true, childList: true, attributes: true, characterData: true});
    });
    window.__bench.t0 = null;
}"""


def new_context(browser):
    return browser.new_context(viewport=VIEWPORT, locale="es-PE", timezone_id="America/Lima")


class Network:
    """Requests a page makes, so an interaction's requests and bytes can be counted; external ones flagged."""
    def __init__(self, page):
        self.requests, self.external = [], []
        page.on("request", self._on)

    def _on(self, request):
        self.requests.append(request)
        if not request.url.startswith(("http://127.0.0.1", "data:", "blob:")):
            self.external.append(request.url)

    def mark(self) -> int:
        return len(self.requests)

    def since(self, mark: int, skip_favicon: bool = True) -> list:
        return [r for r in self.requests[mark:] if not (skip_favicon and "/_favicon.ico" in r.url)]

    @staticmethod
    def response_bytes(requests) -> int:
        total = 0
        for r in requests:
            response = r.response()
            if response is not None:
                sizes = r.sizes()
                total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
        return total


def time_to_map(page, url: str, expected_paths: int) -> float:
    """ms from navigation start to every expected choropleth path in the DOM (in the page's own clock)."""
    page.goto(url, wait_until="commit")
    return page.wait_for_function(
        "(n) => document.querySelectorAll('#map-graph path.choroplethlocation').length === n && performance.now()",
        arg=expected_paths, polling="raf", timeout=30_000).json_value()


def year_changes(page, graph: str, mode: str, targets: list, keys: list[str],
                 budget_s: float) -> list[tuple[float, float]]:
    thumb = page.get_by_role("slider")
    thumb.focus()
    out, stop = [], time.monotonic() + budget_s
    for key, target in zip(keys, targets, strict=True):
        if time.monotonic() > stop:
            break
        page.evaluate(ARM, [graph, mode, target])
        page.keyboard.press(key)
        out.append(tuple(page.evaluate("() => window.__bench.done")))
    return out


def key_sequence(years: list[int], start: int, n: int) -> tuple[list[str], list[int]]:
    """Walk the slider: ArrowRight to the end, then Home back to the first year; returns keys and years."""
    keys, shown, year = [], [], start
    for _ in range(n):
        if year == years[-1]:
            key, year = "Home", years[0]
        else:
            key, year = "ArrowRight", years[years.index(year) + 1]
        keys.append(key)
        shown.append(year)
    return keys, shown


def distinct_bodies(body: bytes, n: int) -> list[bytes]:
    """`n` copies of the captured indicator-change request that a response cache keyed on the request cannot
    answer: each puts another year the indicator does not have in the slider's `state`; the callback answers
    that with the latest year, as it does for any year the new indicator lacks. The server work is the same."""
    payload = json.loads(body)
    slider = next(s for s in payload["state"] if s["id"] == "map-year" and s["property"] == "value")
    base = 100_000 + time.time_ns() % 1_000_000 * 1000
    out = []
    for i in range(n):
        slider["value"] = base + i
        out.append(json.dumps(payload).encode())
    return out


def replay(url: str, body: bytes, headers: dict, clients: int, total: int, budget_s: float,
           distinct: bool = False) -> dict:
    """`total` POSTs of one captured callback request, spread over `clients` threads started together
    (`distinct`: every request made unanswerable by a response cache, see distinct_bodies)."""
    import requests
    per_client = max(1, total // clients)
    latencies, errors, sizes, wire = [], [], [], []
    lock, barrier = threading.Lock(), threading.Barrier(clients)
    stop = time.monotonic() + budget_s
    bodies = distinct_bodies(body, per_client * clients) if distinct else None

    def client(index: int):
        session = requests.Session()
        session.headers.update(headers)
        barrier.wait()
        for k in range(per_client):
            if time.monotonic() > stop:
                break
            start = time.perf_counter()
            try:
                response = session.post(url, data=bodies[index * per_client + k] if distinct else body, timeout=60)
                elapsed = (time.perf_counter() - start) * 1000
                with lock:
                    if response.status_code == 200:
                        latencies.append(elapsed)
                        sizes.append(len(response.content))
                        wire.append(int(response.headers.get("Content-Length", len(response.content))))
                    else:
                        errors.append(response.status_code)
            except requests.RequestException as exc:
                with lock:
                    errors.append(type(exc).__name__)
        session.close()

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    wall = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=budget_s + 60)
    wall = time.perf_counter() - wall
    return {"n": len(latencies), "errors": errors, "p50": pct(latencies, 50), "p95": pct(latencies, 95),
            "rps": len(latencies) / wall if wall else 0, "bytes": statistics.median(sizes) if sizes else None,
            "wire": statistics.median(wire) if wire else None}


def capture(page, network: Network, action, marker: str):
    """Do `action` on the page and return the one callback request whose body mentions `marker`."""
    mark = network.mark()
    action()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        found = [r for r in network.since(mark) if "/_dash-update-component" in r.url and marker in (r.post_data or "")]
        if found and found[0].response() is not None:
            return found[0]
        page.wait_for_timeout(50)
    raise SystemExit(f"no callback request for {marker} was seen")


def replay_headers(request) -> dict:
    keep = {"content-type", "accept", "x-csrftoken"}
    return {k: v for k, v in request.headers.items() if k.lower() in keep}


# ------------------------------------------------------------------------------------------------ the run

def wire_and_decoded(request) -> tuple[int, int, str]:
    """(bytes on the wire incl. headers, decoded body bytes, content-encoding) of one answered request."""
    response = request.response()
    sizes = request.sizes()
    return (sizes["responseBodySize"] + sizes["responseHeadersSize"], len(response.body()),
            response.headers.get("content-encoding", "none"))


def main(quick: bool) -> None:
    from playwright.sync_api import sync_playwright
    started = time.monotonic()

    def left(cap: float) -> float:
        return max(0.0, min(cap, DEADLINE_S - (time.monotonic() - started)))

    runs = 2 if quick else 5
    total_requests = 40 if quick else 200
    # seconds per replay phase; an uncached indicator change costs ~0.3 s of server time, so 200 of them
    # would not fit the run's time: those phases stop at their cap and the table says how many were done
    same_cap, distinct_cap, plain_cap = (5, 6, 6) if quick else (10, 15, 18)
    browser_samples = 10 if quick else 40
    plain_samples = 6 if quick else 20

    if not Path(CHROMIUM).exists():
        raise SystemExit(f"needs Debian Chromium at {CHROMIUM} (apt-get install -y chromium fonts-dejavu-core)")

    fills = expected_fills("coca_area")
    forest_fills = expected_fills("forest_loss")
    forest_name = catalog().name("forest_loss", "es")
    years = [int(y) for y in fills]
    expected_paths = len(fills["2024"])
    servers = {kind: Server(kind) for kind in ("vigia", "plain")}
    results: dict = {"external": []}
    try:
        vigia, plain = servers["vigia"].url(), servers["plain"].url()
        print(f"servers up after {time.monotonic() - started:.1f} s (vigia {vigia}, plain {plain})", flush=True)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=OFFLINE_ARGS)
            print(f"Chromium {browser.version} ({CHROMIUM})", flush=True)

            # 1. navigation -> drawn map, cold (new context) and warm (same context, second load)
            cold, warm, first_load = [], [], []
            for _ in range(runs):
                context = new_context(browser)
                page = context.new_page()
                network = Network(page)
                cold.append(time_to_map(page, vigia + MAP_PATH, expected_paths))
                page.wait_for_load_state("networkidle")
                first_load.append(Network.response_bytes(network.since(0, skip_favicon=False)))
                page.close()
                page = context.new_page()
                network2 = Network(page)
                warm.append(time_to_map(page, vigia + MAP_PATH, expected_paths))
                results["external"] += network.external + network2.external
                context.close()
            results["load"] = {"cold": cold, "warm": warm, "bytes": statistics.median(first_load)}
            print(f"load: cold {[round(x) for x in cold]} ms, warm {[round(x) for x in warm]} ms", flush=True)

            # 2. Vigía year change, in the browser
            context = new_context(browser)
            page = context.new_page()
            network = Network(page)
            time_to_map(page, vigia + MAP_PATH, expected_paths)
            page.wait_for_load_state("networkidle")
            page.evaluate(INSTALL)
            keys, shown = key_sequence(years, 2024, browser_samples)
            mark = network.mark()
            samples = year_changes(page, "map-graph", "fills", [fills[str(y)] for y in shown], keys, left(30))
            during = network.since(mark)
            results["vigia_year"] = {"dom": [s[0] for s in samples], "frame": [s[1] for s in samples],
                                     "requests": len(during), "bytes": Network.response_bytes(during),
                                     "posts": sum("/_dash-update-component" in r.url for r in during)}
            print(f"vigia year change: {len(samples)} samples, {len(during)} requests", flush=True)

            # 3. Vigía indicator change: capture the browser's request once (a first, uncached call), check that
            #    the map redraws, then replay it
            page.locator("#map-indicator").click()
            option = page.get_by_role("option", name=forest_name, exact=True)
            request = capture(page, network, option.click, '"value":"forest_loss"')
            kept = str(shown[-1]) if str(shown[-1]) in forest_fills else max(forest_fills, key=int)  # as the callback
            page.wait_for_function(FILLS_ARE, arg=forest_fills[kept])
            wire, decoded, encoding = wire_and_decoded(request)
            sizes = request.sizes()
            timing = request.timing
            results["vigia_indicator_bytes"] = {
                "request": sizes["requestBodySize"] + sizes["requestHeadersSize"], "wire": wire, "decoded": decoded,
                "encoding": encoding, "gzip": len(gzip.compress(request.response().body(), 6)),
                "first_ms": timing["responseEnd"] - timing["requestStart"]}
            results["external"] += network.external
            context.close()
            body, url, headers = request.post_data_buffer, request.url, replay_headers(request)
            results["vigia_same"] = {c: replay(url, body, headers, c, total_requests, left(same_cap))
                                     for c in (1, 20)}
            results["vigia_distinct"] = {c: replay(url, body, headers, c, total_requests, left(distinct_cap),
                                                   distinct=True) for c in (1, 20)}
            print("vigia indicator change replayed", flush=True)

            # 4. the straightforward app: year change in the browser, then replayed
            context = new_context(browser)
            page = context.new_page()
            network = Network(page)
            page.goto(plain + "/")
            page.wait_for_function("() => { const t = document.querySelector('#plain-graph .gtitle');"
                                   " return t && t.textContent === 'Coca 2024' && document"
                                   ".querySelectorAll('#plain-graph path.choroplethlocation').length > 0; }",
                                   timeout=30_000)
            page.wait_for_load_state("networkidle")
            page.evaluate(INSTALL)
            keys, shown = key_sequence(years, 2024, plain_samples)
            mark = network.mark()
            samples = year_changes(page, "plain-graph", "title", [f"Coca {y}" for y in shown], keys, left(30))
            during = [r for r in network.since(mark) if "/_dash-update-component" in r.url]
            plain_request = during[-1]
            wire, decoded, encoding = wire_and_decoded(plain_request)
            sizes = plain_request.sizes()
            results["plain_year"] = {
                "dom": [s[0] for s in samples], "frame": [s[1] for s in samples], "posts": len(during),
                "requests": len(network.since(mark)), "wire": Network.response_bytes(during) / max(1, len(during)),
                "decoded": decoded, "encoding": encoding,
                "request": sizes["requestBodySize"] + sizes["requestHeadersSize"],
                "gzip": len(gzip.compress(plain_request.response().body(), 6))}
            results["external"] += network.external
            context.close()
            results["plain_replay"] = {c: replay(plain_request.url, plain_request.post_data_buffer,
                                                 replay_headers(plain_request), c, total_requests, left(plain_cap))
                                       for c in (1, 20)}
            print("plain year change replayed", flush=True)
            browser.close()
    finally:
        for server in servers.values():
            server.stop()
    report(results, runs, total_requests, time.monotonic() - started)


def report(r: dict, runs: int, total: int, elapsed: float) -> None:
    load, vy, py, vb = r["load"], r["vigia_year"], r["plain_year"], r["vigia_indicator_bytes"]
    print()
    print(f"Regional map ({MAP_PATH}), loopback, headless Chromium. Times in ms.")
    print(f"navigation -> drawn map ({runs} runs, median): cold {ms(statistics.median(load['cold']))}, "
          f"warm {ms(statistics.median(load['warm']))}; a cold first load transfers {kib(load['bytes'])}")
    print()
    head = (f"{'interaction':46} {'clients':>7} {'n':>4} {'p50':>7} {'p95':>7} {'req/s':>6}  "
            f"{'bytes on the wire (decoded)':>30}")
    print(head)
    print("-" * len(head))

    def row(name, clients="1", n="", p50=float("nan"), p95=float("nan"), rps="—", size=""):
        print(f"{name:46} {clients:>7} {n:>4} {ms(p50):>7} {ms(p95):>7} {rps:>6}  {size:>30}")

    row("Vigía  year change, browser: key -> fills", n=len(vy["dom"]), p50=pct(vy["dom"], 50),
        p95=pct(vy["dom"], 95), size=f"{kib(vy['bytes'])} ({vy['requests']} requests)")
    row("Vigía  year change, browser: -> next frame", n=len(vy["frame"]), p50=pct(vy["frame"], 50),
        p95=pct(vy["frame"], 95))
    row("Vigía  year change, server", clients="1, 20", size="no server work")
    row("Vigía  indicator change, browser, 1st call", n=1, p50=vb["first_ms"],
        size=f"{kib(vb['wire'])} ({kib(vb['decoded'])})")
    for label, key in (("same payload", "vigia_same"), ("distinct", "vigia_distinct")):
        for c, v in r[key].items():
            row(f"Vigía  indicator change, replay: {label}", str(c), v["n"], v["p50"], v["p95"], f"{v['rps']:.1f}")
    row("plain  year change, browser: key -> redraw", n=len(py["dom"]), p50=pct(py["dom"], 50),
        p95=pct(py["dom"], 95), size=f"{kib(py['wire'])} ({kib(py['decoded'])})")
    row("plain  year change, browser: -> next frame", n=len(py["frame"]), p50=pct(py["frame"], 50),
        p95=pct(py["frame"], 95))
    for c, v in r["plain_replay"].items():
        row("plain  year change, replayed", str(c), v["n"], v["p50"], v["p95"], f"{v['rps']:.1f}")
    print()
    print(f"- Vigía year change: {vy['posts']} POSTs to /_dash-update-component and {vy['requests']} requests in "
          f"{len(vy['dom'])} changes; plain: {py['posts']} POSTs in {len(py['dom'])} changes.")
    print(f"- Vigía indicator change: request {kib(vb['request'])}, answer sent as {vb['encoding']} "
          f"(gzip would be {kib(vb['gzip'])}). Plain year change: request {kib(py['request'])}, answer sent as "
          f"{py['encoding']} (gzip would be {kib(py['gzip'])}); its GeoJSON travels on every change.")
    print("- 'same payload' repeats the captured request (a response cache, if the app has one, answers it); "
          "'distinct' makes every request a cache miss (a year no indicator has in the slider's state).")
    phases = (("same", r["vigia_same"]), ("distinct", r["vigia_distinct"]), ("plain", r["plain_replay"]))
    capped = [f"{name} {c} clients {v['n']}/{total}"
              for name, d in phases
              for c, v in d.items() if v["n"] < total]
    if capped:
        print("- phases stopped at their time cap: " + "; ".join(capped))
    errors = [f"{name} {c}: {v['errors'][:5]}"
              for name, d in phases
              for c, v in d.items() if v["errors"]]
    if errors:
        print("- ERRORS: " + "; ".join(errors))
    print(f"- requests that left 127.0.0.1: {len(r['external'])}" + (f" {r['external'][:5]}" if r["external"] else ""))
    load_avg = os.getloadavg()
    print(f"- load average at the end {load_avg[0]:.1f} on {os.cpu_count()} CPUs; total bench time {elapsed:.0f} s")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--serve", choices=["vigia", "plain"], help=argparse.SUPPRESS)
    parser.add_argument("--quick", action="store_true", help="fewer runs and requests (a smoke run, ~40 s)")
    args = parser.parse_args()
    if args.serve:
        serve(args.serve)
    else:
        main(args.quick)
