"""Scheduling: the warm-up thread runs at a lower priority, and the Chromium that draws chart images in the
idle class, so pages and callbacks come first (Linux). The renderer applies them when its priority is "idle"
(dashboard.exports.render.Renderer.set_priority, which the production server chooses)."""
from __future__ import annotations

import os
import threading
from pathlib import Path


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
