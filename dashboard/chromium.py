"""Debian's Chromium, started so that it cannot reach anything but this machine (no background traffic,
every host name but 127.0.0.1 unresolvable): for printing briefs, browser tests and benchmarks."""
import os

CHROMIUM = os.environ.get("VIGIA_CHROMIUM", "/usr/bin/chromium")
OFFLINE_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
