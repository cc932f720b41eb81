"""Production serving of Vigía: `make serve`, or `.venv/bin/gunicorn -c gunicorn.conf.py`.

Settings from the environment (README, "Production"):

    VIGIA_BIND        address:port to listen on (default 127.0.0.1:8050: this machine only; put a TLS proxy
                      in front, or set 0.0.0.0:8050 on purpose)
    VIGIA_WORKERS     worker processes (default: one per core, at least 2)
    VIGIA_THREADS     threads per worker (default 64: requests waiting on a chart image, a PDF or a slow client
                      hold a thread each but no CPU; images may hold three quarters of them)
    VIGIA_PRECOMPRESS 0 to skip writing the .br/.gz static files before the workers start
    VIGIA_REDIS_URL, VIGIA_CACHE_ITEMS, VIGIA_STATIC_CACHE, VIGIA_PACKAGE: see dashboard/server/settings.py

A new data package (python -m etl build) is served after `kill -HUP <master pid>`: gunicorn starts new
workers, which read the package the pointer names, and retires the old ones once their requests are done.
Each worker serves the one release it started with; no request ever sees two.
"""
import multiprocessing
import os
import subprocess
import sys

wsgi_app = "dashboard.server.wsgi:wsgi()"
bind = os.environ.get("VIGIA_BIND", "127.0.0.1:8050")
workers = int(os.environ.get("VIGIA_WORKERS", max(2, multiprocessing.cpu_count())))
worker_class = "gthread"
threads = int(os.environ.setdefault("VIGIA_THREADS", "64"))  # set: the workers size their image share by it
preload_app = False  # each worker loads the app and the package itself, so a HUP picks up a new package
timeout = 120  # a cold briefing PDF takes ~10 s; a worker silent for 2 minutes is stuck and is replaced
graceful_timeout = 30
keepalive = 5
max_requests = 0  # no silent restarts: a worker changes package only on a deliberate HUP
limit_request_line = 8190
limit_request_fields = 100
forwarded_allow_ips = "127.0.0.1"  # trust X-Forwarded-Proto only from a proxy on this machine
accesslog = os.environ.get("VIGIA_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("VIGIA_LOG_LEVEL", "info")
proc_name = "vigia"
control_socket_disable = True  # reload with `kill -HUP <master pid>`; no socket left in $HOME


def on_starting(server):
    """Before any worker: write brotli-11 and gzip-9 copies of every static file (once per content)."""
    if os.environ.get("VIGIA_PRECOMPRESS", "1") == "0":
        return
    run = subprocess.run([sys.executable, "-m", "dashboard.server", "precompress"], capture_output=True, text=True)
    if run.returncode != 0:
        server.log.error("precompress failed:\n%s", run.stderr.strip())
        sys.exit(run.returncode)  # the same error would stop every worker: say it once, here
    server.log.info(run.stdout.strip().splitlines()[-1] if run.stdout.strip() else "precompress: nothing to do")
