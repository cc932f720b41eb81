"""Render figures to SVG/PNG with kaleido and Debian's Chromium, offline, bounded in time, cached.

One Chromium is kept for the process (kaleido's sync server), so a render costs about half a second
instead of the three a fresh browser takes. Results are cached by package version and request.
"""
from __future__ import annotations

import atexit
import concurrent.futures
import tempfile
import threading
from collections import OrderedDict
from pathlib import Path

from etl.paths import ROOT

TOPOJSON_SCRIPT = ROOT / "assets" / "vendor" / "plotly-geo-south-america-110m.js"
TIMEOUT_S = 60
CACHE_ITEMS = 256


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
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._started = False
        self._topojson: str | None = None
        self._cache: OrderedDict[tuple, bytes] = OrderedDict()
        self._pool = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="kaleido")

    def _start(self) -> None:
        import kaleido
        self._topojson = _topojson_folder()
        kaleido.start_sync_server(silence_warnings=True)
        atexit.register(self.close)
        self._started = True

    def render(self, key: tuple, figure_factory, fmt: str, width: int, height: int) -> bytes:
        """`figure_factory()` builds the figure only on a cache miss."""
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        future = self._pool.submit(self._render, figure_factory, fmt, width, height)
        try:
            data = future.result(timeout=TIMEOUT_S)
        except concurrent.futures.TimeoutError:
            raise RenderError(f"rendering took longer than {TIMEOUT_S} s") from None
        with self._lock:
            self._cache[key] = data
            while len(self._cache) > CACHE_ITEMS:
                self._cache.popitem(last=False)
        return data

    def _render(self, figure_factory, fmt: str, width: int, height: int) -> bytes:
        import kaleido
        if not self._started:
            self._start()
        try:
            return kaleido.calc_fig_sync(figure_factory(), opts={"format": fmt, "width": width, "height": height},
                                         topojson=self._topojson)
        except Exception as exc:  # kaleido reports browser and plotly errors with its own types
            raise RenderError(f"could not render the figure: {exc}") from exc

    def close(self) -> None:
        if self._started:
            import kaleido
            kaleido.stop_sync_server(silence_warnings=True)
            self._started = False


renderer = Renderer()
