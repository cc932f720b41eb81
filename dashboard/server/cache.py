"""The response cache: answers of expensive routes (page content, map and chart callbacks, chart images, data
files, briefs) kept by package version and request, per process or in Redis, around the app's own views."""
from __future__ import annotations

import hashlib
import json
import logging
import threading
from datetime import date
from typing import TypedDict

import dash
from flask import Flask, Response, request

from dashboard.server.compression import COMPRESSIBLE, MIN_COMPRESS, accepted, compress
from dashboard.server.settings import Settings

log = logging.getLogger("vigia.serve")

# Server callbacks whose answer depends only on their inputs, their state and the package, named by an output
# they write: the page content (Dash pages' own callback) and those the pages list under their `cached` key in
# dash.page_registry (the map's indicator change, the indicator chart). Any other callback is never cached.
CACHEABLE_OUTPUTS = ("_pages_content.children",)
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
            entry["variants"] = {e: compress(body, e, best=False) for e in ("br", "gzip")}
        return entry


def server_response(value) -> Response:
    from flask import current_app
    return current_app.make_response(value)


def cached_response(entry: CachedEntry) -> Response:
    headers = dict(entry["headers"])
    body = entry["body"]
    if entry["variants"]:
        headers["Vary"] = "Accept-Encoding"
        encoding = next((e for e in accepted(request.headers.get("Accept-Encoding", "")) if e in entry["variants"]),
                        None)
        if encoding:
            body, headers["Content-Encoding"] = entry["variants"][encoding], encoding
    return Response(body, mimetype=entry["mimetype"], headers=headers)


def callback_outputs(spec: str) -> set[str]:
    """"..a.b...c.d.." (several outputs) or "a.b" -> {"a.b", "c.d"} (without allow_duplicate's @suffix)."""
    parts = spec[2:-2].split("...") if spec.startswith("..") and spec.endswith("..") else [spec]
    return {part.split("@")[0] for part in parts}


def cacheable_outputs() -> set[str]:
    """CACHEABLE_OUTPUTS and the outputs the registered pages list as `cached` ("id.property")."""
    return {*CACHEABLE_OUTPUTS, *(o for page in dash.page_registry.values() for o in page.get("cached", ()))}


def _callback_key(cache: ResponseCache):
    def key_of():
        body = request.get_json(silent=True)
        output = body.get("output") if isinstance(body, dict) else None
        if not isinstance(output, str) or not cacheable_outputs() & callback_outputs(output):
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


def cache_routes(server: Flask, cache: ResponseCache) -> None:
    """Put `cache` around Dash's callback route and the chart, data and brief downloads."""
    for rule in list(server.url_map.iter_rules()):
        if rule.rule == "/_dash-update-component":
            server.view_functions[rule.endpoint] = cache.wrap(server.view_functions[rule.endpoint],
                                                              _callback_key(cache))
        elif any(rule.rule.startswith(prefix) for prefix in CACHED_DOWNLOADS):
            server.view_functions[rule.endpoint] = cache.wrap(server.view_functions[rule.endpoint],
                                                              _download_key(cache))
