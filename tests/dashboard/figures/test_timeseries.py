"""Time series draw figures as what they are: tested on the small package, without a browser."""
from __future__ import annotations

from dashboard import i18n
from dashboard.figures.timeseries import SYMBOLS, events_for, series_figure


def traces(figure) -> dict[str, dict]:
    return {t["name"]: t for t in figure["data"]}


def test_bounds_ranges_and_approximations_are_not_drawn_as_exact_points(small):
    figure = traces(series_figure(small, "loss", "en", ["PE"]))
    assert figure["NGO"]["marker"]["symbol"] == [SYMBOLS["more_than"]] == ["triangle-up"]  # "more than 70 ha"
    coca = traces(series_figure(small, "coca", "en", ["PE"]))
    official = coca["Official"]
    assert official["x"] == [2000, None, 2019, None, 2021]  # the range (2020) is not a point: gaps stay gaps
    assert official["marker"]["symbol"] == ["circle-open", "circle", "circle"]  # ~2000 is approximate
    ranged = coca[f"Official ({i18n.t('en', 'legend_range')})"]
    assert ranged["x"] == [2020, 2020, None] and ranged["y"] == [40.0, 60.0, None]  # a bar from low to high


def test_the_preferred_series_comes_first_and_solid(small):
    figure = series_figure(small, "loss", "es", ["PE"])
    assert [t["name"] for t in figure["data"]] == ["Oficial", "ONG"]
    assert [t["line"]["dash"] for t in figure["data"]] == ["solid", "dot"]


def test_several_places_are_named_in_the_legend_in_the_order_asked(small):
    figure = series_figure(small, "coca", "es", ["PE-UCA", "PE"])
    assert [t["name"] for t in figure["data"]][:2] == ["Ucayali · Oficial", "Perú · Oficial"]
    assert figure["layout"]["meta"] == {"indicator": "coca", "geographies": ["PE-UCA", "PE"], "groups": ["official"]}


def test_a_line_keeps_its_colour_when_places_are_added(small):
    alone = traces(series_figure(small, "coca", "es", ["PE"]))
    more = traces(series_figure(small, "coca", "es", ["PE", "PE-UCA"]))
    assert alone["Oficial"]["line"]["color"] == more["Perú · Oficial"]["line"]["color"]
    assert more["Ucayali · Oficial"]["line"]["color"] != more["Perú · Oficial"]["line"]["color"]


def test_figures_of_different_comparison_groups_never_share_an_axis(small):
    figure = series_figure(small, "loss", "en", ["PE"])  # the official count and the NGO's bound: two groups
    layout = figure["layout"]
    assert layout["meta"]["groups"] == ["official", "ngo"]
    by_axis = {(t["xaxis"], t["yaxis"]): t["name"] for t in figure["data"]}
    assert by_axis == {("x", "y"): "Official", ("x2", "y2"): "NGO"}
    assert layout["yaxis2"]["anchor"] == "x2" and layout["yaxis2"]["title"]["text"] == "ha"  # its own axes
    titles = [a["text"] for a in layout["annotations"] if a.get("name") == "panel-title"]
    assert titles == ["Official", "NGO"]  # each panel says what its figures measure
    only = series_figure(small, "loss", "en", ["PE"], groups=["ngo"])
    assert [t["name"] for t in only["data"]] == ["NGO"] and only["layout"]["meta"]["groups"] == ["ngo"]


def test_method_breaks_are_dashed_lines_and_dated_events_marks(small):
    layout = series_figure(small, "coca", "en", ["PE"])["layout"]
    assert [(s["x0"], s["line"]["dash"]) for s in layout["shapes"]] == [(2020.5, "dash")]
    marks = {a["text"]: a for a in layout["annotations"]}
    assert marks[i18n.t("en", "indicator_method_break")]["hovertext"] == "New method."
    assert marks["◆"]["x"] == 2020 and marks["◆"]["hovertext"] == "Law"
    assert [e["event_id"] for e in events_for(small, "coca")] == ["law"]  # an undated event is not drawn
    assert series_figure(small, "loss", "en", ["PE"])["layout"]["shapes"] == []


def test_hover_text_says_value_period_place_and_source_escaped(small):
    hover = series_figure(small, "coca", "es", ["PE-UCA"])["data"][0]["customdata"]
    assert hover[0] == f"<b>5 ha</b> · 2019<br>Ucayali<br>{i18n.t('es', 'source')}: DEVIDA (2021), vía Coca Repo"
    assert hover[1] == ""  # the gap


def test_many_combinations_of_dimensions_are_dots_named_on_hover_never_lines(small, monkeypatch):
    from dashboard.figures import timeseries
    several = ["area-border", "PE-LOR"]
    lines = series_figure(small, "seizures", "en", several)
    assert all(t["mode"] == "lines+markers" for t in lines["data"])
    monkeypatch.setattr(timeseries, "MAX_LINES", 1)  # the panel's two lines differ by their market
    dots = series_figure(small, "seizures", "en", several)
    assert {t["mode"] for t in dots["data"]} == {"markers"}
    assert [t["name"] for t in dots["data"]] == ["Tri-border area · Official", "Loreto · Official"]
    assert "port" in dots["data"][1]["customdata"][0]  # the figure's market, on its own dot
    assert "market" in next(a["text"] for a in dots["layout"]["annotations"] if a.get("name") == "panel-title")
    monkeypatch.setattr(timeseries, "MAX_LINES", 0)  # places and series alone, no dimension varying: lines
    assert all(t["mode"] == "lines+markers" for t in series_figure(small, "loss", "en", ["PE", "PE-LOR"])["data"])
