"""Serving Vigía to a team: security headers, pre-compressed static files with long cache lives, a cache for
expensive responses, a health endpoint, and the WSGI entry point gunicorn runs (see gunicorn.conf.py).

`create_app` calls `install`, so the development server (`make run`) and the tests run the same wiring as
production (`make serve`). Settings come from the environment (README, "Production"):

    VIGIA_REDIS_URL      redis://127.0.0.1:6379/0 or unix:///run/redis.sock: share the response cache between
                         workers (and servers); unset: each process keeps its own (VIGIA_CACHE_ITEMS entries)
    VIGIA_CACHE_ITEMS    per-process cache size in responses (default 256)
    VIGIA_STATIC_CACHE   folder of pre-compressed static files (default .cache/static)
    VIGIA_PACKAGE        package pointer to serve (default datasets/package)

    python -m dashboard.serve precompress     write the .br/.gz variants of every static file (gunicorn's
                                              master runs it once before it starts the workers)
"""
from __future__ import annotations

import base64
import gzip
import hashlib
import json
import logging
import mimetypes
import os
import pkgutil
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import TypedDict

import brotli
from flask import Flask, Response, jsonify, request

from dashboard.data import Package, PackageError, load_package
from etl.paths import GEO, PACKAGE, ROOT

log = logging.getLogger("vigia.serve")

# ------------------------------------------------------------------------------------------------ settings


@dataclass
class Settings:
    redis_url: str | None = None
    cache_items: int = 256
    static_cache: Path = ROOT / ".cache" / "static"
    package: Path = PACKAGE

    @classmethod
    def from_env(cls, env=os.environ) -> Settings:
        return cls(redis_url=env.get("VIGIA_REDIS_URL") or None,
                   cache_items=int(env.get("VIGIA_CACHE_ITEMS", "256")),
                   static_cache=Path(env.get("VIGIA_STATIC_CACHE", ROOT / ".cache" / "static")),
                   package=Path(env.get("VIGIA_PACKAGE", PACKAGE)))


# ----------------------------------------------------------------------------------- content security policy

