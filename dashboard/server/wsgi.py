"""The WSGI entry point gunicorn runs (gunicorn.conf.py: wsgi_app = "dashboard.server.wsgi:wsgi()").

The top of the import graph: it creates the app (`dashboard.app`, which installs the server layer) and adds
what only a production worker does: a start-up error that stops gunicorn, the render priority, the warm-up.
Nothing imports this module, so the app and the server layer never import each other.
"""
from __future__ import annotations

import logging
import os
import sys
import threading

from flask import Flask

from dashboard.app import create_app
from dashboard.data import PackageError, load_package
from dashboard.exports.render import RenderError, renderer
from dashboard.server.settings import Settings
from dashboard.server.warmup import warm


def wsgi() -> Flask:
    """What gunicorn serves. Each worker reads the package the pointer names when it starts, and serves that
    release until it is replaced."""
    settings = Settings.from_env()
    try:
        package = load_package(settings.package)
    except PackageError as exc:
        print(f"Vigía cannot start: {exc}", file=sys.stderr, flush=True)
        sys.exit(3)  # gunicorn's "worker failed to boot": the master stops instead of restarting it forever
    app = create_app(package, settings)
    renderer.set_priority("idle")  # chart images wait for spare CPU: pages and callbacks come first
    if os.environ.get("VIGIA_WARM", "1") != "0":
        app.server.extensions["vigia"].warm = False
        threading.Thread(target=warm_up, args=(app,), name="vigia-warm", daemon=True).start()
    return app.server


def warm_up(app) -> None:
    """The chart renderer's Chromium started now, then the builders' cache filled (dashboard.server.warmup).
    Chromium gives its own threads high priorities until the renderer moves it to the idle class after its first
    image: that start belongs before the visitors, not inside the first PNG one of them asks for."""
    try:
        renderer.render(lambda: {"data": [], "layout": {}}, "png", 16, 16)
    except RenderError as exc:
        logging.getLogger("vigia.serve").warning("the chart renderer did not start: %s", exc)
    warm(app)
