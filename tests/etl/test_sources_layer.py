"""etl.sources_layer: the catalogue's tables and the theme folders read into records, every problem at its row."""
from __future__ import annotations

from pathlib import Path

import pytest

from etl.problems import Problem
from etl.sources_layer import read_csv, read_sources_layer


def problems_of(datasets: Path) -> list[Problem]:
    return sorted(read_sources_layer(datasets).problems.items)


def test_the_real_sources_layer_reads_without_problems():
    layer = read_sources_layer()
    assert not layer.problems, layer.problems.report()
    assert len(layer.observations) == 11801 and len(layer.indicators) == 118
    assert {len(layer.tables[t]) for t in ("themes",)} == {6} and len(layer.places.places) == 511


def test_a_broken_header_a_short_row_and_a_bom_are_reported(datasets, layer_files):
    path = datasets / "sources" / "test" / "observations.csv"
    columns = list(layer_files.catalogue.observation_columns)
    path.write_text("\ufeff" + ",".join(columns) + "\n" + "a,b,c\n", encoding="utf-8")
    found = {(p.line, p.expected.split()[0]) for p in problems_of(datasets)}
    assert (1, "UTF-8") in found and (2, str(len(columns))) in found
    path.write_text("ref,indicator\n", encoding="utf-8")
    [problem] = problems_of(datasets)
    assert problem.line == 1 and problem.expected.startswith("header ref,indicator,series")


def test_read_csv_returns_located_rows_and_never_mutates_them(tmp_path):
    from etl.problems import Problems
    path = tmp_path / "x.csv"
    path.write_text("a,b\n 1 ,2\n\"multi\nline\",3\n4,5\n", encoding="utf-8")
    problems = Problems()
    rows = read_csv(path, ["a", "b"], problems)
    assert not problems
    assert [(r.where.line, dict(r.fields)) for r in rows] == [(2, {"a": "1", "b": "2"}),
                                                             (3, {"a": "multi\nline", "b": "3"}),
                                                             (5, {"a": "4", "b": "5"})]


def test_an_id_defined_twice_differently_is_an_error_naming_both_rows(datasets, layer_files):
    layer_files.table("units", [{"unit_id": "ha", "symbol_es": "hect", "symbol_en": "ha", "name_es": "x",
                                 "name_en": "x", "kind": "area"}])
    [problem] = problems_of(datasets)
    assert problem.column == "unit_id" and "ids are global" in problem.expected
    assert "catalogue/units.csv:2" in problem.expected


def test_an_excluded_row_cannot_also_be_transcribed(datasets, layer_files, good_observation):
    layer_files.table("exclusions", [{"ref": good_observation["ref"], "reason": "duplicate", "detail": "x"},
                                     {"ref": "coca_deforestation_figures.csv#L9", "reason": "because", "detail": ""}])
    assert {(p.line, p.column) for p in problems_of(datasets)} == {(2, "ref"), (3, "reason")}


# ---- the catalogue's own rows: themes, places -----------------------------------------------------------

THEME = {"theme_id": "fisheries", "position": "7", "short_id": "fish", "name_es": "Pesca ilegal",
         "name_en": "Illegal fishing", "colour": "#000000"}
PLACE = {"place_id": "district-x", "level": "district", "name_es": "X", "name_en": "X", "parent_id": "PE-LOR",
         "departments": "PE-LOR"}

CATALOGUE_ROWS = [
    ("themes", {**THEME, "name_en": ""}, "name_en", "", "non-empty"),
    ("themes", {**THEME, "colour": "red"}, "colour", "red", "#[0-9A-Fa-f]{6}"),
    ("themes", {**THEME, "short_id": "coca"}, "short_id", "coca", "unique"),
    ("themes", {**THEME, "position": "seventh"}, "position", "seventh", "whole number"),
    ("places", {**PLACE, "level": "galaxy"}, "level", "galaxy", "one of"),
    ("places", {**PLACE, "parent_id": "PE-XXX"}, "parent_id", "PE-XXX", "a place id"),
    ("places", {**PLACE, "departments": "PE-LOR;PE-XXX"}, "departments", "PE-XXX", "a place id"),
    ("places", {**PLACE, "departments": "port-callao"}, "departments", "port-callao", "a department"),
    ("places", {**PLACE, "place_id": "PE-LOR"}, "place_id", "PE-LOR", "a unique id; also catalogue/places.csv:"),
]


@pytest.mark.parametrize("table, row, column, value, expected", CATALOGUE_ROWS)
def test_a_bad_catalogue_row_names_file_line_column_and_value(datasets, layer_files, table, row, column, value,
                                                              expected):
    line = layer_files.append(table, row)
    [problem] = problems_of(datasets)
    assert (problem.file.split("datasets/")[-1], problem.line, problem.column, problem.value) == (
        f"catalogue/{table}.csv", line, column, value)
    assert expected in problem.expected


def test_an_alias_given_to_two_places_under_one_parent_is_an_error_naming_both(datasets, layer_files):
    first = layer_files.append("places", {**PLACE, "aliases": "Puerto X"})
    second = layer_files.append("places", {**PLACE, "place_id": "district-y", "name_es": "Y", "name_en": "Y",
                                           "aliases": "PUERTO  X"})
    [problem] = problems_of(datasets)
    assert (problem.line, problem.column, problem.value) == (second, "aliases", "PUERTO  X")
    assert f"district-x, line {first}" in problem.expected


def test_the_same_alias_under_two_parents_is_allowed(datasets, layer_files):
    layer_files.append("places", {**PLACE, "aliases": "Puerto X"})
    layer_files.append("places", {**PLACE, "place_id": "district-y", "parent_id": "PE-UCA", "departments": "PE-UCA",
                                  "aliases": "Puerto X"})
    assert problems_of(datasets) == []


def test_places_are_declared_once_in_the_catalogue_not_per_theme(datasets, layer_files):
    layer_files.table("places", [PLACE])
    [problem] = problems_of(datasets)
    assert problem.file.endswith("sources/test/places.csv") and "declared once" in problem.expected


def test_an_indicator_of_an_unknown_theme_is_an_error(datasets):
    path = datasets / "sources" / "test" / "indicators.yaml"
    path.write_text(path.read_text().replace("theme: coca_deforestation", "theme: fisheries"))
    [problem] = problems_of(datasets)
    assert (problem.column, problem.value) == ("theme", "indicator test_area: fisheries")
