"""Draw a chart's title, subtitle (place, period, unit), source line and Vigía credit into the figure itself,
so an image taken into a briefing still says what it shows and where its numbers come from."""
from __future__ import annotations

import copy
import html
import json
from functools import cache

from dashboard import i18n
from dashboard.figures.style import GEOJSON_URL, NEIGHBOURS_URL, text_lines
from dashboard.figures.timeseries import legend_height
from etl.paths import GEO

WIDTH, HEIGHT = 1200, 800


@cache
def _geojson(name: str) -> dict:
    return json.loads((GEO / name).read_text(encoding="utf-8"))


def inline_geojson(figure: dict) -> dict:
    """A renderer outside the browser cannot fetch the app's /geo/ URLs: give it the GeoJSON itself."""
    files = {GEOJSON_URL: "peru_departments.geojson", NEIGHBOURS_URL: "peru_neighbours.geojson"}
    for trace in figure["data"]:
        if isinstance(trace.get("geojson"), str) and trace["geojson"] in files:
            trace["geojson"] = _geojson(files[trace["geojson"]])
    return figure


SOURCE_LINE_CHARS = 150  # what one line of the 12 px source note holds across the image
NOTE_LINE_PX = 17


def wrapped(text: str, width: int = SOURCE_LINE_CHARS) -> list[str]:
    """A note's text in lines of at most `width` characters, broken between words."""
    return text_lines(text, width)


def framed(figure: dict, title: str, subtitle: str, source: str, lang: str, package_version: str) -> dict:
    out = copy.deepcopy({"data": figure["data"], "layout": figure["layout"]})
    layout = out["layout"]
    margin = dict(layout.get("margin") or {})
    drawn = dict(margin)
    source_lines = wrapped(f"{i18n.t(lang, 'source')}: {source}")
    extra = NOTE_LINE_PX * (len(source_lines) - 1)
    margin.update(t=110, b=max(margin.get("b", 40), 40) + 70 + extra, l=max(margin.get("l", 0), 20),
                  r=max(margin.get("r", 0), 20))
    if "geo" not in layout:  # a series chart: room for its whole legend at the image's width
        names = [t["name"] for t in out["data"] if t.get("showlegend", True)]
        legend = 40 + legend_height(names, WIDTH - margin["l"] - margin["r"])
        margin["b"] = max(drawn.get("b", 40), legend) + 70 + extra
    as_of = i18n.t(lang, "data_as_of", date=package_version[:10], version=package_version)
    credit = f"Vigía · {i18n.t(lang, 'app_subtitle')} · {as_of}"
    layout.update(
        width=WIDTH, height=HEIGHT, margin=margin,
        title={"text": title, "x": 0.01, "xanchor": "left", "y": 0.975, "yanchor": "top", "font": {"size": 22},
               "subtitle": {"text": subtitle, "font": {"size": 15, "color": "#555555"}}},
    )
    notes = ["<br>".join(html.escape(line) for line in source_lines), html.escape(credit)]
    layout["annotations"] = list(layout.get("annotations") or []) + [
        {"text": text, "xref": "paper", "yref": "paper", "x": 0, "y": 0, "xanchor": "left", "yanchor": "top",
         "yshift": -(margin["b"] - 70 - extra) - (22 + extra if i else 0) - 6, "showarrow": False, "align": "left",
         "font": {"size": 12, "color": "#444444"}} for i, text in enumerate(notes)]
    if "geo" not in layout:  # a series chart: the legend whole under the plot, the notes under the legend
        margin["t"] = 110 + drawn.get("t", 0)
        plot = HEIGHT - margin["t"] - margin["b"]
        if len(layout.get("meta", {}).get("groups", [])) > 1:  # panels: as tall as on the page, or more
            plot = max(plot, int(figure["layout"].get("height", HEIGHT)) - drawn.get("t", 0) - drawn.get("b", 0))
        layout["height"] = plot + margin["t"] + margin["b"]
        layout["legend"] = {**layout.get("legend", {}), "y": -(36 / plot)}
        layout["title"]["y"] = 1 - 12 / layout["height"]
        layout["title"]["yanchor"] = "top"
        layout["title"]["yref"] = "container"
    return inline_geojson(out)
