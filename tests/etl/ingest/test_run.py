"""etl/ingest/run.py, `ingest()`: what stops an ingest before anything is written, a figure that differs from the
package's, two downloads of one figure, the source record of each file, and reading in worker processes."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from etl.build import build
from etl.ingest import run as ingest_run
from etl.ingest.run import IngestFailed, ingest
from etl.paths import PACKAGE

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
    assert source["publisher"].startswith("GitHub someone/repo (copy of MINAM")
    assert (source["reliability"], source["url"], source["year"]) == ("other", "https://example.org/loreto.csv", "2026")
    assert f"sha256 {info.sha256}, downloaded 2026-01-02" in source["title"]
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


def test_reading_files_in_worker_processes_gives_the_same_folder(tmp_path, monkeypatch, write, copy_datasets):
    files = [write(tmp_path / f"trade_db_{n}.csv", BULK + "\n".join(
        f"{n}{i},{2000 + i % 20},{PARROT},live,{i},,US,PE,,T,W,{'EI'[i % 2]},,," for i in range(40)) + "\n")
        for n in (1, 2)]
    folders = []
    for parallel in (False, True):
        monkeypatch.setattr(ingest_run, "PARALLEL_MIN_BYTES", 0 if parallel else 10**12)
        datasets = copy_datasets(tmp_path / str(parallel))
        ingest(files, date(2024, 1, 1), datasets=datasets, out=tmp_path / str(parallel) / "pkg", log=quiet)
        folders.append((datasets / "sources" / "ingest_cites" / "observations.csv").read_bytes())
    assert folders[0] == folders[1]
    assert folders[0].count(b"\n") == 21   # a header and 20 keys, each the sum of 4 shipments in 2 files
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
