"""Static files: the scripts, styles and map files, served from memory with pre-compressed variants and
cache headers, in front of Flask (a WSGI middleware: no request context, no after_request), and
`precompress`, which writes their best-compressed copies before the workers start."""
from __future__ import annotations

import hashlib
import mimetypes
import os
import pkgutil
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs

from werkzeug.utils import get_content_type

from dashboard.server.compression import COMPRESSIBLE, MIN_COMPRESS, accepted, compress
from etl.paths import GEO

GEO_FILES = {"peru_departments.geojson", "peru_neighbours.geojson"}  # served under /geo/ (the app has the route)
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "public, no-cache"  # the browser keeps the file but asks (If-None-Match) before each use: 304
STATIC_EXTENSIONS = (".js", ".css", ".json", ".geojson", ".svg")
Read = Callable[[], bytes | None]  # a static file's bytes (None: pkgutil found no loader that reads files)
Headers = list[tuple[str, str]]
WSGIApp = Callable[[dict, Callable], Iterable[bytes]]


@dataclass
class StaticFile:
    data: bytes
    mimetype: str
    digest: str
    variants: dict[str, bytes]  # "br", "gzip"


class StaticFiles:
    """The scripts, styles and map files, served from memory with pre-compressed variants and cache headers.

    Dash fingerprints the files it names in the page: component suites carry `.v<version>m<mtime>` in the
    path and assets a `?m=<mtime>` query, so those URLs change whenever the file does and can be cached
    for a year as immutable. The chunks Dash's components load themselves (plotly.min.js, async-*.js)
    and the GeoJSON have fixed names: those are kept but revalidated (ETag, answered 304 when unchanged).
    """

    def __init__(self, app, cache_dir: Path, fingerprinted: set[str], common: Callable[[], Headers] = list):
        self.app = app
        self.common = common  # the headers every answer carries (security headers, package version)
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
                    variants[encoding] = compress(data, encoding, best=False)
        item = StaticFile(data, mimetype, digest, variants)
        with self._lock:
            self._files[key] = item
        return item

    def middleware(self, app: WSGIApp) -> WSGIApp:
        """`app` with the static files answered before it (Flask's `server.wsgi_app = ...`)."""
        def serve(environ: dict, start_response: Callable) -> Iterable[bytes]:
            answer = self.answer(environ)
            if answer is None:
                return app(environ, start_response)
            status, headers, body = answer
            start_response(status, headers + self.common())
            return [b"" if environ["REQUEST_METHOD"] == "HEAD" else body]
        return serve

    def answer(self, environ: dict) -> tuple[str, Headers, bytes] | None:
        """(status, headers, body) of a static file, or None: not one (the app answers)."""
        if environ["REQUEST_METHOD"] not in ("GET", "HEAD"):
            return None
        path = environ.get("PATH_INFO", "").encode("latin-1").decode("utf-8", "replace")  # as Werkzeug reads it
        source = self._source(path)
        if source is None:
            return None
        key, read, has_fingerprint = source
        if read is None:
            return "404 NOT FOUND", [
                ("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", "9")], b"not found"
        try:
            item = self.load(key, read)
        except OSError:
            return None
        query = environ.get("QUERY_STRING", "")
        if key[0] == "suite":
            url = path + ("?" + query if query else "")
            cache = IMMUTABLE if has_fingerprint and url in self.fingerprinted else REVALIDATE
        elif key[0] == "asset":
            mtime = parse_qs(query).get("m", [None])[0]
            cache = IMMUTABLE if mtime == key[2] else REVALIDATE  # ?m= is the file's mtime
        else:
            cache = REVALIDATE
        encoding = next((e for e in accepted(environ.get("HTTP_ACCEPT_ENCODING", "")) if e in item.variants), None)
        tag = item.digest[:32] + ({"br": "-br", "gzip": "-gz"}[encoding] if encoding else "")
        headers = [("Cache-Control", cache), ("ETag", f'"{tag}"'), ("Vary", "Accept-Encoding")]
        if _etag_matches(environ.get("HTTP_IF_NONE_MATCH", ""), item.digest[:32]):
            return "304 NOT MODIFIED", headers, b""
        body = item.variants[encoding] if encoding else item.data
        if encoding:
            headers.append(("Content-Encoding", encoding))
        return "200 OK", headers + [("Content-Type", get_content_type(item.mimetype, "utf-8")),
                                    ("Content-Length", str(len(body)))], body


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
            packed = compress(data, encoding, best=True)
            tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
            tmp.write_bytes(packed)
            os.replace(tmp, target)
            made += 1
            log(f"  {suffix:<2} {len(data) / 1024:8.0f} KiB -> {len(packed) / 1024:6.0f} KiB "
                f"{time.perf_counter() - start:5.1f} s  {target.name[:16]}")
    return made
