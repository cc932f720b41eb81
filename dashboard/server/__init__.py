"""The server layer around the Dash app, one job per module:

    settings     Settings from the environment (VIGIA_REDIS_URL, VIGIA_CACHE_ITEMS, VIGIA_STATIC_CACHE, ...)
    csp          the Content-Security-Policy (with the page's script hashes) and the other security headers
    compression  brotli/gzip negotiation and on-the-fly compression of text answers
    static       static files from memory with cache headers, and `precompress` (their .br/.gz copies)
    layer        `install`: all of the above, the builders' cache (dashboard.cache: per process, or Redis),
                 and /healthz, on an app (dashboard.app.create_app calls it)
    warmup       filling the builders' cache with the common views when a worker starts
    priority     the warm-up thread and the chart renderer's Chromium below the request threads, and the share
                 of a worker's threads requests for images may hold
    wsgi         gunicorn's entry point (gunicorn.conf.py); __main__: `python -m dashboard.server precompress`

Imports go one way: dashboard.app imports this package; only `wsgi` and `__main__`, which nothing imports,
import dashboard.app.
"""
from dashboard.server.csp import CSP_EXCEPTIONS, SECURITY_HEADERS, Policy, inline_scripts, script_hash
from dashboard.server.layer import Serving, install
from dashboard.server.settings import Settings
from dashboard.server.static import GEO_FILES, StaticFiles, precompress, static_paths
from dashboard.server.warmup import warm

__all__ = ["CSP_EXCEPTIONS", "GEO_FILES", "SECURITY_HEADERS", "Policy", "Serving", "Settings", "StaticFiles",
           "inline_scripts", "install", "precompress", "script_hash", "static_paths", "warm"]
