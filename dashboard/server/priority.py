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


def idle_descendants(pid: int) -> None:
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
