"""etl.records: the typed records and the few questions they answer themselves."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from etl.catalogue import Label
from etl.grammar import parse_period, parse_value
from etl.problems import Location
from etl.records import ComparisonGroup, Indicator, Observation, RawRow, Series


def test_a_raw_row_reads_its_fields_and_cannot_be_changed():
    row = RawRow(Location(Path("a.csv"), 3), {"value": "10"})
    assert row["value"] == "10" and row.where.line == 3
    with pytest.raises(dataclasses.FrozenInstanceError):
        row.where = Location(Path("b.csv"), 4)  # type: ignore[misc]


def test_an_observations_cell_is_what_one_figure_of_a_series_is_about():
    o = Observation(where=Location(Path("a.csv"), 2), ref="x#L2", indicator="area", series="official",
                    preferred=True, geography_id="PE-LOR", geography_level="department",
                    period=parse_period("2020"), value=parse_value("10"), unit="ha", source_id="s",
                    locator=Label("", ""), verification="primary_checked", dimensions={"flow": "", "scope": "seized"},
                    dimension_columns={"flow": "", "scope_es": "decomisado", "scope_en": "seized"},
                    note=Label("", ""), value_as_published="10", period_as_published="2020",
                    geography_as_published="Loreto", comparison_group="annual")
    assert o.cell() == ("area", "official", "PE-LOR", "2020", "", "seized")


def test_an_indicator_names_its_preferred_series():
    name = Label("a", "a")
    series = (Series("other", name, False, "annual"), Series("official", name, True, "annual"))
    indicator = Indicator("area", "coca_deforestation", "ha", name, name, (), (), series,
                          (ComparisonGroup("annual", name),), (), Path("i.yaml"))
    assert indicator.preferred_series == "official"
    assert dataclasses.replace(indicator, series=series[:1]).preferred_series == ""