CSP_BASE: dict[str, list[str]] = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],  # plus the sha256 of each inline script Dash writes into the page, computed at start
    "style-src": ["'self'"],
    "img-src": ["'self'"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "worker-src": ["'none'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}

# Every source beyond the app's own origin, with the reason. tests/test_serving_csp.py loads every view in
# Chromium with exactly this policy and finds no violation, and shows that dropping any one of these causes one.
CSP_EXCEPTIONS: list[tuple[str, str, str]] = [
    ("style-src", "'unsafe-inline'",
     "dash-renderer, dcc (dropdown, markdown) and plotly.js add <style> elements at run time, and plotly.js sets "
     "style attributes on the map's hover labels; scripts stay locked to the app's files and hashes"),
    ("img-src", "data:",
     "the overview's trend lines are inline SVG images (data: URIs)"),
    ("img-src", "blob:",
     "plotly's 'Download plot as a PNG' button draws the chart through a blob: image"),
]
# Not needed, and so not given: 'unsafe-eval' (plotly.js draws SVG and geo traces without eval), 'unsafe-inline'
# for scripts, any other origin (no CDN, fonts or map tiles), workers, frames, plugins.

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",  # for browsers that predate frame-ancestors
    "Referrer-Policy": "same-origin",  # links to sources do not tell them what the analyst was looking at
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
}
JS_TYPES = {"", "text/javascript", "application/javascript", "module"}


class _InlineScripts(HTMLParser):
    """The text of every inline script a browser would run (not data blocks such as Dash's JSON config,
    not scripts inside comments), and the src/href of every script and stylesheet."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.inline: list[str] = []
        self.urls: list[str] = []
        self._current: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script":
            if a.get("src"):
                self.urls.append(a["src"])
            elif (a.get("type") or "").lower() in JS_TYPES:
                self._current = []
        elif tag == "link" and a.get("href"):
            self.urls.append(a["href"])

    def handle_data(self, data):
        if self._current is not None:
            self._current.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._current is not None:
            self.inline.append("".join(self._current))
            self._current = None


def inline_scripts(page: str) -> list[str]:
    parser = _InlineScripts()
    parser.feed(page)
    return parser.inline


def script_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


@dataclass
class Policy:
    hashes: list[str]
    dropped: set[tuple[str, str]] = field(default_factory=set)  # tests drop an exception to show it is needed
    added: list[tuple[str, str]] = field(default_factory=list)

    def directives(self) -> dict[str, list[str]]:
        out = {k: list(v) for k, v in CSP_BASE.items()}
        out["script-src"] += self.hashes
        for directive, source, _ in CSP_EXCEPTIONS:
            if (directive, source) not in self.dropped:
                out[directive].append(source)
        for directive, source in self.added:
            out.setdefault(directive, []).append(source)
        return out

    def header(self) -> str:
        return "; ".join(f"{k} {' '.join(v)}" for k, v in self.directives().items())


# ------------------------------------------------------------------------------------------- static files

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "public, no-cache"  # the browser keeps the file but asks (If-None-Match) before each use: 304
COMPRESSIBLE = {"application/javascript", "text/javascript", "text/css", "application/json", "application/geo+json",
                "image/svg+xml", "text/html", "text/csv", "text/plain", "application/xml"}
MIN_COMPRESS = 1024
STATIC_EXTENSIONS = (".js", ".css", ".json", ".geojson", ".svg")
Read = Callable[[], bytes | None]  # a static file's bytes (None: pkgutil found no loader that reads files)


@dataclass
class StaticFile:
    data: bytes
    mimetype: str
    digest: str
    variants: dict[str, bytes]  # "br", "gzip"


def _compress(data: bytes, encoding: str, best: bool) -> bytes:
    if encoding == "br":
        return brotli.compress(data, quality=11 if best else 5)
    return gzip.compress(data, compresslevel=9 if best else 6, mtime=0)


def _accepted(header: str) -> list[str]:
    """Encodings the client takes, best first (br, then gzip), honouring q=0."""
    accepted = {}
    for part in (header or "").split(","):
        name, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        accepted[name.strip().lower()] = q
    star = accepted.get("*", 0.0)
    return [e for e in ("br", "gzip") if accepted.get(e, star) > 0]


class StaticFiles:
    """The scripts, styles and map files, served from memory with pre-compressed variants and cache headers.

    Dash fingerprints the files it names in the page: component suites carry `.v<version>m<mtime>` in the
    path and assets a `?m=<mtime>` query, so those URLs change whenever the file does and can be cached
    for a year as immutable. The chunks Dash's components load themselves (plotly.min.js, async-*.js)
    and the GeoJSON have fixed names: those are kept but revalidated (ETag, answered 304 when unchanged).
    """

    def __init__(self, app, cache_dir: Path, fingerprinted: set[str]):
        self.app = app
        self.cache_dir = cache_dir
        self.fingerprinted = fingerprinted  # the exact URLs the page names (path?query)
        self.assets = Path(app.config.assets_folder).resolve()
        self._files: dict[tuple, StaticFile] = {}
        self._lock = threading.Lock()

    # where a URL's bytes come from
    def _source(self, path: str) -> tuple[tuple, Read | None, bool] | None:
        from dash.fingerprint import check_fingerprint
        if path.startswith("/_dash-component-suites/"):
            package, _, rest = path[len("/_dash-component-suites/"):].partition("/")
            inner, has_fingerprint = check_fingerprint(rest)
            if inner not in self.app.registered_paths.get(package, ()):
                return ("missing",), None, False  # not a file Dash registered: 404, not Dash's 500
            return ("suite", package, inner), lambda: pkgutil.get_data(package, inner), has_fingerprint
        if path.startswith("/assets/"):
            file = (self.assets / path[len("/assets/"):]).resolve()
            if not file.is_relative_to(self.assets) or not file.is_file():
                return None
            return ("asset", str(file), str(os.path.getmtime(file))), file.read_bytes, False  # an edit: a new key
        if path.startswith("/geo/"):
            from dashboard.app import GEO_FILES
            name = path[len("/geo/"):]
            if name not in GEO_FILES:
                return None
            return ("geo", name), (GEO / name).read_bytes, False
        return None

    def load(self, key: tuple, read: Read) -> StaticFile:
        with self._lock:
            if key in self._files:
                return self._files[key]
        data = read()
        if data is None:
            raise FileNotFoundError(f"{key}: no loader reads it")
        name = key[1] if key[0] == "asset" else key[-1]
        mimetype = ("application/geo+json" if name.endswith(".geojson")
                    else mimetypes.guess_type(name)[0] or "application/octet-stream")
        if mimetype == "text/javascript":
            mimetype = "application/javascript"
        digest = hashlib.sha256(data).hexdigest()
        variants = {}
        if mimetype in COMPRESSIBLE and len(data) >= MIN_COMPRESS:
            for encoding, suffix in (("br", "br"), ("gzip", "gz")):
                stored = self.cache_dir / f"{digest}.{suffix}"
                try:
                    variants[encoding] = stored.read_bytes()  # written by `precompress` (best levels)
                except OSError:
                    variants[encoding] = _compress(data, encoding, best=False)
        item = StaticFile(data, mimetype, digest, variants)
        with self._lock:
            self._files[key] = item
        return item

    def response(self) -> Response | None:
        if request.method not in ("GET", "HEAD"):
            return None
        source = self._source(request.path)
        if source is None:
            return None
        key, read, has_fingerprint = source
        if read is None:
            return Response("not found", status=404, mimetype="text/plain")
        try:
            item = self.load(key, read)
        except OSError:
            return None
        url = request.full_path.rstrip("?")
        if key[0] == "suite":
            cache = IMMUTABLE if has_fingerprint and url in self.fingerprinted else REVALIDATE
        elif key[0] == "asset":
            cache = IMMUTABLE if request.args.get("m") == key[2] else REVALIDATE  # ?m= is the file's mtime
        else:
            cache = REVALIDATE
        encoding = next((e for e in _accepted(request.headers.get("Accept-Encoding", "")) if e in item.variants), None)
        tag = item.digest[:32] + ({"br": "-br", "gzip": "-gz"}[encoding] if encoding else "")
        headers = {"Cache-Control": cache, "ETag": f'"{tag}"', "Vary": "Accept-Encoding"}
        if _etag_matches(request.headers.get("If-None-Match", ""), item.digest[:32]):
            return Response(status=304, headers=headers)
        body = item.variants[encoding] if encoding else item.data
        if encoding:
            headers["Content-Encoding"] = encoding
        return Response(body, mimetype=item.mimetype, headers=headers)


def _etag_matches(header: str, digest: str) -> bool:
    tags = [t.strip().removeprefix("W/").strip('"') for t in header.split(",") if t.strip()]
    return any(t.split("-")[0] == digest or t == "*" for t in tags)


def static_paths(app) -> list[tuple[tuple, Read]]:
    """Every compressible file the static layer may serve (for `precompress`)."""
    files = StaticFiles(app, Path("."), set())

    def source(url: str) -> tuple[tuple, Read]:
        found = files._source(url)
        if found is None or found[1] is None:
            raise RuntimeError(f"{url}: not a file the static layer serves")
        return found[0], found[1]

    out = []
    for package, paths in sorted(app.registered_paths.items()):
        for inner in sorted(paths):
            if inner.endswith(STATIC_EXTENSIONS):
                out.append(source(f"/_dash-component-suites/{package}/{inner}"))
    assets = Path(app.config.assets_folder)
    for file in sorted(assets.rglob("*")):
        if file.is_file() and file.name.endswith(STATIC_EXTENSIONS):
            out.append(source("/assets/" + file.relative_to(assets).as_posix()))
    from dashboard.app import GEO_FILES
    for name in sorted(GEO_FILES):
        out.append(source(f"/geo/{name}"))
    return out


def precompress(app, cache_dir: Path, log=print) -> int:
    """Write `<sha256>.br` (brotli 11) and `<sha256>.gz` (gzip 9) for every static file not yet done.
    Named by content, so an upgrade of Dash or plotly makes new ones and a restart costs nothing."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    made = 0
    for _, read in static_paths(app):
        data = read()
        if data is None or len(data) < MIN_COMPRESS:
            continue
        digest = hashlib.sha256(data).hexdigest()
        for encoding, suffix in (("br", "br"), ("gzip", "gz")):
            target = cache_dir / f"{digest}.{suffix}"
            if target.exists():
                continue
            start = time.perf_counter()
            packed = _compress(data, encoding, best=True)
            tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
            tmp.write_bytes(packed)
            os.replace(tmp, target)
            made += 1
            log(f"  {suffix:<2} {len(data) / 1024:8.0f} KiB -> {len(packed) / 1024:6.0f} KiB "
                f"{time.perf_counter() - start:5.1f} s  {target.name[:16]}")
    return made


# --------------------------------------------------------------------------------------- response cache

# Server callbacks whose answer depends only on their inputs, their state and the package, named by an output
# they write: the page content (Dash pages), the map's indicator change and the indicator chart. Any other
# callback is never cached.
CACHEABLE_OUTPUTS = ("_pages_content.children", "map-figure.data", "ind-graph.figure")
CACHED_DOWNLOADS = {"/download/chart.": "chart", "/download/data.": "data", "/download/brief.pdf": "brief"}
MAX_CACHED_BYTES = 8 * 1024 * 1024
KEPT_HEADERS = ("Content-Disposition", "Cache-Control")


class CachedEntry(TypedDict):  # plain data: flask-caching pickles it into Redis
    body: bytes
    mimetype: str | None
    headers: dict[str, str]  # KEPT_HEADERS
    variants: dict[str, bytes]  # "br", "gzip"


class ResponseCache:
    """Responses for expensive figures (map and chart figures, page content, chart images, data files,
    briefs), keyed by package version and request, in flask-caching: per process by default, in Redis when
    VIGIA_REDIS_URL is set (then every worker shares them). A cache that fails is skipped, never an error."""

    def __init__(self, server: Flask, settings: Settings, version: str):
        from flask_caching import Cache
        if settings.redis_url:
            config = {"CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": settings.redis_url,
                      "CACHE_KEY_PREFIX": "vigia:", "CACHE_DEFAULT_TIMEOUT": 7 * 24 * 3600,
                      "CACHE_OPTIONS": {"socket_timeout": 0.5, "socket_connect_timeout": 0.5}}
            self.kind = "redis"
        else:
            config = {"CACHE_TYPE": "SimpleCache", "CACHE_THRESHOLD": settings.cache_items, "CACHE_DEFAULT_TIMEOUT": 0}
            self.kind = "process"
        self.cache = Cache(server, config=config)
        self.version = version
        self.hits = self.misses = self.failures = 0
        self._lock = threading.Lock()
        self._making: dict[str, threading.Lock] = {}

    def key(self, kind: str, *parts) -> str:
        digest = hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()[:40]
        return f"{self.version}:{kind}:{digest}"

    def get(self, key: str):
        try:
            return self.cache.get(key)
        except Exception as exc:  # Redis down or unreachable: serve without the cache
            self.failures += 1
            log.warning("response cache unavailable: %s", exc)
            return None

    def set(self, key: str, value) -> None:
        try:
            self.cache.set(key, value)
        except Exception as exc:
            self.failures += 1
            log.warning("response cache unavailable: %s", exc)

    def wrap(self, view, key_of):
        """`view` with its 200 responses cached under `key_of()` (None: this request is not cached).
        Requests for an entry being made wait for it instead of making it again (at start-up, ten users
        opening the overview at once cost one rendering, not ten)."""
        def cached_view(*args, **kwargs):
            key = key_of()
            if key is None:
                return view(*args, **kwargs)
            entry = self.get(key)
            if entry is not None:
                self.hits += 1
                return cached_response(entry)
            with self._lock:
                making = self._making.setdefault(key, threading.Lock())
            try:
                with making:
                    entry = self.get(key)  # made by the request we waited for?
                    if entry is not None:
                        self.hits += 1
                        return cached_response(entry)
                    self.misses += 1
                    response = server_response(view(*args, **kwargs))
                    entry = self._entry(response)
                    if entry is None:  # an error, or too big: answered, not kept
                        return response
                    self.set(key, entry)
                    return cached_response(entry)
            finally:
                with self._lock:
                    self._making.pop(key, None)
        cached_view.__name__ = getattr(view, "__name__", "cached_view")
        return cached_view

    @staticmethod
    def _entry(response: Response) -> CachedEntry | None:
        if response.status_code != 200 or response.direct_passthrough:
            return None
        body = response.get_data()
        if len(body) > MAX_CACHED_BYTES:
            return None
        entry: CachedEntry = {"body": body, "mimetype": response.mimetype, "variants": {},
                              "headers": {h: response.headers[h] for h in KEPT_HEADERS if h in response.headers}}
        if response.mimetype in COMPRESSIBLE and len(body) >= MIN_COMPRESS:
            entry["variants"] = {e: _compress(body, e, best=False) for e in ("br", "gzip")}
        return entry


def server_response(value) -> Response:
    from flask import current_app
    return current_app.make_response(value)


def cached_response(entry: CachedEntry) -> Response:
    headers = dict(entry["headers"])
    body = entry["body"]
    if entry["variants"]:
        headers["Vary"] = "Accept-Encoding"
        encoding = next((e for e in _accepted(request.headers.get("Accept-Encoding", "")) if e in entry["variants"]),
                        None)
        if encoding:
            body, headers["Content-Encoding"] = entry["variants"][encoding], encoding
    return Response(body, mimetype=entry["mimetype"], headers=headers)


def callback_outputs(spec: str) -> set[str]:
    """"..a.b...c.d.." (several outputs) or "a.b" -> {"a.b", "c.d"} (without allow_duplicate's @suffix)."""
    parts = spec[2:-2].split("...") if spec.startswith("..") and spec.endswith("..") else [spec]
    return {part.split("@")[0] for part in parts}


def _callback_key(cache: ResponseCache):
    def key_of():
        body = request.get_json(silent=True)
        output = body.get("output") if isinstance(body, dict) else None
        if not isinstance(output, str) or not set(CACHEABLE_OUTPUTS) & callback_outputs(output):
            return None
        # which input changed does not matter to these callbacks: a link click and a page load share an entry
        return cache.key("callback", body.get("output"), body.get("inputs"), body.get("state"))
    return key_of


def _download_key(cache: ResponseCache):
    def key_of():
        kind = next((k for prefix, k in CACHED_DOWNLOADS.items() if request.path.startswith(prefix)), None)
        if kind is None:
            return None
        args = sorted(request.args.items(multi=True))
        extra = (request.host_url, date.today().isoformat()) if kind == "data" else ()  # both are written in the file
        return cache.key(kind, request.path, args, *extra)
    return key_of


# ------------------------------------------------------------------------------------------------ install

@dataclass
class Serving:
    package: Package
    settings: Settings
    policy: Policy
    static: StaticFiles
    cache: ResponseCache
    started: str
    warm: bool = True  # False while a warm-up is filling the cache


def _index_page(app) -> str:
    """The page the app serves, fetched once at start-up through the app itself."""
    response = app.server.test_client().get("/", headers={"Accept": "text/html"})
    if response.status_code != 200:
        raise RuntimeError(f"the app's page answered {response.status_code} at start-up")
    return response.get_data(as_text=True)


def install(app, package: Package, settings: Settings | None = None) -> Serving:
    settings = settings or Settings.from_env()
    server: Flask = app.server

    policy = Policy([])
    serving = Serving(package, settings, policy, StaticFiles(app, settings.static_cache, set()),
                      ResponseCache(server, settings, package.version),
                      datetime.now(UTC).isoformat(timespec="seconds"))
    server.extensions["vigia"] = serving

    for rule in list(server.url_map.iter_rules()):
        if rule.rule == "/_dash-update-component":
            server.view_functions[rule.endpoint] = serving.cache.wrap(server.view_functions[rule.endpoint],
                                                                      _callback_key(serving.cache))
        elif any(rule.rule.startswith(prefix) for prefix in CACHED_DOWNLOADS):
            server.view_functions[rule.endpoint] = serving.cache.wrap(server.view_functions[rule.endpoint],
                                                                      _download_key(serving.cache))

    @server.route("/healthz")
    def healthz():
        body = {"status": "ok", "package_version": package.version, "release_date": package.release_date,
                "release": package.folder.name if package.folder else None, "pid": os.getpid(),
                "started": serving.started, "warm": serving.warm, "cache": serving.cache.kind,
                "cache_hits": serving.cache.hits, "cache_misses": serving.cache.misses}
        response = jsonify(body)
        response.headers["Cache-Control"] = "no-store"
        return response

    server.before_request(serving.static.response)

    header = ""  # the policy's header, made again when the policy changes (tests drop exceptions)
    header_for: tuple | None = None

    @server.after_request
    def finish(response: Response) -> Response:
        nonlocal header, header_for
        if header_for != (policy.hashes, frozenset(policy.dropped), tuple(policy.added)):
            header = policy.header()
            header_for = (policy.hashes, frozenset(policy.dropped), tuple(policy.added))
        response.headers["Content-Security-Policy"] = header
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        response.headers["X-Vigia-Package"] = package.version
        if response.mimetype == "text/html" and "Cache-Control" not in response.headers:
            response.headers["Cache-Control"] = "no-cache"
        _compress_response(response)
        return response

    # The page as the app serves it: the hashes of its inline scripts go into script-src, and the URLs it
    # names with a fingerprint may be cached as immutable. Computed here, once: a script that was not in
    # the page at start-up (an injection) is not allowed to run.
    parser = _InlineScripts()
    parser.feed(_index_page(app))
    policy.hashes = sorted({script_hash(s) for s in parser.inline})
    serving.static.fingerprinted = {u for u in parser.urls if u.startswith("/_dash-component-suites/") or "?m=" in u}
    return serving


def _compress_response(response: Response) -> None:
    """gzip or brotli for text answers (pages, callback JSON, CSV), when the client takes it."""
    if (request.method == "HEAD" or response.status_code != 200 or response.direct_passthrough
            or "Content-Encoding" in response.headers or response.mimetype not in COMPRESSIBLE):
        return
    if "Accept-Encoding" in response.headers.get("Vary", ""):
        return  # negotiated already (static files, cached responses)
    body = response.get_data()
    if len(body) < MIN_COMPRESS:
        return
    response.headers.add("Vary", "Accept-Encoding")
    encoding = next(iter(_accepted(request.headers.get("Accept-Encoding", ""))), None)
    if encoding is None:
        return
    response.set_data(_compress(body, encoding, best=False))
    response.headers["Content-Encoding"] = encoding


# ------------------------------------------------------------------------------------ production extras

def page_request(path: str, search: str = "") -> dict:
    """The page-content callback a browser sends for a path (Dash pages)."""
    return {"output": ".._pages_content.children..._pages_store.data..",
            "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
            "inputs": [{"id": "_pages_location", "property": "pathname", "value": path},
                       {"id": "_pages_location", "property": "search", "value": search}],
            "changedPropIds": ["_pages_location.pathname", "_pages_location.search"]}


def warm_paths(catalog) -> list[tuple[str, str]]:
    """The views most visits go through: overview, map, indexes, every department, the overview's indicators,
    with the query the app's own links carry (?lang=es / ?lang=en), and the bare address people type."""
    from dashboard.panels import configured_panels
    views = ["/", "/mapa", "/indicador", "/fuentes", *(f"/region/{u}" for u in catalog.map_units),
             *dict.fromkeys(f"/indicador/{p['indicator']}" for p in configured_panels(catalog))]
    return [("/", "")] + [(v, f"?lang={lang}") for lang in ("es", "en") for v in views]


def chart_request(indicator: str, regions: list[str], lang: str) -> dict:
    """The indicator chart's callback, as the browser sends it once the page is drawn."""
    return {"output": "..ind-graph.figure...ind-summary.children...ind-downloads.children..",
            "outputs": [{"id": "ind-graph", "property": "figure"}, {"id": "ind-summary", "property": "children"},
                        {"id": "ind-downloads", "property": "children"}],
            "inputs": [{"id": "ind-regions", "property": "value", "value": regions}],
            "state": [{"id": "ind-id", "property": "data", "value": indicator},
                      {"id": "ind-lang", "property": "data", "value": lang}], "changedPropIds": []}


def warm(app, log=log.info) -> int:
    """Fill the response cache with the common views (and the first chart callback of the overview's
    indicators), in a low-priority thread, while the worker serves. With Redis, the first worker to get
    there fills it for all."""
    import dash

    from dashboard.panels import configured_panels
    from dashboard.state import catalog
    _nice()
    client, start, done = app.server.test_client(), time.perf_counter(), 0
    requests = [page_request(path, search) for path, search in warm_paths(catalog())]
    page = next((sys.modules.get(p["module"]) for p in dash.page_registry.values()
                 if p.get("path_template") == "/indicador/<indicator_id>"), None)
    if page is not None and hasattr(page, "default_places"):  # the indicator page's own choice of places
        for indicator in dict.fromkeys(p["indicator"] for p in configured_panels(catalog())):
            requests += [chart_request(indicator, page.default_places(indicator), lang) for lang in ("es", "en")]
    try:
        for body in requests:
            done += client.post("/_dash-update-component", json=body).status_code == 200
    finally:
        app.server.extensions["vigia"].warm = True
    log(f"warmed {done} of {len(requests)} views and charts in {time.perf_counter() - start:.1f} s")
    return done


def _nice(value: int = 10) -> None:
    """Lower this thread's priority (Linux: nice is per thread). Not the idle class: a Python thread holds the
    GIL, and an idle-class thread holding it would stall the request threads behind it."""
    os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), value)


