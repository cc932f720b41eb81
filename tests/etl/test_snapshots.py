"""etl.snapshots: every real file the package is derived from is committed with its provenance, unchanged."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from etl.paths import DATASETS
from etl.problems import Problems
from etl.snapshots import REQUIRED, read_snapshots

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
        assert s.path.stat().st_size < 2_000_000, f"{s.snapshot_id}: a snapshot stays small (commit rows, not archives)"
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
