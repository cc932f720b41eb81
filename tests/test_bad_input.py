"""Bad rows in the sources layer: every problem is reported with file, line, column, value and expectation,
and a failed build leaves the published package untouched."""
import csv
import shutil

import pytest

from etl.build import build, make_package
from etl.paths import CATALOGUE
from etl.problems import BuildFailed
from etl.sources_layer import OBSERVATION_COLUMNS, SOURCE_COLUMNS

INDICATORS = """
- id: test_area
  theme: coca_deforestation
  unit: ha
  name: {es: Área de prueba, en: Test area}
  definition: {es: Cifra de prueba, en: Test figure}
  series:
    - {id: official, preferred: true, name: {es: Oficial, en: Official}}
    - {id: other, name: {es: Otra, en: Other}}
"""
GOOD = {"ref": "coca_deforestation_figures.csv#L2", "indicator": "test_area", "series": "official",
        "geography_level": "department", "geography": "Loreto", "period": "2020", "value": "10", "unit": "ha",
        "source_id": "src-1", "locator": "table 1", "verification": "primary_checked",
        "value_as_published": "10", "period_as_published": "2020", "geography_as_published": "Loreto"}


def write_csv(path, columns, rows):
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, columns, lineterminator="\n", restval="")
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture
def datasets(tmp_path):
    root = tmp_path / "datasets"
    shutil.copytree(CATALOGUE, root / "catalogue")
    (root / "catalogue" / "consistency.yaml").write_text("[]\n")
    theme = root / "sources" / "test"
    theme.mkdir(parents=True)
    (theme / "indicators.yaml").write_text(INDICATORS)
    write_csv(theme / "sources.csv", SOURCE_COLUMNS, [{"source_id": "src-1", "publisher": "DEVIDA", "title": "Report",
                                                       "reliability": "official_statistic"}])
    write_csv(theme / "observations.csv", OBSERVATION_COLUMNS, [GOOD])
    return root


def rewrite(datasets, rows):
    write_csv(datasets / "sources" / "test" / "observations.csv", OBSERVATION_COLUMNS, rows)


def problems_of(datasets):
    with pytest.raises(BuildFailed) as failed:
        make_package(datasets, log=lambda *_: None)
    return failed.value.problems.items


def test_a_good_row_builds(datasets):
    result = make_package(datasets, log=lambda *_: None)
    [row] = result.observations
    assert (row["geography_id"], row["value"], row["qualifier"], row["year"]) == ("PE-LOR", "10", "exact", "2020")


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


@pytest.mark.parametrize("change, column, expected", BAD_ROWS)
def test_each_kind_of_bad_row_names_file_line_column_value_and_expectation(datasets, change, column, expected):
    rewrite(datasets, [GOOD, {**GOOD, "period": "2021", **change}])
    [problem] = [p for p in problems_of(datasets) if p.column == column]
    assert problem.file.endswith("sources/test/observations.csv")
    assert problem.line == 3
    assert problem.value == next(iter(change.values()))
    assert expected in problem.expected
    assert f"observations.csv:3, column '{column}'" in str(problem)


def test_every_problem_is_reported_not_just_the_first(datasets):
    bad = [{**GOOD, "period": str(2000 + i), **change} for i, (change, _, _) in enumerate(BAD_ROWS)]
    rewrite(datasets, bad)
    lines = {p.line for p in problems_of(datasets)}
    assert lines == set(range(2, 2 + len(BAD_ROWS)))


def test_two_values_for_one_cell_of_the_preferred_series_is_an_error(datasets):
    rewrite(datasets, [GOOD, {**GOOD, "value": "11"}])
    [problem] = problems_of(datasets)
    assert (problem.line, problem.column) == (3, "series")
    assert "another series" in problem.expected


def test_a_second_source_for_the_same_cell_goes_in_another_series(datasets):
    rewrite(datasets, [GOOD, {**GOOD, "value": "11", "series": "other"}])
    assert len(make_package(datasets, log=lambda *_: None).observations) == 2


def test_a_broken_header_a_short_row_and_a_bom_are_reported(datasets):
    path = datasets / "sources" / "test" / "observations.csv"
    path.write_text("\ufeff" + ",".join(OBSERVATION_COLUMNS) + "\n" + "a,b,c\n", encoding="utf-8")
    found = {(p.line, p.expected.split()[0]) for p in problems_of(datasets)}
    assert (1, "UTF-8") in found and (2, str(len(OBSERVATION_COLUMNS))) in found
    path.write_text("ref,indicator\n", encoding="utf-8")
    [problem] = problems_of(datasets)
    assert problem.line == 1 and problem.expected.startswith("header ref,indicator,series")


def test_an_id_defined_twice_differently_is_an_error(datasets):
    theme = datasets / "sources" / "test"
    write_csv(theme / "units.csv", ["unit_id", "symbol_es", "symbol_en", "name_es", "name_en", "kind"],
              [{"unit_id": "ha", "symbol_es": "hect", "symbol_en": "ha", "name_es": "x", "name_en": "x", "kind": "area"}])
    [problem] = problems_of(datasets)
    assert problem.column == "unit_id" and "ids are global" in problem.expected


def test_an_excluded_row_cannot_also_be_transcribed(datasets):
    write_csv(datasets / "sources" / "test" / "exclusions.csv", ["ref", "reason", "detail"],
              [{"ref": GOOD["ref"], "reason": "duplicate", "detail": "x"}, {"ref": "coca_deforestation_figures.csv#L9",
                                                                            "reason": "because", "detail": ""}])
    found = {(p.line, p.column) for p in problems_of(datasets)}
    assert found == {(2, "ref"), (3, "reason")}


def test_a_failed_build_leaves_the_published_package_untouched(datasets, tmp_path):
    out = tmp_path / "package"
    build(out, datasets, log=lambda *_: None)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    rewrite(datasets, [GOOD, {**GOOD, "period": "2021", "value": "lots"}])
    with pytest.raises(BuildFailed):
        build(out, datasets, log=lambda *_: None)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["datasets", "package", "releases"]
    assert [p.name for p in (tmp_path / "releases").iterdir()] == [out.resolve().name]  # no half-written folder left


def test_a_new_build_replaces_the_package_whole(datasets, tmp_path):
    out = tmp_path / "package"
    build(out, datasets, log=lambda *_: None)
    rewrite(datasets, [GOOD, {**GOOD, "period": "2021", "value": "12"}])
    build(out, datasets, log=lambda *_: None)
    assert (out / "observations.csv").read_text().count("test_area") == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["datasets", "package", "releases"]
    assert len(list((tmp_path / "releases").iterdir())) == 2  # the new release and the one it replaced