def _idle_descendants(pid: int) -> None:
    """Put every thread of every process below `pid` (kaleido's Chromium) in the idle scheduling class. Chromium
    sets its own nice values (as root, even negative ones); the idle class ignores them, and processes and
    threads it starts later inherit it."""
    todo = [pid]
    while todo:
        parent = todo.pop()
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                if int(stat.read_text().rsplit(")", 1)[1].split()[1]) != parent:
                    continue
                child = int(stat.parent.name)
                todo.append(child)
                for task in (stat.parent / "task").iterdir():
                    os.sched_setscheduler(int(task.name), os.SCHED_IDLE, os.sched_param(0))
            except (OSError, ValueError, IndexError, AttributeError):
                continue


def lower_render_priority() -> None:
    """Chart images are drawn by a Chromium that kaleido starts on the first PNG or SVG: after each render its
    processes are (still) in the idle class, so pages and callbacks come first and a PNG waits for spare CPU."""
    from dashboard.exports.render import renderer
    renderer._pool.submit(_nice).result()
    render = renderer._render

    def render_then_idle(*args, **kwargs):
        try:
            return render(*args, **kwargs)
        finally:  # kaleido starts (or restarts) its Chromium during a render, not before
            _idle_descendants(os.getpid())
    renderer._render = render_then_idle  # type: ignore[method-assign]  # this one instance's, on purpose


