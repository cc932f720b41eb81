"""The DEVIDA coca series come from their two snapshots (coca_deforestation/derived.yaml): the report tables
retyped in Markdown and the 2024 report's department table as CSV. Each cell comes from one file, and the
build gives exactly the department, zone and national figures research had retyped from those two files.
"""
from __future__ import annotations

import csv
from decimal import Decimal

import pytest

from etl.records import Observation
from etl.sources_layer import SourcesLayer, read_sources_layer

TABLES, DEPARTMENTS = "devida_coca_tables_pipaber", "devida_coca_by_department_pipaber"
LEVELS = {"department": "department", "zone": "coca_zone", "national": "country"}  # research level -> package
RETYPED_FROM = "github.com/pipaber/xgboost_deforestation/"  # the research rows' source: the same two files
Cell = tuple[str, str, str]  # level, place id, year


@pytest.fixture(scope="module")
def layer() -> SourcesLayer:
    return read_sources_layer()


@pytest.fixture(scope="module")
def derived(layer: SourcesLayer) -> dict[Cell, list[Observation]]:
    cells: dict[Cell, list[Observation]] = {}
    for o in layer.observations:
        if o.ref.startswith((f"snapshot/{TABLES}#", f"snapshot/{DEPARTMENTS}#")):
            cells.setdefault((o.geography_level, o.geography_id, o.period.text), []).append(o)
    return cells


def snapshot_of(o: Observation) -> str:
    return o.ref.split("#")[0].removeprefix("snapshot/")


def test_each_devida_cell_comes_from_one_file(derived):
    assert derived and all(len(found) == 1 for found in derived.values())
    years: dict[tuple[str, str], set[int]] = {}
    for (level, _, year), (o,) in derived.items():
        years.setdefault((snapshot_of(o), level), set()).add(int(year))
        assert (o.indicator, o.series, o.unit, o.verification) == ("coca_area", "official", "ha", "third_party_file")
    assert years == {(TABLES, "department"): {2017, 2018, 2019}, (TABLES, "coca_zone"): set(range(2018, 2025)),
                     (TABLES, "country"): {2018}, (DEPARTMENTS, "department"): set(range(2020, 2025))}
    departments = {place for level, place, _ in derived if level == "department"}
    assert len(departments) == 13
    assert all((("department", place, str(year)) in derived) for place in departments for year in range(2017, 2025))


@pytest.mark.requires_research
def test_the_snapshots_give_every_retyped_devida_figure_and_no_other(layer, derived, research):
    retyped: dict[Cell, tuple[str, Decimal]] = {}
    with (research / "coca_deforestation_figures.csv").open(newline="", encoding="utf-8") as f:
        for line, row in enumerate(csv.DictReader(f), start=2):
            if row["indicator"] == "coca_cultivation_area" and RETYPED_FROM in row["source_url"]:
                level = LEVELS[row["geography_level"]]
                place = "PE" if level == "country" else layer.places.normalise(row["geography"], level)
                assert (level, place, row["year"]) not in retyped
                retyped[(level, place, row["year"])] = (f"coca_deforestation_figures.csv#L{line}",
                                                        Decimal(row["value"].replace(",", "")))
    assert len(retyped) == 231 and set(retyped) == set(derived)
    moved = [(cell, ref, value, o.value.value) for cell, (ref, value) in retyped.items()
             for o in derived[cell] if o.value.value != value]
    assert not moved, moved[:10]

    exclusions = {r["ref"]: r for r in layer.tables["exclusions"]}
    for cell, (ref, value) in retyped.items():
        if ref in exclusions:
            detail = exclusions[ref]["detail"]
            assert exclusions[ref]["reason"] == "derived_from_snapshot", ref
            assert f" {cell[2]} = {value} ha: " in detail and f"snapshot {snapshot_of(derived[cell][0])} " in detail
    # A research row that also gave a press variant or an event keeps its ref there; its retyped official
    # figure is gone all the same, replaced by the derived one compared above.
    refs = {ref for ref, _ in retyped.values()}
    still_used = {o.ref: o.series for o in layer.observations if o.ref in refs}
    events = {r["ref"] for r in layer.tables["events"] if r["ref"] in refs}
    assert refs - set(exclusions) == set(still_used) | events
    assert set(still_used.values()) == {"press_variant"}
    assert sorted(refs - set(exclusions), key=lambda ref: int(ref.split("#L")[1])) == [
        f"coca_deforestation_figures.csv#L{n}" for n in (20, 94, 223, 224)]
