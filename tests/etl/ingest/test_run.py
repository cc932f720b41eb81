"""etl/ingest/run.py, `ingest()`: what stops an ingest before anything is written, a figure that differs from the
package's, two downloads of one figure, the source record of each file, reading in worker processes, and the
snapshot each file becomes (the file with its provenance stub, or the rows kept of a download over the limit)."""
from __future__ import annotations

import hashlib
import zipfile
from datetime import date, timedelta
from decimal import Decimal

import pytest
import yaml

from etl import snapshots as snapshot_files
from etl.build import build
from etl.ingest import run as ingest_run
from etl.ingest.formats import formats
from etl.ingest.formats.cites import reader as cites_reader
from etl.ingest.run import ingest
from etl.ingest.runs import IngestFailed
from etl.paths import DATASETS, PACKAGE
from etl.problems import BuildFailed, Problems
from etl.snapshots import read_snapshots

BULK = ("Id,Year,Appendix,Taxon,Class,Order,Family,Genus,Term,Quantity,Unit,Importer,Exporter,Origin,Purpose,Source,"
        "Reporter.type,Import.permit.RandomID,Export.permit.RandomID,Origin.permit.RandomID\n")
PARROT = "II,Ara macao,Aves,Psittaciformes,Psittacidae,Ara"
# La Libertad: the department whose Geobosque table lists fewest districts (3), so a whole-department file is short
LA_LIBERTAD = ("130305", "130306", "130807")
LOSS_2025 = "DEPARTAMENTO,UBIGEO,2025_ha\n" + "".join(f"LA LIBERTAD,{u},{v}\n"
                                                      for u, v in zip(LA_LIBERTAD, "221", strict=True))


def departments(rows):
    return [o for o in rows if o["geography_level"] == "department"]


def quiet(*_):
    pass


def test_nothing_is_read_or_written_when_the_files_or_dates_are_wrong(tmp_path, write, copy_datasets):
    datasets = copy_datasets(tmp_path)
    path = write(tmp_path / "loss.csv", LOSS_2025)
    twin = write(tmp_path / "copy of loss.csv", LOSS_2025)
    cases = [
        (([path], [date(2026, 1, 1), date(2026, 1, 2)]), "one download date for all files or one per file"),
        (([tmp_path / "absent.csv"], date(2026, 1, 1)), "absent.csv: no such file"),
        (([path], date.today() + timedelta(days=1)), "loss.csv: download date"),
        (([path, twin], date(2026, 1, 1)), "copy of loss.csv has the same content as loss.csv"),
        (([path], date(2026, 1, 1), {"fmt": "cites"}), "INGEST FAILED, nothing written: loss.csv:1"),
    ]
    for args, message in cases:
        options = args[2] if len(args) > 2 else {}
        with pytest.raises(IngestFailed, match=message):
            ingest(*args[:2], **options, datasets=datasets, out=tmp_path / "package", log=quiet)
    assert not (tmp_path / "package").exists() and not (datasets / "ingest_report").exists()
    assert not list((datasets / "sources").glob("ingest_*"))