# ------------------------------------------------------------------------------------------ entry points

def wsgi() -> Flask:
    """What gunicorn serves (gunicorn.conf.py: wsgi_app = "dashboard.serve:wsgi()"). Each worker reads the
    package the pointer names when it starts, and serves that release until it is replaced."""
    from dashboard.app import create_app
    settings = Settings.from_env()
    try:
        package = load_package(settings.package)
    except PackageError as exc:
        print(f"Vigía cannot start: {exc}", file=sys.stderr, flush=True)
        sys.exit(3)  # gunicorn's "worker failed to boot": the master stops instead of restarting it forever
    app = create_app(package, settings)
    lower_render_priority()
    if os.environ.get("VIGIA_WARM", "1") != "0":
        app.server.extensions["vigia"].warm = False
        threading.Thread(target=warm, args=(app,), name="vigia-warm", daemon=True).start()
    return app.server


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] != ["precompress"]:
        print(__doc__)
        return 2
    from dashboard.app import create_app
    settings = Settings.from_env()
    try:
        app = create_app(load_package(settings.package), settings)
    except PackageError as exc:
        print(f"Vigía cannot start: {exc}", file=sys.stderr)
        return 1
    start = time.perf_counter()
    made = precompress(app, settings.static_cache)
    print(f"pre-compressed static files in {settings.static_cache}: {made} written "
          f"in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
