"""etl.snapshots: every real file the package is derived from is committed with its provenance, unchanged."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from etl.paths import DATASETS
from etl.problems import Problems
from etl.snapshots import (
    MAX_FILE_BYTES,
    REQUIRED,
    read_snapshots,
    recorded_checksums,
    to_fill,
    write_provenance,
)

SNAPSHOTS = DATASETS / "snapshots"


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    folder = tmp_path / "snapshots"
    shutil.copytree(SNAPSHOTS / "devida_coca_tables_pipaber", folder / "devida_coca_tables_pipaber")
    return folder


def test_every_committed_snapshot_matches_its_provenance():
    problems = Problems()
    snapshots = read_snapshots(SNAPSHOTS, problems)
    assert not problems, problems.report()
    assert len(snapshots) >= 15
    for s in snapshots.values():
        assert s.path.stat().st_size <= MAX_FILE_BYTES, f"{s.snapshot_id}: a snapshot stays small (rows, not archives)"
        assert s.verification in {"publisher_file", "third_party_file"}
    devida = snapshots["devida_coca_tables_pipaber"]
    assert devida.verification == "third_party_file" and "2023" in devida.known_issues[0]
    assert snapshots["cites_comptab_fins_pe_2019_2023_gsm"].verification == "publisher_file"
    assert snapshots["fao_capture_peru_sharks_fishstat25"].converted


def test_every_provenance_file_has_every_field():
    for record in sorted(SNAPSHOTS.glob("*/provenance.yaml")):
        meta = yaml.safe_load(record.read_text(encoding="utf-8"))
        assert set(REQUIRED) <= set(meta), (record, set(REQUIRED) - set(meta))


def test_an_edited_file_stops_the_build_naming_it(copy):
    target = copy / "devida_coca_tables_pipaber" / "devida_coca_tables_transcribed_pipaber.md"
    target.write_bytes(target.read_bytes().replace(b"10,151", b"10,152"))
    problems = Problems()
    assert read_snapshots(copy, problems) == {}
    [problem] = problems.items
    assert problem.file.endswith("devida_coca_tables_transcribed_pipaber.md") and problem.column == "sha256"
    assert "never edited" in problem.expected


def test_a_file_without_provenance_or_beside_another_file_is_refused(copy):
    folder = copy / "devida_coca_tables_pipaber"
    (folder / "notes.txt").write_text("x")
    (copy / "stray").mkdir()
    (copy / "stray" / "data.csv").write_text("a\n1\n")
    problems = Problems()
    read_snapshots(copy, problems)
    found = sorted((Path(p.file).name, p.value) for p in problems.items)
    assert found == [("devida_coca_tables_pipaber", "notes.txt"), ("stray", "stray")]


def test_a_record_with_a_missing_or_unknown_field_is_refused(copy):
    record = copy / "devida_coca_tables_pipaber" / "provenance.yaml"
    meta = yaml.safe_load(record.read_text(encoding="utf-8"))
    record.write_text(yaml.safe_dump({**meta, "made_by": "someone", "licence": ""}, allow_unicode=True))
    problems = Problems()
    read_snapshots(copy, problems)
    assert [(p.column, p.value) for p in problems.items] == [("licence", "")]
    record.write_text(yaml.safe_dump({**meta, "made_by": "someone", "accessed": "last year"}, allow_unicode=True))
    problems = Problems()
    read_snapshots(copy, problems)
    assert sorted(p.column for p in problems.items) == ["accessed", "made_by"]


def test_a_stub_with_values_to_fill_and_an_original_download_is_read_and_published(copy):
    folder = copy / "devida_coca_tables_pipaber"
    meta = yaml.safe_load((folder / "provenance.yaml").read_text(encoding="utf-8"))
    original = {"file": "trade_db_1.csv", "bytes": 123_456_789, "sha256": "ab" * 32}
    stub = {**meta, "taken_from": {"url": "TO FILL: where the file was downloaded"}, "original": original}
    assert write_provenance(folder, stub, "Written by a test.") == ["taken_from.url"]
    text = (folder / "provenance.yaml").read_text(encoding="utf-8")
    assert text.splitlines()[1:3] == ["# Written by a test.", '# Still to fill (marked "TO FILL"): taken_from.url. '
                                      "Check producer, title and licence; list known_issues."]
    problems = Problems()
    [s] = read_snapshots(copy, problems).values()
    assert not problems, problems.report()
    assert s.to_fill == ("taken_from.url",) and s.original == {k: str(v) for k, v in original.items()}
    assert (s.row()["selection"], s.row()["original_file"], s.row()["original_bytes"], s.row()["original_sha256"]) == (
        meta["selection"], "trade_db_1.csv", "123456789", "ab" * 32)
    assert s.row()["url"] == "TO FILL: where the file was downloaded"
    assert to_fill(copy) == {"devida_coca_tables_pipaber": ["taken_from.url"]}
    assert recorded_checksums(copy) == {meta["sha256"]: s.snapshot_id, "ab" * 32: s.snapshot_id}

    write_provenance(folder, {**stub, "original": {"file": "x.csv", "sha256": "not a checksum"}}, "Broken.")
    problems = Problems()
    assert read_snapshots(copy, problems) == {}
    assert [p.column for p in problems.items] == ["original"]


def test_a_record_without_an_original_publishes_its_selection_as_it_is():
    problems = Problems()
    snapshots = read_snapshots(SNAPSHOTS, problems)
    assert all(not s.original and s.row()["selection"] == s.selection for s in snapshots.values())
