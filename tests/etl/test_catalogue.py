"""etl.catalogue: every definition file of datasets/catalogue loads, and a broken one is reported, not raised."""
from __future__ import annotations

import shutil

import yaml

from etl.catalogue import DIMENSIONS_MARK, load_catalogue
from etl.paths import CATALOGUE
from etl.problems import Problems


def test_the_real_catalogue_loads_without_problems():
    problems = Problems()
    catalogue = load_catalogue(CATALOGUE, problems)
    assert not problems, problems.report()
    assert catalogue.dimension_names == ["taxon", "product", "partner", "flow", "reporter", "cites_source",
                                         "hs_code", "market", "scope"]
    assert {"verification", "grade", "licence", "source_flag", "event_kind", "zone_status"} <= set(
        catalogue.vocabularies)
    assert DIMENSIONS_MARK not in catalogue.observation_columns
    columns = [c for d in catalogue.dimensions for c in d.columns]
    start = catalogue.observation_columns.index("taxon")
    assert catalogue.observation_columns[start:start + len(columns)] == tuple(columns)
    assert columns[-2:] == ["scope_es", "scope_en"] and catalogue.dimension_keys[-1] == "scope_en"


def test_a_reader_writes_one_english_text_where_the_layer_has_two():
    catalogue = load_catalogue()
    for text in ("locator", "scope", "note"):
        assert f"{text}_es" in catalogue.observation_columns and f"{text}_en" in catalogue.observation_columns
        assert text in catalogue.reader_columns and f"{text}_en" not in catalogue.reader_columns
    row = catalogue.layer_row({"locator": "row 4, column 'tc_loss_ha_2001'", "scope": "", "note": "not a pattern"})
    assert (row["locator_es"], row["locator_en"]) == ("fila 4, columna 'tc_loss_ha_2001'",
                                                       "row 4, column 'tc_loss_ha_2001'")
    assert (row["scope_es"], row["note_es"], row["note_en"]) == ("", "", "not a pattern")  # no Spanish is blank


def test_every_table_schema_field_has_a_type_and_a_description_and_every_key_is_a_field():
    catalogue = load_catalogue()
    for table in catalogue.tables.values():
        assert table.description, table.name
        for field in table.fields:
            assert field.type in {"string", "integer", "number", "boolean", "date"}, (table.name, field.name)
            assert field.description, (table.name, field.name)
        assert set(table.primary_key) <= set(table.columns), table.name
    for layer_file in catalogue.layer_files:
        assert not layer_file.key or layer_file.key in catalogue.tables[layer_file.table].columns


def test_every_vocabulary_code_has_both_labels_and_every_closed_dimension_a_vocabulary():
    catalogue = load_catalogue()
    for name, codes in catalogue.vocabularies.items():
        assert all(label.es.strip() and label.en.strip() for label in codes.values()), name
    assert {d.name: d.vocabulary for d in catalogue.dimensions if d.vocabulary} == {
        "flow": "flow", "reporter": "reporter", "cites_source": "cites_source", "hs_code": "hs_code"}


def test_a_dimension_added_to_the_vocabularies_file_becomes_a_column(tmp_path):
    folder = tmp_path / "catalogue"
    shutil.copytree(CATALOGUE, folder)
    raw = yaml.safe_load((folder / "vocabularies.yaml").read_text())
    raw["gear"] = {"longline": {"es": "palangre", "en": "longline"}}
    raw["dimensions"]["gear"] = {"vocabulary": "gear", "es": {"name": "arte", "rule": "arte de pesca"},
                                 "en": {"name": "gear", "rule": "fishing gear"}}
    (folder / "vocabularies.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False))
    catalogue = load_catalogue(folder)
    assert catalogue.dimension_names[-1] == "gear" and "gear" in catalogue.observation_columns
    assert "gear" in catalogue.tables["observations"].columns


def test_broken_definitions_are_problems_with_their_file(tmp_path):
    folder = tmp_path / "catalogue"
    shutil.copytree(CATALOGUE, folder)
    text = (folder / "vocabularies.yaml").read_text()
    (folder / "vocabularies.yaml").write_text(text.replace("  export: {es: exportación, en: export}",
                                                           "  export: {es: exportación}")
                                              .replace("vocabulary: flow", "vocabulary: flows"))
    (folder / "layer.yaml").write_text("files: [unclosed\n")
    problems = Problems()
    load_catalogue(folder, problems)
    report = problems.report()
    assert "vocabularies.yaml, column 'flow.export'" in report and "non-empty 'es' and 'en'" in report
    assert "column 'dimensions.flow.vocabulary': got 'flows'" in report
    assert "layer.yaml:2" in report and "valid YAML" in report