def test_a_figure_that_differs_from_the_package_stops_the_ingest_and_touches_nothing(tmp_path, write, copy_datasets,
                                                                                      csv_rows):
    datasets = copy_datasets(tmp_path)
    package = tmp_path / "package"
    build(package, datasets, log=quiet)
    before = {p.name: p.read_bytes() for p in package.iterdir()}
    sources_before = sorted(p.name for p in (datasets / "sources").iterdir())
    [existing] = [Decimal(o["value"]) for o in csv_rows(PACKAGE / "observations.csv")
                  if (o["indicator"], o["series"], o["geography_id"], o["period"])
                  == ("forest_loss", "minam_geobosque", "PE-LAL", "2020")]
    rows = [f"LA LIBERTAD,{u},{existing + 1 if i == 0 else 0},{'7.5' if i == 0 else '0'}"
            for i, u in enumerate(LA_LIBERTAD)]   # 2020: the package's department figure + 1
    path = write(tmp_path / "loss.csv", "DEPARTAMENTO,UBIGEO,2020_ha,2025_ha\n" + "\n".join(rows) + "\n")
    with pytest.raises(IngestFailed) as failed:
        ingest([path], date(2025, 12, 1), datasets=datasets, out=package, log=quiet)
    assert "figure(s) differ" in str(failed.value)
    assert {p.name: p.read_bytes() for p in package.iterdir()} == before
    assert sorted(p.name for p in (datasets / "sources").iterdir()) == sources_before
    report = csv_rows(datasets / "ingest_report" / "geobosque-rejected.csv")
    assert any((c["file"], c["line"]) == ("loss.csv", "2") and f"already has {existing} " in c["reason"]
               for c in report)

    outcome = ingest([path], date(2025, 12, 1), skip_conflicts=True, datasets=datasets, out=package, log=quiet)
    assert outcome.runs["geobosque"].conflicts == len(report)
    new = [o for o in csv_rows(package / "observations.csv") if o["ref"].startswith("ingest/")]
    assert [(o["geography_id"], o["period"], o["value"], o["verification"]) for o in departments(new)] == [
        ("PE-LAL", "2025", "7.5", "publisher_file")]
    assert (datasets / "sources" / "ingest_geobosque" / "manifest.csv").exists()


def test_two_releases_of_the_same_figures_keep_the_later_download(tmp_path, write, copy_datasets, csv_rows):
    older = write(tmp_path / "2025-12.csv", LOSS_2025)
    newer = write(tmp_path / "2026-01.csv", LOSS_2025.replace(",2\n", ",3\n"))
    datasets = copy_datasets(tmp_path)
    outcome = ingest([newer, older], [date(2026, 1, 15), date(2025, 12, 1)], datasets=datasets,
                     out=tmp_path / "package", log=quiet)
    assert [(o["geography"], o["value"]) for o in departments(outcome.runs["geobosque"].observations)] == [
        ("PE-LAL", "7")]
    entries = csv_rows(datasets / "ingest_report" / "geobosque-rejected.csv")
    assert {(e["file"], e["line"]) for e in entries} >= {("2025-12.csv", "2")}
    assert all(e["file"] == "2025-12.csv" and e["reason"].startswith("superseded by 2026-01.csv") for e in entries)
    assert f"{len(entries)} superseded by another file" in outcome.summary


def test_each_file_is_one_source_and_a_third_party_copy_is_marked_relayed(tmp_path, write, copy_datasets,
                                                                        csv_rows):
    path = write(tmp_path / "loss.csv", LOSS_2025)
    datasets = copy_datasets(tmp_path)
    outcome = ingest([path], date(2026, 1, 2), via="GitHub someone/repo", url="https://example.org/loreto.csv",
                     datasets=datasets, out=tmp_path / "package", log=quiet)
    folder = datasets / "sources" / "ingest_geobosque"
    [source] = csv_rows(folder / "sources.csv")
    [info, _, _] = outcome.runs["geobosque"].files[0]
    assert source["source_id"] == info.source_id == f"ingest-{info.sha256[:12]}"
    assert source["origin_publisher"].startswith("MINAM") and source["channel_name"] == "GitHub someone/repo"
    assert (source["channel"], source["url"], source["channel_year"], source["licence"]) == (
        "third_party_file", "https://example.org/loreto.csv", "2026", "third_party_copy")
    assert f"sha256 {info.sha256}), downloaded 2026-01-02" in source["channel_title"]
    [observation] = departments(csv_rows(folder / "observations.csv"))
    assert (observation["source_id"], observation["verification"]) == (info.source_id, "third_party_file")
    [manifest] = csv_rows(folder / "manifest.csv")
    assert (manifest["file"], manifest["rows_in"], manifest["kept"], manifest["downloaded"]) == (
        "loss.csv", "3", "3", "2026-01-02")


