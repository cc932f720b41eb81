"""The Catalog's questions, on the small package (tests/dashboard/smallpackage.py: answers worked out by hand), and
the properties that hold for any package on the published one."""
from __future__ import annotations

import pytest

from dashboard import i18n
from dashboard.catalog import CHART_KINDS, Catalog, Cell, Rank
from tests.dashboard.smallpackage import VERSION, small_package

# ---------------------------------------------------------------- the package's own catalogue

def test_dimensions_themes_and_vocabularies_in_the_users_language(small):
    assert small.dimensions == ["taxon", "market"]  # by position, not as the table lists them
    assert list(small.themes.index) == ["forests", "coca", "empty"]
    assert small.theme_name("forests", "en") == "Forests" and small.theme_name("nope", "es") == "nope"
    assert small.label("grade", "other", "es") == "Otra fuente"
    assert small.label("grade", "unlisted", "en") == "unlisted"  # a code without a label is itself
    assert repr(small) == f"Catalog(version={VERSION!r})"  # what the builders' cache keys name it by


def test_the_districts_derived_from_snapshots_are_not_among_the_figures_the_views_show(small):
    assert "district-1" not in set(small.obs.geography_id)
    assert len(small.package["observations"]) == len(small.obs) + 1


# ---------------------------------------------------------------- places and indicators

def test_map_units_are_the_places_drawn_as_themselves(small):
    assert small.map_units == ["PE-CUS", "PE-LIM", "PE-LMA", "PE-LOR", "PE-UCA"]
    assert small.units_of("PE-15") == ["PE-LIM", "PE-LMA"] and small.units_of("PE") == []
    assert small.units_of("nowhere") == []
    assert small.place_name("PE-LMA", "en") == "Metropolitan Lima" and small.place_name("nowhere", "es") == "nowhere"


def test_an_indicators_names_unit_series_notes_and_coverage(small):
    assert small.name("loss", "es") == "Pérdida de bosque" and small.unit_symbol("protected", "en") == "%"
    assert small.preferred("loss") == "official"
    assert small.series_name("loss", "ngo", "en") == "NGO" and small.series_name("loss", "other", "en") == "other"
    assert [n["text_en"] for n in small.method_breaks("coca")] == ["New method."]
    assert [n["text_es"] for n in small.caveats("coca")] == ["Solo valles."] and small.method_breaks("loss") == []
    assert small.coverage("loss") == ["PE-LIM", "PE-LMA", "PE-LOR", "PE-UCA"]
    assert small.coverage("coca") == small.map_units  # no coverage stated: every unit


def test_a_themes_indicators_are_in_the_indicators_tables_order(small):
    assert small.indicators_of("coca") == ["seizures", "coca"]
    assert small.indicators_of("forests") == ["loss", "protected"]
    assert small.indicators_of("empty") == [] and small.indicators_of("nope") == []


def test_rows_of_an_indicator_optionally_of_one_place_and_series(small):
    assert len(small.rows("loss")) == 9
    assert list(small.rows("loss", "PE").value) == ["60", "66", "70"]
    assert list(small.rows("loss", "PE", "ngo").value) == ["70"]
    assert small.rows("unknown").empty and list(small.rows("unknown").columns) == list(small.obs.columns)


def test_the_places_with_figures_and_the_ones_a_chart_shows_unless_asked(small):
    assert small.places_of("seizures") == {"area-border", "PE-LOR"}
    assert small.default_places("loss") == ["PE"]  # Peru when it has figures
    assert small.default_places("seizures") == ["area-border"]  # else the place with most figures
    assert small.default_places("unknown") == []


def test_a_time_series_shows_whole_years_and_approximate_periods(small):
    shown = small.series_figures("coca", ["PE"])
    assert list(shown.period) == ["~2000", "2019", "2020", "2021"]  # not the part of 2022
    assert list(shown.x) == [2000, 2019, 2020, 2021] and set(shown.period_kind) <= set(CHART_KINDS)
    assert list(small.series_figures("coca", ["PE", "PE-UCA"]).geography_id).count("PE-UCA") == 2
    assert small.series_figures("coca", ["PE-LOR"]).empty


# ---------------------------------------------------------------- the map

def test_the_map_shows_the_preferred_series_whole_years_without_dimensions(small):
    assert small.map_indicators == ["coca", "loss"]  # seizures: an area, and a figure with a market
    assert small.map_years("loss") == [2020, 2021] and small.map_years("coca") == [2019, 2021]
    assert small.map_years("seizures") == []


def test_a_map_cell_is_a_value_no_data_or_outside_the_coverage(small):
    cells = small.map_cells("loss")
    assert set(cells[2020]) == set(small.map_units)
    lima = cells[2020]["PE-LIM"]
    assert lima.state == "value" and lima.via == "PE-15" and lima.row is not None and lima.row["value"] == "20"
    assert cells[2020]["PE-UCA"] == Cell("value", cells[2020]["PE-UCA"].row) and cells[2020]["PE-UCA"].via == ""
    assert cells[2020]["PE-CUS"] == Cell("outside") and cells[2021]["PE-LIM"] == Cell("no_data")
    assert cells[2021]["PE-LMA"].state == "value" and cells[2021]["PE-LMA"].row["value"] == "0"  # a zero is a value
    assert small.map_cells("coca")[2019]["PE-CUS"] == Cell("no_data")  # covered: every unit
    assert small.map_cells("loss") is cells  # computed once


