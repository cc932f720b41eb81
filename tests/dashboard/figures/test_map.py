"""The regional choropleth is a plain function of the data: tested without a browser."""
from __future__ import annotations

import pytest

from dashboard import i18n
from dashboard.catalog import Catalog
from dashboard.figures.map import (
    CLASS_COLOURS,
    INSET_UNITS,
    all_years_figure,
    class_breaks,
    class_labels,
    class_of,
    map_figure,
)
from dashboard.figures.style import GEOJSON_URL, NO_DATA, OUTSIDE
from tests.dashboard.smallpackage import small_package


def fills(frame, geo: str = "geo") -> dict[str, str]:
    """Map unit -> fill colour in the main map (or the Lima inset) of one frame."""
    out = {}
    for trace in frame["data"]:
        if trace["geo"] == geo and trace["geojson"] == GEOJSON_URL:
            for unit in trace["locations"]:
                assert unit not in out, f"{unit} drawn twice"
                out[unit] = trace["colorscale"][0][1]
    return out


def expected_fill(cell, breaks) -> str:
    if cell.row is None:
        return NO_DATA if cell.state == "no_data" else OUTSIDE
    return CLASS_COLOURS[class_of(float(cell.row["value"]), breaks)]


@pytest.mark.parametrize("indicator", ["coca_area", "forest_loss"])
def test_each_department_is_filled_with_the_colour_of_its_value(published, indicator):
    figure = map_figure(published, indicator, "es")
    breaks = figure["layout"]["meta"]["breaks"]
    cells = published.map_cells(indicator)
    for frame in figure["frames"]:
        year, colour = int(frame["name"]), fills(frame)
        assert set(colour) == set(published.map_units)
        for unit, cell in cells[year].items():
            assert colour[unit] == expected_fill(cell, breaks), (indicator, year, unit)


def test_no_data_outside_coverage_and_zero_are_three_different_things(small):
    figure = map_figure(small, "loss", "en", 2021)
    colour = fills({"data": figure["data"]})
    assert colour["PE-CUS"] == OUTSIDE and colour["PE-LIM"] == NO_DATA and colour["PE-LMA"] == CLASS_COLOURS[0]
    assert class_of(0.0, [10.0, 20.0]) == 0  # a zero is a value: it gets the first class, not the no-data grey
    assert NO_DATA not in CLASS_COLOURS and OUTSIDE not in CLASS_COLOURS and NO_DATA != OUTSIDE
    legend = [t["name"] for t in figure["data"] if t["showlegend"]]
    assert legend[-2:] == [i18n.t("en", "no_data"), i18n.t("en", "outside_coverage")]


def test_the_lima_inset_repeats_only_the_units_inside_its_view(small):
    figure = map_figure(small, "loss", "es", 2020)
    inset = fills({"data": figure["data"]}, "geo2")
    assert set(inset) == INSET_UNITS & set(small.map_units)
    assert inset == {u: c for u, c in fills({"data": figure["data"]}).items() if u in inset}


def test_class_breaks_are_stable_readable_and_cover_every_value():
    values = [3.0, 29.0, 385.0, 1153.0, 4882.0, 17786.0, 20051.0]
    breaks = class_breaks(values)
    assert breaks == sorted(breaks) and breaks[-1] == 20051.0 and len(breaks) <= len(CLASS_COLOURS)
    assert all(class_of(v, breaks) < len(CLASS_COLOURS) for v in values)
    assert class_breaks([]) == []
    assert class_labels([10.0, 1500.0], "es") == ["≤ 10", "10 – 1,500"]


def test_one_frame_per_year_and_the_latest_shown_unless_asked(small):
    figure = map_figure(small, "loss", "es")
    assert [f["name"] for f in figure["frames"]] == [str(y) for y in small.map_years("loss")]
    assert figure["data"] == figure["frames"][-1]["data"]
    assert map_figure(small, "loss", "es", 2020)["data"] == figure["frames"][0]["data"]
    assert map_figure(small, "loss", "es", 1900)["data"] == figure["data"]  # a year without a map: the latest
    assert figure["layout"]["meta"] == {"indicator": "loss", "years": [2020, 2021], "breaks": class_breaks(
        [10.0, 30.0, 20.0, 20.0, 30.0, 30.0, 0.0])}


def test_the_figure_references_the_geojson_by_url_and_escapes_data_text():
    catalog = Catalog(small_package(lambda t: t["places"][6].update(name_en="Ucayali <b>&</b>")))
    figure = all_years_figure(catalog, "loss", "en")
    assert all(isinstance(t["geojson"], str) for t in figure["data"])
    hover = " ".join(h for t in figure["data"] for h in t["customdata"])
    assert f"<b>Ucayali &lt;b&gt;&amp;&lt;/b&gt;</b><br>30 ha · 2021<br>{i18n.t('en', 'source')}: MINAM" in hover
    assert "(Lima, INEI)" in " ".join(h for t in figure["frames"][0]["data"] for h in t["customdata"])
