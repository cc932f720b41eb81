"""The renderer: bounded in time, a priority it knows, and the map's topojson handed to kaleido offline."""
from __future__ import annotations

import json
import shutil
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from dashboard.exports import render
from dashboard.exports.render import Renderer, RenderError


def test_a_priority_is_normal_or_idle():
    renderer = Renderer("idle")
    assert renderer.priority == "idle"
    with pytest.raises(ValueError, match="priority"):
        renderer.set_priority("urgent")
    assert renderer.priority == "idle"


def test_a_render_that_takes_too_long_is_an_error_not_a_wait(monkeypatch):
    monkeypatch.setattr(render, "TIMEOUT_S", 0.05)
    renderer = Renderer()
    monkeypatch.setattr(renderer, "_render", lambda *args: time.sleep(0.5) or b"late")
    with pytest.raises(RenderError, match="longer than"):
        renderer.render(dict, "svg", 10, 10)


def test_the_maps_topojson_comes_from_the_apps_own_script():
    folder = Path(urlsplit(render._topojson_folder()).path)
    try:
        topology = json.loads((folder / "south-america_110m.json").read_text(encoding="utf-8"))
    finally:
        shutil.rmtree(folder)
    assert topology["type"] == "Topology" and topology["objects"]