def test_a_dry_run_validates_and_summarises_but_writes_nothing(tmp_path, write, copy_datasets):
    path = write(tmp_path / "loss.csv", LOSS_2025)
    datasets = copy_datasets(tmp_path)
    printed = []
    outcome = ingest([path], date(2026, 1, 2), dry_run=True, datasets=datasets, out=tmp_path / "package",
                     log=printed.append)
    assert outcome.result is None and printed == [outcome.summary]
    assert "[dry run: nothing written]" in outcome.summary and "rows in 3 = kept 3" in outcome.summary
    assert not (tmp_path / "package").exists() and not (datasets / "sources" / "ingest_geobosque").exists()
    assert not (datasets / "ingest_report").exists()


def test_reading_files_in_worker_processes_gives_the_same_folder(tmp_path, monkeypatch, write, copy_datasets,
                                                                  tree):
    files = [write(tmp_path / f"trade_db_{n}.csv", BULK + "\n".join(
        f"{n}{i},{2000 + i % 20},{PARROT},live,{i},,US,PE,,T,W,{'EI'[i % 2]},,," for i in range(40)) + "\n")
        for n in (1, 2)]
    folders = []
    for parallel in (False, True):
        monkeypatch.setattr(cites_reader, "PARALLEL_MIN_BYTES", 0 if parallel else 10**12)
        datasets = copy_datasets(tmp_path / str(parallel))
        ingest(files, date(2024, 1, 1), datasets=datasets, out=tmp_path / str(parallel) / "pkg", log=quiet)
        folders.append(tree(datasets / "sources" / "ingest_cites"))
    assert folders[0] == folders[1]   # the figures, and the sources and manifest (each file's sha256)
    assert folders[0]["observations.csv"].count(b"\n") == 21   # a header and 20 keys, each the sum of 4 shipments
    assert f"ingest-{hashlib.sha256(files[0].read_bytes()).hexdigest()[:12]}".encode() in folders[0]["sources.csv"]
    broken = write(tmp_path / "trade_db_3.csv", BULK.replace(",Source", ",Sauce") + "1,2019\n")
    with pytest.raises(IngestFailed) as failed:
        ingest([files[0], broken], date(2024, 1, 1), datasets=copy_datasets(tmp_path / "x"), out=tmp_path / "x" / "p",
               log=quiet)
    assert "trade_db_3.csv:1: got 'Id,Year,Appendix" in str(failed.value)
    assert "expected a header with the column 'Source' (missing; the columns found are: Id, Year," in str(failed.value)


def test_a_format_that_keeps_no_row_stops_the_whole_ingest_and_writes_nothing(tmp_path, write, copy_datasets, tree):
    datasets = copy_datasets(tmp_path)
    before = tree(datasets)
    loss = write(tmp_path / "loss.csv", LOSS_2025)
    empty = write(tmp_path / "comtrade.csv", "Classification,Year,Period,Trade Flow Code,Reporter Code,Partner Code,"
                  "Commodity Code,Netweight (kg)\n")
    with pytest.raises(IngestFailed) as failed:
        ingest([loss, empty], date(2026, 1, 2), datasets=datasets, out=tmp_path / "package", log=quiet)
    assert str(failed.value) == ("INGEST FAILED, nothing written: nothing to ingest: comtrade.csv (comtrade) keeps "
                                 "no row")
    assert "comtrade.csv (legacy, downloaded 2026-01-02" in failed.value.summary
    assert "report:" not in failed.value.summary
    assert tree(datasets) == before and not (tmp_path / "package").exists()


# ---------------------------------------------------------------- snapshots

