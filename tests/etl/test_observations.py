"""etl.observations: each kind of bad figure is reported at its file:line and column; good ones become records."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from etl.observations import References, validate_observation, validate_observations
from etl.problems import Location, Problems
from etl.records import RawRow
from etl.sources_layer import read_sources_layer

BAD_ROWS = [
    ({"indicator": "nope"}, "indicator", "an indicator id"),
    ({"series": "nope"}, "series", "a series of test_area"),
    ({"unit": "t"}, "unit", "ha (the unit of test_area)"),
    ({"source_id": "nope"}, "source_id", "a source id"),
    ({"period": "2018-2021"}, "period", "YYYY/YYYY"),
    ({"value": "54,134"}, "value", "no thousands separators"),
    ({"value": "70-90"}, "value", "LOW..HIGH"),
    ({"geography": "Atlantis"}, "geography", "a known department name"),
    ({"geography_level": "planet"}, "geography_level", "one of"),
    ({"verification": "trust me"}, "verification", "one of"),
    ({"ref": "notes.txt"}, "ref", "#L<line>"),
    ({"flow": "sideways"}, "flow", "one of"),
    ({"partner": "China"}, "partner", "ISO 3166-1 alpha-2"),
    ({"value_as_published": ""}, "value_as_published", "as published"),
]


@pytest.fixture
def refs(datasets: Path) -> References:
    layer = read_sources_layer(datasets)
    assert not layer.problems, layer.problems.report()
    return References(layer.catalogue, layer.places, {i.indicator_id: i for i in layer.indicators},
                      {r["source_id"] for r in layer.tables["sources"]})


def raw(fields: dict[str, str], refs: References, line: int = 2) -> RawRow:
    blank = dict.fromkeys(refs.catalogue.observation_columns, "")
    return RawRow(Location(Path("sources/test/observations.csv"), line), {**blank, **fields})


def test_a_good_row_becomes_a_record_with_its_place_value_and_period(refs, good_observation):
    problems = Problems()
    row = raw(good_observation, refs)
    o = validate_observation(row, refs, problems)
    assert not problems and o is not None
    assert (o.geography_id, o.value.value, o.value.qualifier, o.period.year, o.preferred) == (
        "PE-LOR", Decimal("10"), "exact", 2020, True)
    assert o.where == row.where and list(o.dimensions) == refs.catalogue.dimension_names
    assert row.fields == {**dict.fromkeys(refs.catalogue.observation_columns, ""), **good_observation}  # unchanged


@pytest.mark.parametrize("change, column, expected", BAD_ROWS)
def test_each_kind_of_bad_row_names_file_line_column_value_and_expectation(refs, good_observation, change, column,
                                                                           expected):
    problems = Problems()
    assert validate_observation(raw({**good_observation, **change}, refs, line=3), refs, problems) is None
    [problem] = [p for p in problems.items if p.column == column]
    assert (problem.file, problem.line, problem.value) == ("sources/test/observations.csv", 3,
                                                          next(iter(change.values())))
    assert expected in problem.expected
    assert f"observations.csv:3, column '{column}'" in str(problem)


def test_every_problem_is_reported_not_just_the_first(refs, good_observation):
    problems = Problems()
    rows = [raw({**good_observation, "period": str(2000 + i), **change}, refs, line=2 + i)
            for i, (change, _, _) in enumerate(BAD_ROWS)]
    assert validate_observations(rows, refs, problems) == []
    assert {p.line for p in problems.items} == set(range(2, 2 + len(BAD_ROWS)))


def test_two_values_for_one_cell_of_the_preferred_series_is_an_error(refs, good_observation):
    problems = Problems()
    validate_observations([raw(good_observation, refs), raw({**good_observation, "value": "11"}, refs, 3)],
                          refs, problems)
    [problem] = problems.items
    assert (problem.line, problem.column) == (3, "series") and "another series" in problem.expected


def test_a_second_source_for_the_same_cell_goes_in_another_series(refs, good_observation):
    problems = Problems()
    rows = [raw(good_observation, refs), raw({**good_observation, "value": "11", "series": "other"}, refs, 3)]
    assert [o.preferred for o in validate_observations(rows, refs, problems)] == [True, False]
    assert not problems


def test_a_reference_that_names_two_places_is_an_error_where_it_is_made(layer_files, good_observation, datasets):
    for n in (1, 2):  # names may repeat in the catalogue
        layer_files.append("places", {"place_id": f"district-lagunas-{n}", "level": "district", "name_es": "Lagunas",
                                      "name_en": "Lagunas", "parent_id": "PE-LOR", "departments": "PE-LOR"})
    layer_files.observations([{**good_observation, "geography_level": "district", "geography": "Lagunas"}])
    problems = read_sources_layer(datasets).problems
    [problem] = problems.items
    assert (problem.line, problem.column) == (2, "geography")
    assert "district-lagunas-1 and district-lagunas-2" in problem.expected
