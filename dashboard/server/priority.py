"""Scheduling: the warm-up thread runs at a lower priority, and the Chromium that draws chart images in the
idle class, so pages and callbacks come first (Linux). The renderer applies them when its priority is "idle"
(dashboard.exports.render.Renderer.set_priority, which the production server chooses). Requests for images
may hold only a share of a worker's threads (`ImageRequests`): the others are kept for pages and callbacks."""
from __future__ import annotations

import os
import threading
from pathlib import Path

from flask import Response, request

IMAGE_PATHS = ("/download/chart.", "/download/brief.pdf")  # the answers drawn by Chromium
IMAGE_SHARE = 0.75  # of a worker's threads that requests for them may hold


def nice(value: int = 10) -> None:
    """Lower this thread's priority (Linux: nice is per thread). Not the idle class: a Python thread holds the
    GIL, and an idle-class thread holding it would stall the request threads behind it."""
    os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), value)


_idled: set[int] = set()  # the processes below ours put in the idle class, with all they had started


def children(pid: int) -> list[int]:
    """The processes `pid` started (Linux: one `children` file per thread)."""
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            found += [int(child) for child in task.read_text().split()]
        except (OSError, ValueError):
            continue
    return found


def idle_descendants(pid: int) -> None:
    """Put every thread of every process below `pid` (kaleido's Chromium) in the idle scheduling class. Chromium
    sets its own nice values (as root, even negative ones); the idle class ignores them, and processes and
    threads it starts later inherit it: a process seen once is not walked again (called after every render,
    this reads a few files, not all of /proc)."""
    todo = [child for child in children(pid) if child not in _idled]
    while todo:
        process = todo.pop()
        try:
            for task in Path(f"/proc/{process}/task").iterdir():
                os.sched_setscheduler(int(task.name), os.SCHED_IDLE, os.sched_param(0))
        except (OSError, ValueError, AttributeError):
            continue
        _idled.add(process)
        todo += children(process)


class ImageRequests:
    """Each worker draws one image at a time; a request for one waits, holding a thread. When more are asked than
    the machine draws, they would take every thread and pages would wait behind them: past `limit` at once, one
    more is answered 503 with Retry-After, and the threads left answer pages and callbacks."""

    def __init__(self, limit: int) -> None:
        self.limit = max(1, limit)
        self.waiting = 0
        self._lock = threading.Lock()

    def enter(self) -> Response | None:
        """Flask's before_request."""
        if not request.path.startswith(IMAGE_PATHS):
            return None
        with self._lock:
            if self.waiting >= self.limit:
                return Response("Too many images are being drawn; please try again in a moment.\n", status=503,
                                mimetype="text/plain", headers={"Retry-After": "10", "Cache-Control": "no-store"})
            self.waiting += 1
        request.environ["vigia.image"] = True
        return None

    def leave(self, _exc: BaseException | None = None) -> None:
        """Flask's teardown_request."""
        if request.environ.pop("vigia.image", False):
            with self._lock:
                self.waiting -= 1
