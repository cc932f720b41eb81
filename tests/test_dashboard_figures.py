"""Figure builders are plain functions of data: tested here without a browser."""
from decimal import Decimal

import pytest

from dashboard import i18n
from dashboard.catalog import Catalog
from dashboard.data import load_package
from dashboard.figures.map import CLASS_COLOURS, class_breaks, class_of, map_figure
from dashboard.figures.style import NO_DATA, OUTSIDE
from dashboard.figures.timeseries import series_figure
from dashboard.panels import change_text, panel


@pytest.fixture(scope="module")
def catalog():
    return Catalog(load_package())


def fills(frame) -> dict[str, str]:
    """Map unit -> fill colour in the main map of one frame."""
    out = {}
    for trace in frame["data"]:
        if trace["geo"] == "geo" and trace["geojson"].endswith("peru_departments.geojson"):
            for unit in trace["locations"]:
                assert unit not in out, f"{unit} drawn twice"
                out[unit] = trace["colorscale"][0][1]
    return out


@pytest.mark.parametrize("indicator", ["coca_area", "forest_loss"])
def test_each_department_is_filled_with_the_colour_of_its_value(catalog, indicator):
    figure = map_figure(catalog, indicator, "es")
    breaks = figure["layout"]["meta"]["breaks"]
    cells = catalog.map_cells(indicator)
    for frame in figure["frames"]:
        year, colour = int(frame["name"]), fills(frame)
        assert set(colour) == set(catalog.map_units) and len(colour) == 26
        for unit, cell in cells[year].items():
            expected = {"value": None, "no_data": NO_DATA, "outside": OUTSIDE}[cell.state]
            expected = expected or CLASS_COLOURS[class_of(float(cell.row["value"]), breaks)]
            assert colour[unit] == expected, (indicator, year, unit)


def test_no_data_outside_coverage_and_zero_are_three_different_things(catalog):
    cells = catalog.map_cells("forest_loss")[2024]
    states = {u: c.state for u, c in cells.items()}
    assert states["PE-LOR"] == "value" and states["PE-LIM"] == "outside" and states["PE-CAL"] == "outside"
    assert list(states.values()).count("value") == 15
    assert class_of(0.0, [10.0, 20.0]) == 0  # a zero is a value: it gets the first class, not the no-data grey
    assert NO_DATA not in CLASS_COLOURS and OUTSIDE not in CLASS_COLOURS and NO_DATA != OUTSIDE


def test_coca_departments_outside_the_survey_are_outside_coverage_not_gaps(catalog):
    cells = catalog.map_cells("coca_area")[2024]
    assert sum(c.state == "value" for c in cells.values()) == 13
    assert cells["PE-ICA"].state == "outside" and cells["PE-UCA"].state == "value"


def test_class_breaks_are_stable_readable_and_cover_every_value():
    values = [3.0, 29.0, 385.0, 1153.0, 4882.0, 17786.0, 20051.0]
    breaks = class_breaks(values)
    assert breaks == sorted(breaks) and breaks[-1] == 20051.0 and len(breaks) <= len(CLASS_COLOURS)
    assert all(class_of(v, breaks) < len(CLASS_COLOURS) for v in values)
    assert class_breaks([]) == []


def test_the_figure_references_the_geojson_by_url_and_escapes_data_text(catalog):
    figure = map_figure(catalog, "coca_area", "en", 2024)
    assert all(isinstance(t["geojson"], str) for t in figure["data"])
    hover = " ".join(h for t in figure["data"] for h in t["customdata"])
    assert "Ayacucho" in hover and "18,749 ha" in hover
    assert [f["name"] for f in figure["frames"]] == [str(y) for y in range(2017, 2025)]


def test_bounds_ranges_and_approximations_are_not_drawn_as_exact_points(catalog):
    figure = series_figure(catalog, "coca_eradication", "en", ["PE"])
    symbols = [s for t in figure["data"] for s in (t["marker"]["symbol"] if "marker" in t else [])]
    assert "triangle-up" in symbols  # BBC's "more than 7,000 ha" (2002)
    figure = series_figure(catalog, "coca_area", "es", ["PE"])
    assert figure["layout"]["shapes"], "method breaks (2018, 2021) are marked"
    official = next(t for t in figure["data"] if t["name"].startswith("Monitoreo oficial"))
    assert None in official["x"], "the 1998-2002 gap is not joined"


def test_spanish_numbers_follow_peru_and_keep_the_source_decimals():
    assert i18n.number("54134.5", "es") == "54,134.5"
    assert i18n.number("93.938", "en") == "93.938"
    assert i18n.number(Decimal("6272.8"), "es") == "6,272.8"
    assert i18n.value_text("more_than", "286", "", "", "t", "es") == "más de 286 t"
    assert i18n.value_text("range", "", "70", "90", "%", "en") == "70–90 %"
    assert i18n.period_text("2022-01/2022-11", "part_year", "2022-01-01", "2022-11-30", "en") == "Jan 2022 – Nov 2022"


def test_every_ui_string_exists_in_both_languages():
    import yaml
    es, en = (yaml.safe_load((i18n._FOLDER / f"{lang}.yaml").read_text()) for lang in ("es", "en"))
    assert set(es) == set(en)


def test_a_change_is_never_computed_across_a_method_break(catalog):
    latest = panel(catalog, "coca_area", "PE")
    assert latest.latest["year"] == "2024" and latest.change_pct == pytest.approx((89755 - 92784) / 92784 * 100)
    assert change_text(latest, "en").startswith("−3.3 %")
    goc = panel(catalog, "goc_score", "PE", {"market": "criminality"})
    assert goc.break_between == "2023" and goc.change_pct is None


def test_every_overview_panel_label_is_whole_in_both_languages(catalog):
    from dashboard.panels import configured_panels
    for spec in configured_panels(catalog):
        if "label" in spec:  # an unquoted comma in {es: ..., en: ...} would split the text into extra keys
            assert set(spec["label"]) == {"es", "en"}, spec["label"]
