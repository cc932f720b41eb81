"""An image that leaves the dashboard says what it shows and where its numbers come from: title, subtitle,
source line and credit are drawn into the figure itself."""
from __future__ import annotations

import copy

from dashboard import i18n
from dashboard.exports.charts import map_chart, series_chart
from dashboard.exports.framing import HEIGHT, WIDTH, framed, inline_geojson
from dashboard.figures.style import GEOJSON_URL, NEIGHBOURS_URL


def notes(figure) -> list[str]:
    return [a["text"] for a in figure["layout"]["annotations"] if a.get("xref") == "paper" and a["y"] == 0]


def test_a_framed_chart_has_its_title_subtitle_source_and_credit(small):
    chart = series_chart(small, "loss", ["PE"], "es")
    out = framed(chart.figure, chart.title, chart.subtitle, chart.source, "es", small.package.version)
    layout = out["layout"]
    assert layout["width"] == WIDTH and layout["height"] >= HEIGHT  # two panels (two groups): as tall as they need
    one = framed(series_chart(small, "coca", ["PE"], "es").figure, "t", "s", "src", "es", small.package.version)
    assert one["layout"]["height"] == HEIGHT  # one panel: the standard image
    assert layout["title"]["text"] == "Pérdida de bosque" and layout["title"]["subtitle"]["text"] == chart.subtitle
    as_of = i18n.t("es", "data_as_of", date=small.package.version[:10], version=small.package.version)
    assert notes(out) == [f"{i18n.t('es', 'source')}: MINAM (2022); Watch NGO, vía Daily News",
                          f"Vigía · {i18n.t('es', 'app_subtitle')} · {as_of}"]
    assert layout["legend"]["orientation"] == "h" and layout["margin"]["t"] > 110  # the legend under the title


def test_framing_leaves_the_dashboards_figure_as_it_was(small):
    chart = map_chart(small, "loss", 2021, "en")
    before = copy.deepcopy(chart.figure)
    out = framed(chart.figure, chart.title, chart.subtitle, chart.source, "en", small.package.version)
    assert chart.figure == before and "frames" not in out
    assert out["layout"]["legend"] == before["layout"]["legend"] and out["layout"]["geo"] == before["layout"]["geo"]


def test_a_renderer_outside_the_browser_gets_the_geojson_itself(small):
    out = framed(map_chart(small, "loss", 2021, "en").figure, "t", "s", "src", "en", small.package.version)
    shapes = {t["geojson"]["type"] for t in out["data"]}
    assert shapes == {"FeatureCollection"}
    untouched = inline_geojson({"data": [{"geojson": "https://elsewhere/x.geojson"}, {"type": "scatter"}]})
    assert untouched["data"] == [{"geojson": "https://elsewhere/x.geojson"}, {"type": "scatter"}]
    assert {GEOJSON_URL, NEIGHBOURS_URL} <= {t["geojson"] for t in map_chart(small, "loss", 2021, "en").figure["data"]}


def test_a_long_source_line_is_wrapped_between_words_and_the_credit_moves_down(small):
    chart = series_chart(small, "loss", ["PE"], "es")
    short = framed(chart.figure, chart.title, chart.subtitle, "MINAM", "es", small.package.version)
    long = framed(chart.figure, chart.title, chart.subtitle, "; ".join(["Ministerio del Ambiente (2024)"] * 12), "es",
                  small.package.version)
    source, credit = [a for a in long["layout"]["annotations"] if a.get("xref") == "paper" and a["y"] == 0]
    lines = source["text"].split("<br>")
    assert len(lines) == 3 and all(len(line) <= 150 for line in lines) and not lines[1].startswith(" ")
    assert long["layout"]["margin"]["b"] - short["layout"]["margin"]["b"] == 2 * 17
    assert credit["yshift"] < source["yshift"] - 2 * 17
