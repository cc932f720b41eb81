"""etl.tidy: records to package rows, with a stable id and a stable order."""
from __future__ import annotations

from etl.sources_layer import read_sources_layer
from etl.tidy import catalogue_tables, comparison_groups, indicators, observation_row, observations


def test_an_observation_row_keeps_bounds_periods_and_what_was_published(datasets, layer_files, good_observation):
    layer_files.observations([{**good_observation, "value": ">286", "period": "2022-01/2022-11"},
                              {**good_observation, "value": "70..90", "series": "other"}])
    rows = observations(read_sources_layer(datasets))
    bound, span = rows
    assert (bound["value"], bound["qualifier"], bound["period_kind"], bound["period_start"], bound["year"]) == (
        "286", "more_than", "part_year", "2022-01-01", "")
    assert (span["value"], span["value_low"], span["value_high"], span["preferred"]) == ("", "70", "90", "false")
    assert bound["value_as_published"] == "10"


def test_the_row_id_is_stable_and_depends_on_the_figure_not_the_file_line(datasets, layer_files, good_observation):
    layer = read_sources_layer(datasets)
    [o] = layer.observations
    assert observation_row(o)["obs_id"] == observation_row(o)["obs_id"]
    layer_files.observations([{**good_observation, "note_es": "x", "note_en": "x"}])
    assert observations(read_sources_layer(datasets))[0]["obs_id"] == observation_row(o)["obs_id"]


def test_the_real_package_tables_are_ordered_and_complete():
    layer = read_sources_layer()
    rows = observations(layer)
    assert len(rows) == 11801 and len({r["obs_id"] for r in rows}) == 11801
    keys = [(r["indicator"], r["series"], r["geography_id"]) for r in rows]
    assert keys == sorted(keys)
    main, series, notes = indicators(layer)
    assert len(main) == 118 and {s["indicator"] for s in series} == {m["indicator"] for m in main}
    assert {n["kind"] for n in notes} == {"caveat", "method_break"}
    groups = {(g["indicator"], g["comparison_group"]) for g in comparison_groups(layer)}
    assert {(s["indicator"], s["comparison_group"]) for s in series} <= groups
    assert {(r["indicator"], r["comparison_group"]) for r in rows} <= groups


def test_vocabularies_and_dimensions_become_tables_with_both_languages():
    layer = read_sources_layer()
    vocabularies, dimensions = catalogue_tables(layer.catalogue)
    assert {"vocabulary": "flow", "code": "export", "name_es": "exportación", "name_en": "export"} in vocabularies
    assert [d["dimension"] for d in dimensions] == layer.catalogue.dimension_names
    assert all(d["name_es"] and d["name_en"] for d in dimensions)
