"""`install`: the server layer on a Dash app (security headers, static files, the builders' cache,
compression, /healthz). `dashboard.app.create_app` calls it, so the development server and the tests run the same wiring
as production."""
from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime

from flask import Flask, Response, jsonify

from dashboard import cache as builders
from dashboard.data import Package
from dashboard.server.compression import compress_response
from dashboard.server.csp import SECURITY_HEADERS, PageScripts, Policy, script_hash
from dashboard.server.priority import IMAGE_SHARE, ImageRequests
from dashboard.server.settings import Settings
from dashboard.server.static import StaticFiles


@dataclass
class Serving:
    package: Package
    settings: Settings
    policy: Policy
    static: StaticFiles
    cache: builders.Counting  # the builders' cache backend: kind ("process", "redis"), hits, misses, failures
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
                      builders.init(server, settings.redis_url, settings.cache_items),
                      datetime.now(UTC).isoformat(timespec="seconds"))
    server.extensions["vigia"] = serving

    @server.route("/healthz")
    def healthz():
        body = {"status": "ok", "package_version": package.version, "release_date": package.release_date,
                "release": package.folder.name if package.folder else None, "pid": os.getpid(),
                "started": serving.started, "warm": serving.warm, "cache": serving.cache.kind,
                "cache_hits": serving.cache.hits, "cache_misses": serving.cache.misses}
        response = jsonify(body)
        response.headers["Cache-Control"] = "no-store"
        return response

    header = ""  # the policy's header, made again when the policy changes (tests drop exceptions)
    header_for: tuple | None = None

    def common() -> list[tuple[str, str]]:
        """The headers every answer carries: the policy, the other security headers, the package version."""
        nonlocal header, header_for
        if header_for != (policy.hashes, frozenset(policy.dropped), tuple(policy.added)):
            header = policy.header()
            header_for = (policy.hashes, frozenset(policy.dropped), tuple(policy.added))
        return [("Content-Security-Policy", header), *SECURITY_HEADERS.items(), ("X-Vigia-Package", package.version)]

    images = ImageRequests(int(settings.threads * IMAGE_SHARE))
    server.before_request(images.enter)
    server.teardown_request(images.leave)
    serving.static.common = common
    server.wsgi_app = serving.static.middleware(server.wsgi_app)  # type: ignore[method-assign,assignment]  # Flask's way

    @server.after_request
    def finish(response: Response) -> Response:
        response.headers.update(common())
        if response.mimetype == "text/html" and "Cache-Control" not in response.headers:
            response.headers["Cache-Control"] = "no-cache"
        compress_response(response)
        return response

    # The page as the app serves it: the hashes of its inline scripts go into script-src, and the URLs it
    # names with a fingerprint may be cached as immutable. Computed here, once: a script that was not in
    # the page at start-up (an injection) is not allowed to run.
    parser = PageScripts()
    parser.feed(_index_page(app))
    policy.hashes = sorted({script_hash(s) for s in parser.inline})
    serving.static.fingerprinted = {u for u in parser.urls if u.startswith("/_dash-component-suites/") or "?m=" in u}
    return serving