def sha256_of(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_an_ingested_file_becomes_a_snapshot_with_a_provenance_stub_and_is_reused_the_next_time(
        tmp_path, write, copy_datasets, csv_rows, tree):
    datasets = copy_datasets(tmp_path)
    path = write(tmp_path / "Pérdida 2025.csv", LOSS_2025)
    outcome = ingest([path], date(2026, 1, 2), datasets=datasets, out=tmp_path / "package", log=quiet)
    [snap] = outcome.snapshots
    assert (snap.snapshot_id, snap.new) == ("geobosque_perdida_2025_20260102", True)
    folder = datasets / "snapshots" / snap.snapshot_id
    assert sorted(p.name for p in folder.iterdir()) == ["Pérdida 2025.csv", "provenance.yaml"]
    assert (folder / path.name).read_bytes() == path.read_bytes()
    problems = Problems()
    held = read_snapshots(datasets / "snapshots", problems)
    assert not problems, problems.report()
    s = held[snap.snapshot_id]
    assert (s.path.name, s.bytes, s.sha256) == (path.name, path.stat().st_size, sha256_of(path))
    source = formats()["geobosque"].source
    assert (s.producer, s.made_by_name, s.title, s.licence) == (source.publisher, source.publisher, source.title,
                                                                source.licence)
    assert (s.made_by, s.verification, s.accessed, s.copied) == ("publisher", "publisher_file", "2026-01-02",
                                                                 date.today().isoformat())
    assert (s.selection, s.known_issues, s.original) == ("whole file", (), {})
    assert s.taken_from == {"url": "TO FILL: where the file was downloaded"} and s.to_fill == ("taken_from.url",)
    comment = [line for line in (folder / "provenance.yaml").read_text(encoding="utf-8").splitlines()
               if line.startswith("#")]
    assert 'Still to fill (marked "TO FILL"): taken_from.url.' in comment[-1]
    assert (f"{path.name} -> datasets/snapshots/{snap.snapshot_id}/{path.name} (new: the whole file)"
            in outcome.summary)
    assert ("1 snapshot(s) in datasets/snapshots with fields still marked TO FILL, of which this run's: "
            f"{snap.snapshot_id} (taken_from.url)") in outcome.summary
    [row] = [r for r in csv_rows(tmp_path / "package" / "snapshots.csv") if r["snapshot_id"] == snap.snapshot_id]
    assert (row["file"], row["sha256"], row["selection"]) == (path.name, sha256_of(path), "whole file")

    before = tree(datasets / "snapshots")   # the same file again, whatever its name and date: the same snapshot
    again = ingest([write(tmp_path / "copy.csv", LOSS_2025)], date(2026, 1, 3), datasets=datasets,
                   out=tmp_path / "package", log=quiet)
    assert [(s.snapshot_id, s.new) for s in again.snapshots] == [(snap.snapshot_id, False)]
    assert f"copy.csv -> datasets/snapshots/{snap.snapshot_id}/ (reused: a snapshot of the same sha256" in again.summary
    assert tree(datasets / "snapshots") == before

    (tmp_path / "other").mkdir()   # another file of the same name and date: another id
    other = write(tmp_path / "other" / "Pérdida 2025.csv", LOSS_2025.replace(",2\n", ",3\n"))
    third = ingest([other], date(2026, 1, 2), via="GitHub someone/repo", publisher="MINAM (Geobosque)",
                   url="https://example.org/loss.csv", datasets=datasets, out=tmp_path / "package", log=quiet)
    [new] = third.snapshots
    assert new.snapshot_id == "geobosque_perdida_2025_20260102_2"
    meta = yaml.safe_load((datasets / "snapshots" / new.snapshot_id / "provenance.yaml").read_text(encoding="utf-8"))
    assert {k: meta[k] for k in ("producer", "made_by", "made_by_name", "taken_from")} == {
        "producer": "MINAM (Geobosque)", "made_by": "third_party", "made_by_name": "GitHub someone/repo",
        "taken_from": {"url": "https://example.org/loss.csv"}}
    assert 'Nothing is marked "TO FILL"' in (datasets / "snapshots" / new.snapshot_id / "provenance.yaml").read_text(
        encoding="utf-8")
    assert read_snapshots(datasets / "snapshots", problems)[new.snapshot_id].verification == "third_party_file"
    assert not problems


def test_a_download_over_the_size_limit_is_kept_as_the_rows_its_reader_kept(tmp_path, monkeypatch, write,
                                                                           copy_datasets, read, tree):
    monkeypatch.setattr(snapshot_files, "MAX_FILE_BYTES", 500)
    rows = [f"{i},{2000 + i},{PARROT},{'xx' if i == 5 else 'live'},{i},,US,{'PE' if i % 2 else 'BR'},,T,W,E,"
            + ('"permit\nA",,' if i == 3 else ",,") for i in range(1, 11)]   # 3 spans two lines; 5: a bad term
    path = write(tmp_path / "trade_db_1.csv", BULK + "\n".join(rows) + "\n", newline="\r\n")
    datasets = copy_datasets(tmp_path)
    outcome = ingest([path], date(2024, 1, 1), datasets=datasets, out=tmp_path / "package", log=quiet)
    [snap] = outcome.snapshots
    folder = datasets / "snapshots" / "cites_trade_db_1_20240101"
    assert sorted(p.name for p in folder.iterdir()) == ["provenance.yaml", "trade_db_1.kept.csv"]
    kept = [rows[i - 1] for i in (1, 3, 7, 9)]   # Peru's rows, less the rejected one; as in the file, CRLF included
    assert (folder / "trade_db_1.kept.csv").read_bytes() == (BULK + "\n".join(kept) + "\n").replace(
        "\n", "\r\n").encode()
    meta = yaml.safe_load((folder / "provenance.yaml").read_text(encoding="utf-8"))
    assert meta["selection"] == "rows kept by the cites reader: 4 of 10 data rows (Peru-related)"
    assert meta["original"] == {"file": "trade_db_1.csv", "bytes": path.stat().st_size, "sha256": sha256_of(path)}
    problems = Problems()
    s = read_snapshots(datasets / "snapshots", problems)[snap.snapshot_id]
    assert not problems, problems.report()
    assert s.original["sha256"] == sha256_of(path) == s.row()["original_sha256"]
    assert (f"trade_db_1.csv -> datasets/snapshots/{snap.snapshot_id}/trade_db_1.kept.csv (new: the 4 of 10 data rows "
            f"kept; the {path.stat().st_size:,}-byte original is over 500 bytes and not copied)") in outcome.summary
    tally, observations, _ = read(folder / "trade_db_1.kept.csv", downloaded=date(2024, 1, 1))
    assert tally.line() == "rows in 4 = kept 4 + rejected 0 + out of scope 0"   # the kept rows give the same figures
    assert sorted(o["value"] for o in observations) == sorted(
        o["value"] for o in outcome.runs["cites"].observations)

    archive = tmp_path / "bulk.zip"   # a CSV of a zip over the limit: its own snapshot, the zip as the original
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as z:
        z.writestr("v2024/trade_db_2.csv", BULK + "".join(row.replace(",US,", ",MX,").replace(",", "00,", 1) + "\n"
                                                          for row in rows if "permit" not in row))
    before = tree(datasets / "snapshots" / snap.snapshot_id)
    outcome = ingest([path, archive], date(2024, 1, 1), datasets=datasets, out=tmp_path / "package", log=quiet)
    assert [(s.snapshot_id, s.new) for s in outcome.snapshots] == [(snap.snapshot_id, False),
                                                                   ("cites_trade_db_2_20240101", True)]
    assert tree(datasets / "snapshots" / snap.snapshot_id) == before
    meta = yaml.safe_load((datasets / "snapshots" / "cites_trade_db_2_20240101" / "provenance.yaml").read_text(
        encoding="utf-8"))
    assert (meta["file"], meta["selection"]) == ("trade_db_2.kept.csv",
                                                 "rows kept by the cites reader: 3 of 9 data rows (Peru-related)")
    assert meta["original"] == {"file": "bulk.zip", "bytes": archive.stat().st_size, "sha256": sha256_of(archive),
                                "member": "v2024/trade_db_2.csv"}
    assert "cites_trade_db_2_20240101" in read_snapshots(datasets / "snapshots", problems)
    assert not problems, problems.report()


def test_a_file_reader_over_the_size_limit_keeps_the_records_its_figures_come_from(tmp_path, monkeypatch, write,
                                                                                  copy_datasets, no_build):
    monkeypatch.setattr(snapshot_files, "MAX_FILE_BYTES", 10)
    lines = [f'LA LIBERTAD;{u};{v};"a\nb"' for u, v in zip(LA_LIBERTAD, "221", strict=True)]
    path = write(tmp_path / "loss.csv", "Pérdida de bosque\nDEPARTAMENTO;UBIGEO;2025_ha;nota\n" + "\n".join(lines)
                 + "\nLORETO;x;1;\n", encoding="cp1252")
    outcome = ingest([path], date(2026, 1, 2), datasets=copy_datasets(tmp_path), out=tmp_path / "package", log=quiet)
    [snap] = outcome.snapshots
    kept = tmp_path / "datasets" / "snapshots" / snap.snapshot_id / "loss.kept.csv"
    assert kept.read_bytes() == ("DEPARTAMENTO;UBIGEO;2025_ha;nota\n" + "\n".join(lines) + "\n").encode("cp1252")
    assert snap.rows == "3 of 4 data rows"


def test_a_failed_or_empty_ingest_leaves_the_snapshots_as_they_were(tmp_path, monkeypatch, write, copy_datasets,
                                                                    tree, csv_rows):
    datasets = copy_datasets(tmp_path)
    before = tree(datasets / "snapshots")
    path = write(tmp_path / "loss.csv", LOSS_2025)
    installed = []

    def failing_build(*args, **kwargs):   # the snapshot is in place when the build runs, and taken out after
        installed.extend(p.name for p in (datasets / "snapshots").glob("geobosque_loss_*"))
        raise BuildFailed(Problems())

    monkeypatch.setattr(ingest_run, "build", failing_build)
    with pytest.raises(IngestFailed, match="package and sources untouched"):
        ingest([path], date(2026, 1, 2), datasets=datasets, out=tmp_path / "package", log=quiet)
    monkeypatch.undo()
    assert installed == ["geobosque_loss_20260102"]
    assert tree(datasets / "snapshots") == before
    assert sorted(p.name for p in (datasets / "snapshots").iterdir()) == sorted(
        p.name for p in (DATASETS / "snapshots").iterdir())   # no folder left half-written either

    empty = write(tmp_path / "comtrade.csv", "Classification,Year,Period,Trade Flow Code,Reporter Code,Partner Code,"
                  "Commodity Code,Netweight (kg)\n")
    with pytest.raises(IngestFailed, match="nothing to ingest"):
        ingest([path, empty], date(2026, 1, 2), datasets=datasets, out=tmp_path / "package", log=quiet)
    [existing] = [Decimal(o["value"]) for o in csv_rows(PACKAGE / "observations.csv")
                  if (o["indicator"], o["series"], o["geography_id"], o["period"])
                  == ("forest_loss", "minam_geobosque", "PE-LAL", "2020")]
    conflict = write(tmp_path / "conflict.csv", "DEPARTAMENTO,UBIGEO,2020_ha\n" + "".join(
        f"LA LIBERTAD,{u},{existing + 1 if i == 0 else 0}\n" for i, u in enumerate(LA_LIBERTAD)))
    with pytest.raises(IngestFailed, match="differ from figures already in the package"):
        ingest([conflict], date(2026, 1, 2), datasets=datasets, out=tmp_path / "package", log=quiet)
    dry = ingest([path], date(2026, 1, 2), dry_run=True, datasets=datasets, out=tmp_path / "package", log=quiet)
    assert [s.new for s in dry.snapshots] == [True] and "snapshots [dry run: nothing written]:" in dry.summary
    assert tree(datasets / "snapshots") == before and not (tmp_path / "package").exists()
