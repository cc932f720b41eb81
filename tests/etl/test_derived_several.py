"""etl.derived: an entry naming several snapshots (`snapshots: [a, b]`) has them read together by their format's
reader, each file as downloaded on its snapshot's day (`downloaded` in its provenance, else `accessed`)."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from etl.derived import derived_rows, read_derivations
from etl.problems import Problems
from etl.snapshots import read_snapshots, write_provenance
from etl.sources_layer import read_sources_layer

HEADER = ("Year,App.,Taxon,Class,Order,Family,Genus,Importer,Exporter,Origin,Importer reported quantity,"
          "Exporter reported quantity,Term,Unit,Purpose,Source\n")
SHARK = "II,Carcharhinus falciformis,Elasmobranchii,Carcharhiniformes,Carcharhinidae,Carcharhinus"
OLDER = HEADER + f"2019,{SHARK},HK,PE,,,10,fins,kg,T,W\n2018,{SHARK},CN,PE,,,5,fins,kg,T,W\n"
LATER = HEADER + f"2019,{SHARK},HK,PE,,,12,fins,kg,T,W\n2020,{SHARK},SG,PE,,,3,fins,kg,T,W\n"


@pytest.fixture(scope="module")
def layer():
    return read_sources_layer()


def snapshot(folder: Path, snapshot_id: str, text: str, **dates: str) -> None:
    """A snapshot of a CITES export taken from a repository (accessed unstated), with `dates` in its record."""
    (folder / snapshot_id).mkdir(parents=True)
    data = (folder / snapshot_id / f"{snapshot_id}.csv")
    data.write_text(text, encoding="utf-8")
    write_provenance(folder / snapshot_id, {
        "snapshot": snapshot_id, "file": data.name, "bytes": data.stat().st_size,
        "sha256": hashlib.sha256(data.read_bytes()).hexdigest(), "producer": "CITES Secretariat",
        "title": "CITES comparative tabulation", "made_by": "publisher", "made_by_name": "CITES Trade Database",
        "taken_from": {"repository": "someone/repo", "commit": "abc", "path": data.name}, "accessed": "unstated",
        "licence": "terms of the publisher", "selection": "whole file", "known_issues": [],
        "copied_into_vigia": "2026-12-04", **dates}, "test")


def derive(tmp_path: Path, layer, entry: str) -> tuple[list, Problems]:
    path = tmp_path / "derived.yaml"
    path.write_text(entry, encoding="utf-8")
    problems = Problems()
    derivations = read_derivations([path], read_snapshots(tmp_path / "snapshots", problems), problems)
    assert not problems, problems.report()
    return derived_rows(derivations[0], layer.places, layer.vocabularies, problems), problems


def test_two_snapshots_are_read_together_and_the_later_download_gives_a_figure_both_hold(tmp_path, layer):
    snapshot(tmp_path / "snapshots", "older", OLDER, downloaded="2024-10-16")
    snapshot(tmp_path / "snapshots", "later", LATER, downloaded="2024-11-05")
    rows, problems = derive(tmp_path, layer, "- {snapshots: [older, later], format: cites, source_id: cites-s}\n")
    assert not problems, problems.report()   # the older 2019 row is superseded, not a problem of its file
    figures = {row["period"]: (row["value"], row["ref"], row.where.line) for row in rows}
    assert figures == {"2018": ("5", "snapshot/older#L3", 3), "2019": ("12", "snapshot/later#L2", 2),
                       "2020": ("3", "snapshot/later#L3", 3)}
    assert {row.where.file.parent.name for row in rows} == {"older", "later"}
    assert {row["source_id"] for row in rows} == {"cites-s"}


def test_snapshots_of_one_download_day_are_one_download(tmp_path, layer):
    """Without `downloaded` both files read as taken on the day they entered the repository: one download, whose
    rows of one key are separate records of the tabulation, summed."""
    snapshot(tmp_path / "snapshots", "older", OLDER)
    snapshot(tmp_path / "snapshots", "later", LATER)
    rows, problems = derive(tmp_path, layer, "- {snapshots: [older, later], format: cites, source_id: cites-s}\n")
    assert not problems and {row["period"]: row["value"] for row in rows}["2019"] == "22"


def test_one_snapshot_entry_stays_valid_and_bad_entries_are_named(tmp_path, layer):
    snapshot(tmp_path / "snapshots", "older", OLDER, downloaded="2024-10-16")
    rows, _ = derive(tmp_path, layer, "- {snapshot: older, format: cites, source_id: cites-s}\n")
    assert sorted(row["value"] for row in rows) == ["10", "5"]
    path = tmp_path / "bad.yaml"
    path.write_text("- {snapshot: older, snapshots: [older], format: cites, source_id: s}\n"
                    "- {snapshots: [older, older], format: cites, source_id: s}\n"
                    "- {snapshots: [older, nope], format: cites, source_id: s}\n", encoding="utf-8")
    problems = Problems()
    assert read_derivations([path], read_snapshots(tmp_path / "snapshots", problems), problems) == []
    assert [(p.column, p.expected.split(",")[0]) for p in problems.items] == [
        ("", "entries with snapshot (or snapshots"), ("snapshots", "each snapshot once"),
        ("snapshots", "a snapshot of datasets/snapshots")]


def test_a_download_day_is_a_date(tmp_path):
    snapshot(tmp_path / "snapshots", "older", OLDER, downloaded="16 October 2024")
    problems = Problems()
    assert read_snapshots(tmp_path / "snapshots", problems) == {}
    assert [(p.column, p.value) for p in problems.items] == [("downloaded", "16 October 2024")]
