"""Render figures to SVG/PNG with kaleido and Debian's Chromium, offline, bounded in time, cached.

One Chromium is kept for the process (kaleido's sync server), so a render costs about half a second
instead of the three a fresh browser takes. The callers cache what they make from it (dashboard.cache).

`priority`: "normal", or "idle" (the server's choice, dashboard.server.wsgi): the rendering thread runs at a
lower priority and the Chromium in the idle scheduling class, so pages and callbacks come first.
"""
from __future__ import annotations

import atexit
import concurrent.futures
import os
import tempfile
from pathlib import Path

from dashboard.server.priority import idle_descendants, nice
from etl.paths import ROOT

TOPOJSON_SCRIPT = ROOT / "assets" / "vendor" / "plotly-geo-south-america-110m.js"
TIMEOUT_S = 60
PRIORITIES = ("normal", "idle")


class RenderError(RuntimeError):
    pass


def _topojson_folder() -> str:
    """kaleido wants a folder of topojson files; the app ships the one it needs inside a preload script."""
    script = TOPOJSON_SCRIPT.read_text(encoding="utf-8")
    body = script[script.index("= {", script.index('["south-america_110m"]')) + 2: script.rstrip().rindex(";")]
    folder = Path(tempfile.mkdtemp(prefix="vigia-topojson-"))
    (folder / "south-america_110m.json").write_text(body, encoding="utf-8")
    return folder.as_uri() + "/"


class Renderer:
    def __init__(self, priority: str = "normal") -> None:
        self.priority = "normal"
        self.set_priority(priority)
        self._started = False
        self._topojson: str | None = None
        self._pool = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="kaleido")

    def _start(self) -> None:
        import kaleido
        self._topojson = _topojson_folder()
        kaleido.start_sync_server(silence_warnings=True)
        atexit.register(self.close)
        self._started = True

    def set_priority(self, priority: str) -> None:
        """"idle": renders wait for spare CPU (see the module's docstring); "normal": they don't."""
        if priority not in PRIORITIES:
            raise ValueError(f"priority must be one of {PRIORITIES}, not {priority!r}")
        self.priority = priority

    def render(self, figure_factory, fmt: str, width: int, height: int) -> bytes:
        """`figure_factory()` builds the figure in the rendering thread."""
        future = self._pool.submit(self._render, figure_factory, fmt, width, height)
        try:
            data = future.result(timeout=TIMEOUT_S)
        except concurrent.futures.TimeoutError:
            raise RenderError(f"rendering took longer than {TIMEOUT_S} s") from None
        return data

    def _render(self, figure_factory, fmt: str, width: int, height: int) -> bytes:
        import kaleido
        idle = self.priority == "idle"
        if idle:
            nice()  # this (the rendering) thread
        try:
            if not self._started:
                self._start()
            return kaleido.calc_fig_sync(figure_factory(), opts={"format": fmt, "width": width, "height": height},
                                         topojson=self._topojson)
        except Exception as exc:  # kaleido reports browser and plotly errors with its own types
            raise RenderError(f"could not render the figure: {exc}") from exc
        finally:
            if idle:  # kaleido starts (or restarts) its Chromium during a render, not before
                idle_descendants(os.getpid())

    def close(self) -> None:
        if self._started:
            import kaleido
            kaleido.stop_sync_server(silence_warnings=True)
            self._started = False


renderer = Renderer()