def test_rank_counts_the_units_with_a_figure_of_their_own_highest_first(small):
    assert small.rank("loss", "PE-UCA") == Rank(1, 3, 2021) == small.rank("loss", "PE-LOR")  # a tie: the better rank
    assert small.rank("loss", "PE-LMA") == Rank(3, 3, 2021)
    assert small.rank("loss", "PE-LOR", 2020) == Rank(2, 2, 2020)
    assert small.rank("loss", "PE-LIM", 2020) is None  # filled by INEI's Lima: not its own figure
    assert small.rank("loss", "PE-CUS") is None and small.rank("loss", "PE-UCA", 1999) is None
    assert small.rank("seizures", "PE-LOR") is None


# ---------------------------------------------------------------- a place's figures

def test_a_region_is_its_unit_and_the_places_whose_figures_stand_for_it(small):
    assert small.region_places("PE-LIM") == ["PE-LIM", "PE-15"]
    assert small.region_places("PE-UCA") == ["PE-UCA"]


def test_figures_are_the_places_observations_in_package_order_optionally_of_one_theme(small):
    rows = small.figures(["PE-LIM", "PE-15"])
    assert list(rows.value) == ["20"] and rows.index.equals(small.obs.index[small.obs.geography_id == "PE-15"])
    assert set(small.figures(["PE"], "coca").indicator) == {"coca"}
    assert set(small.figures(["PE"]).indicator) == {"loss", "protected", "coca"}
    assert small.figures(["PE"], "empty").empty


def test_region_figures_are_grouped_by_theme_in_the_themes_tables_order(small):
    grouped = small.region_figures("PE-LOR")
    assert list(grouped) == ["forests", "coca"]
    assert {t: {i: list(f.period) for i, f in by.items()} for t, by in grouped.items()} == {
        "forests": {"loss": ["2020", "2021"]}, "coca": {"seizures": ["2021"]}}
    assert list(small.region_figures("PE-UCA")["coca"]) == ["coca"] and small.region_figures("PE-CUS") == {}


def test_latest_is_the_last_period_and_none_without_figures(small):
    latest = small.latest(small.rows("coca", "PE"))
    assert latest is not None and latest["period"] == "2022-01/2022-06"
    assert small.latest(small.rows("coca", "PE").iloc[0:0]) is None


def test_sources_of_a_set_of_figures_are_their_source_records_in_the_citation_order(small):
    rows = small.rows("coca", "PE")
    assert [s["source_id"] for s in small.sources_of(rows)] == ["s-devida", "s-ngo"]  # test_citation: the rule
    assert small.sources_of(rows.to_dict("records")) == small.sources_of(rows)  # records answer as a frame does
    assert small.sources_of(rows.iloc[0:0]) == [] and small.sources_of([]) == []
    assert small.source("s-minam") == small.sources.loc["s-minam"].to_dict()


# ---------------------------------------------------------------- a figure in words

def test_a_figures_value_and_period(small):
    row = small.rows("loss", "PE-UCA").iloc[0].to_dict()
    assert small.value_text(row, "es") == "30 ha" and small.period_text(row, "en") == "2020"
    ngo = small.rows("loss", "PE", "ngo").iloc[0].to_dict()
    assert small.value_text(ngo, "en") == i18n.t("en", "value_prefix_more_than") + "70 ha"


def test_an_edited_package_is_another_catalog():
    def hostile(tables):
        tables["places"][0]["name_es"] = "<b>Perú</b>"
    catalog = Catalog(small_package(hostile))
    assert catalog.place_name("PE", "es") == "<b>Perú</b>"


# ---------------------------------------------------------------- what holds for the published package

def test_every_region_is_its_unit_and_places_that_stand_for_it(published):
    for unit in published.map_units:
        places = published.region_places(unit)
        assert places[0] == unit and len(set(places)) == len(places)
        assert all(unit in published.units_of(p) for p in places[1:])


def test_every_regions_figures_are_grouped_by_theme_in_order_and_all_there(published):
    position = {t: n for n, t in enumerate(published.themes.index)}
    for unit in published.map_units:
        grouped = published.region_figures(unit)
        assert [position[t] for t in grouped] == sorted(position[t] for t in grouped)
        every = published.figures(published.region_places(unit))
        assert sum(len(f) for by in grouped.values() for f in by.values()) == len(every)
        for theme, by_indicator in grouped.items():
            assert list(by_indicator) == sorted(by_indicator)
            for indicator, rows in by_indicator.items():
                assert published.indicators.at[indicator, "theme"] == theme and len(rows)
                assert set(rows.indicator) == {indicator} and rows.index.isin(every.index).all()


@pytest.mark.parametrize("indicator", ["forest_loss", "coca_area"])
def test_every_units_rank_is_one_more_than_the_units_above_it(published, indicator):
    cells = published.map_cells(indicator)
    year = max(cells)
    values = {u: float(c.row["value"]) for u, c in cells[year].items() if c.row is not None and not c.via}
    for unit in published.map_units:
        rank = published.rank(indicator, unit)
        if unit not in values:
            assert rank is None
            continue
        higher = sum(v > values[unit] for v in values.values())
        assert rank == Rank(higher + 1, len(values), year) == published.rank(indicator, unit, year)


def test_every_map_cell_outside_the_coverage_is_outside_and_inside_without_a_figure_no_data(published):
    for indicator in published.map_indicators:
        covered = set(published.coverage(indicator))
        for cells in published.map_cells(indicator).values():
            for unit, cell in cells.items():
                expected = "outside" if unit not in covered else "no_data"
                assert cell.state == ("value" if cell.row is not None else expected), (indicator, unit)
