"""etl.package: the tables and a datapackage.json that describes them, with constraints from the catalogue."""
from __future__ import annotations

import csv
import io
import json

import frictionless
import pytest

from etl.catalogue import load_catalogue
from etl.package import csv_bytes, datapackage, package_files
from etl.paths import PACKAGE


@pytest.fixture(scope="module")
def meta() -> dict:
    return json.loads((PACKAGE / "datapackage.json").read_text(encoding="utf-8"))


def test_the_package_validates_against_its_datapackage_json():
    report = frictionless.Package(str(PACKAGE / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]


def test_the_version_is_the_release_date_plus_a_content_hash(meta):
    release = load_catalogue().release
    date, digest = meta["version"].split("+")
    assert date == release["release_date"] and meta["created"].startswith(date)
    assert len(digest) == 12 and int(digest, 16) >= 0


def test_enum_constraints_are_the_vocabularies_codes_never_restated(meta):
    catalogue = load_catalogue()
    fields = {(r["name"], f["name"]): f for r in meta["resources"] for f in r["schema"]["fields"]}
    coded = [(table.name, f) for table in catalogue.tables.values() for f in table.fields if f.vocabulary]
    assert len(coded) >= 15
    for table, field in coded:
        enum = fields[(table, field.name)]["constraints"]["enum"]
        if field.vocabulary == "theme":
            assert sorted(enum) == sorted(["coca_deforestation", "timber", "sharks", "wildlife", "mining",
                                           "crime_index"])
        else:
            assert enum == list(catalogue.vocabularies[field.vocabulary])
    assert fields[("observations", "partner")]["constraints"] == {"pattern": "[A-Z]{2}"}


def test_the_observations_columns_include_every_dimension_in_order(meta):
    catalogue = load_catalogue()
    [observations] = [r for r in meta["resources"] if r["name"] == "observations"]
    names = [f["name"] for f in observations["schema"]["fields"]]
    columns = [c for d in catalogue.dimensions for c in d.columns]
    start = names.index(columns[0])
    assert names[start:start + len(columns)] == columns


def test_csv_bytes_are_utf8_with_lf_and_quote_only_where_needed():
    data = csv_bytes([{"a": "1", "b": "x, y"}, {"a": "é", "b": 'say "hi"'}], ["a", "b"])
    assert data == 'a,b\n1,"x, y"\né,"say ""hi"""\n'.encode()
    with pytest.raises(ValueError):
        csv_bytes([{"a": "1", "c": "2"}], ["a", "b"])


def test_csv_bytes_are_what_the_csv_module_writes_whatever_the_cells_hold():
    cells = ["", "plain", "a,b", 'say "hi"', "two\nlines", "cr\rhere", " spaced ", "é ü", ",", '"']
    rows = [{"a": a, "b": b, "c": "c"} for a in cells for b in cells]
    for table in (rows, [*rows, {"a": "no b"}]):
        out = io.StringIO()
        writer = csv.DictWriter(out, ["a", "b", "c"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(table)
        assert csv_bytes(table, ["a", "b", "c"]) == out.getvalue().encode()


def test_package_files_describe_each_table_with_its_hash_and_size():
    catalogue = load_catalogue()
    tables = {name: (PACKAGE / f"{name}.csv").read_bytes() for name in catalogue.tables}
    files = package_files(tables, catalogue)
    assert set(files) == {f"{n}.csv" for n in tables} | {"datapackage.json"}
    meta = datapackage(tables, catalogue)
    assert [r["name"] for r in meta["resources"]] == list(catalogue.tables)
    assert all(r["bytes"] == len(tables[r["name"]]) for r in meta["resources"])
    assert json.loads(files["datapackage.json"]) == meta
