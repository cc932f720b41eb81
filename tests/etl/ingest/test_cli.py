"""etl/ingest/cli.py, `python -m etl ingest`: the command line end to end on a temporary datasets folder, the dry
run, progress on large files, a file it cannot read (nothing written), the arguments, and the snapshot a file
becomes."""
from __future__ import annotations

import argparse
import gzip
import zipfile
from datetime import date
from pathlib import Path

import pytest
import yaml

from etl.__main__ import main
from etl.ingest import cli, stream
from etl.ingest.formats import formats
from etl.observations import REF_PATTERN
from etl.paths import DATASETS, PACKAGE

COMPTAB = ("Year,App.,Taxon,Class,Order,Family,Genus,Importer,Exporter,Origin,Importer reported quantity,"
           "Exporter reported quantity,Term,Unit,Purpose,Source\n"
           "2014,II,Alopias pelagicus,Elasmobranchii,Lamniformes,Alopiidae,Alopias,HK,PE,EC,,120.5,fins,kg,T,W\n"
           "2014,II,Alopias pelagicus,Elasmobranchii,Lamniformes,Alopiidae,Alopias,HK,PE,EC,,oops,fins,kg,T,W\n"
           "2014,II,Python regius,Reptilia,Squamata,Pythonidae,Python,US,GH,,5,,skins,,T,W\n")


def test_command_line_ingest_writes_folder_report_and_package(tmp_path, capsys, monkeypatch, write, copy_datasets,
                                                               csv_rows):
    datasets = copy_datasets(tmp_path)
    path = write(tmp_path / "comptab_2022-01-10 09_00_comma_separated.csv", COMPTAB)
    monkeypatch.setattr(stream, "PROGRESS_MIN_BYTES", 0)
    code = main(["ingest", str(path), "--downloaded", "2022-01-10", "--datasets", str(datasets),
                 "--out", str(tmp_path / "package")])
    out, err = capsys.readouterr()
    assert code == 0
    assert "rows in 3 = kept 1 + rejected 1 + out of scope 1" in out
    assert "100% of 0 MiB" in err                      # progress line
    [obs] = csv_rows(datasets / "sources" / "ingest_cites" / "observations.csv")
    assert (obs["ref"], obs["flow"], obs["scope_en"]) == ("ingest/comptab_2022-01-10 09_00_comma_separated.csv#L2",
                                                          "re_export", "App. II; purpose T; origin EC")
    assert obs["scope_es"] == "Apéndice II; propósito T; origen EC"  # datasets/catalogue/reader_texts.yaml
    [rejected] = csv_rows(datasets / "ingest_report" / "cites-rejected.csv")
    assert (rejected["line"], rejected["column"], rejected["value"]) == ("3", "Exporter reported quantity", "oops")
    published = csv_rows(tmp_path / "package" / "observations.csv")
    assert [o["value"] for o in published if o["ref"] == obs["ref"]] == ["120.5"]


def test_dry_run_and_unreadable_file_write_nothing(tmp_path, capsys, write, copy_datasets):
    datasets = copy_datasets(tmp_path)
    path = write(tmp_path / "comptab.csv", COMPTAB)
    assert main(["ingest", str(path), "--downloaded", "2022-01-10", "--dry-run", "--datasets", str(datasets),
                 "--out", str(tmp_path / "package")]) == 0
    assert "dry run" in capsys.readouterr().out
    assert not (tmp_path / "package").exists() and not (datasets / "sources" / "ingest_cites").exists()
    junk = write(tmp_path / "notes.csv", "hello,world\n1,2\n")
    assert main(["ingest", str(junk), "--downloaded", "2022-01-10", "--datasets", str(datasets),
                 "--out", str(tmp_path / "package")]) == 1
    assert "notes.csv:1" in capsys.readouterr().err
    assert not (tmp_path / "package").exists() and not (datasets / "ingest_report").exists()


def test_one_download_date_for_all_files_or_one_per_file_and_the_defaults():
    parser = argparse.ArgumentParser()
    cli.add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["ingest", "a.csv", "b.csv", "--downloaded", "2024-01-02", "--downloaded", "2024-02-03",
                              "--format", "gfw", "--via", "GitHub owner/repo"])
    assert (args.files, args.downloaded) == ([Path("a.csv"), Path("b.csv")], [date(2024, 1, 2), date(2024, 2, 3)])
    assert (args.format, args.via, args.year, args.skip_conflicts, args.dry_run) == ("gfw", "GitHub owner/repo",
                                                                                      None, False, False)
    assert (args.out, args.datasets) == (PACKAGE, DATASETS)


@pytest.mark.parametrize("argv, message", [
    (["--downloaded", "2024-13-01"], "'2024-13-01' is not a date YYYY-MM-DD"),
    (["--downloaded", "2024-01-01", "--format", "xlsx"], "invalid choice: 'xlsx'"),
    ([], "the following arguments are required: --downloaded"),
])
def test_bad_arguments_stop_with_a_usage_message(argv, message, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["ingest", "a.csv", *argv])
    assert stopped.value.code == 2 and message in capsys.readouterr().err


def test_a_failed_ingest_exits_1_with_the_reason_on_stderr(tmp_path, capsys, write):
    files = [str(write(tmp_path / f"{n}.csv", COMPTAB)) for n in "ab"]
    dates = ["--downloaded", "2022-01-10"] * 3
    assert main(["ingest", *files, *dates, "--datasets", str(tmp_path / "none"), "--out", str(tmp_path / "p")]) == 1
    assert "give one download date for all files or one per file (2 files, 3 dates)" in capsys.readouterr().err
    assert not (tmp_path / "p").exists()


HEADER = COMPTAB.split("\n", 1)[0] + "\n"
SHARK = "II,Alopias pelagicus,Elasmobranchii,Lamniformes,Alopiidae,Alopias"


def ingest_cli(datasets, *files, downloaded="2022-01-10"):
    return main(["ingest", *map(str, files), "--downloaded", downloaded, "--datasets", str(datasets),
                 "--out", str(datasets.parent / "package")])


@pytest.mark.parametrize("name, content, message", [
    ("chart.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "chart.png: looks like a PNG image, not a CSV"),
    ("comptab.csv", b"<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head></html>\n",
     "comptab.csv: looks like an HTML page (a browser's error page?), not a CSV"),
    ("trade.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64), "trade.xls: looks like an old Excel .xls workbook"),
    ("empty.csv", b"", "empty.csv: an empty file (no header, no rows): nothing to ingest"),
    ("cut.csv.gz", gzip.compress(COMPTAB.encode() * 50)[:60], "cut.csv.gz: compressed data that ends early"),
    ("maps.zip", None, "maps.zip: a zip archive holding no CSV (it holds: map.png)"),
])
def test_a_file_that_is_not_a_csv_is_refused_in_one_line(tmp_path, capsys, copy_datasets, tree, name, content,
                                                         message):
    datasets = copy_datasets(tmp_path)
    before = tree(datasets)
    path = tmp_path / name
    if content is None:
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("map.png", b"\x89PNG")
    else:
        path.write_bytes(content)
    assert ingest_cli(datasets, path) == 1
    err = capsys.readouterr().err
    assert err.strip().startswith(f"INGEST FAILED, nothing written: {message}") and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert tree(datasets) == before and not (tmp_path / "package").exists()


def test_a_header_without_rows_is_nothing_to_ingest_and_leaves_datasets_as_they_were(tmp_path, capsys, write,
                                                                                      copy_datasets, tree):
    datasets = copy_datasets(tmp_path)
    before = tree(datasets)
    header_only = write(tmp_path / "comptab.csv", HEADER)
    assert ingest_cli(datasets, header_only) == 1
    err = capsys.readouterr().err
    assert "rows in 0 = kept 0 + rejected 0 + out of scope 0" in err
    assert "INGEST FAILED, nothing written: nothing to ingest: comptab.csv (cites) keeps no row" in err
    assert tree(datasets) == before and not (tmp_path / "package").exists() and "Traceback" not in err


def test_a_file_whose_rows_are_all_rejected_or_out_of_scope_is_nothing_to_ingest(tmp_path, capsys, write,
                                                                                copy_datasets, tree):
    datasets = copy_datasets(tmp_path)
    before = tree(datasets)
    bad = write(tmp_path / "bad.csv", HEADER + f"2014,{SHARK},HK,PE,,,lots,fins,kg,T,W\n"
                f"2014,II,Python regius,Reptilia,Squamata,Pythonidae,Python,US,GH,,5,,skins,,T,W\n")
    assert ingest_cli(datasets, bad) == 1
    err = capsys.readouterr().err
    assert "rows in 2 = kept 0 + rejected 1 + out of scope 1" in err and "nothing to ingest" in err
    assert ("bad.csv:2, column 'Exporter reported quantity': got 'lots'; expected a number (non-numeric value)"
            in err)
    assert tree(datasets) == before and not (tmp_path / "package").exists() and "Traceback" not in err


def test_a_zip_download_is_read_and_its_other_files_named(tmp_path, capsys, copy_datasets, csv_rows, no_build):
    datasets = copy_datasets(tmp_path)
    archive = tmp_path / "Trade_database_download.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("v2024/comptab_2022-01-10.csv", COMPTAB)
        z.writestr("v2024/README.txt", "Read me first.\n")
    assert ingest_cli(datasets, archive) == 0
    out = capsys.readouterr().out
    assert "Trade_database_download.zip:comptab_2022-01-10.csv (comptab16" in out
    assert "rows in 3 = kept 1 + rejected 1 + out of scope 1" in out
    assert "CSVs of Trade_database_download.zip not read (no header of a known format): README.txt" in out
    folder = datasets / "sources" / "ingest_cites"
    [source] = csv_rows(folder / "sources.csv")
    assert "file comptab_2022-01-10.csv in Trade_database_download.zip (sha256 " in source["channel_title"]
    assert (source["origin_publisher"], source["channel"]) == ("CITES Secretariat and UNEP-WCMC", "publisher_file")
    refs = {o["ref"] for o in csv_rows(folder / "observations.csv")}
    assert refs == {"ingest/Trade_database_download.zip:comptab_2022-01-10.csv#L2"}
    assert all(REF_PATTERN.fullmatch(ref) for ref in refs)


@pytest.fixture(scope="module")
def long_fields(tmp_path_factory) -> Path:
    """A tabulation with a quoted line break, a 200 KiB field and a field over 16 MiB (written once)."""
    path = tmp_path_factory.mktemp("long") / "comptab.csv"
    path.write_text(HEADER + f"2014,{SHARK},HK,PE,,,120.5,fins,kg,T,W\n"       # 2
                    f'2014,{SHARK},CN,PE,,,"1\n2",fins,kg,T,W\n'                  # 3-4 a quoted line break
                    f"2014,II,{'P' * 200_000},Reptilia,Squamata,Pythonidae,Python,US,GH,,5,,skins,,T,W\n"   # 5
                    f"2014,II,{'A' * (17 * 2**20)},Elasmobranchii,x,y,z,HK,PE,,,1,fins,kg,T,W\n"   # 6
                    f"2014,{SHARK},SG,PE,,,3,fins,kg,T,W\n", encoding="utf-8")     # 7
    return path


def test_records_span_their_quoted_line_breaks_and_a_field_over_16_mib_is_rejected(tmp_path, capsys, copy_datasets,
                                                                                  csv_rows, long_fields, no_build):
    datasets = copy_datasets(tmp_path)
    assert ingest_cli(datasets, long_fields) == 0
    out = capsys.readouterr().out
    assert "rows in 5 = kept 2 + rejected 2 + out of scope 1" in out
    report = {r["line"]: r for r in csv_rows(datasets / "ingest_report" / "cites-rejected.csv")}
    assert set(report) == {"3-4", "6"}
    assert (report["3-4"]["column"], report["3-4"]["value"]) == ("Exporter reported quantity", "1\n2")
    assert report["6"]["column"] == "Taxon" and report["6"]["value"].endswith("… (17.0 MiB in all)")
    assert report["6"]["reason"] == "expected a field of at most 16 MiB (this one is 17.0 MiB)"
    assert len(report["6"]["raw"]) < 3000


def test_the_report_quotes_values_exactly_as_they_are_in_the_file(tmp_path, capsys, write, copy_datasets, csv_rows,
                                                                  no_build):
    datasets = copy_datasets(tmp_path)
    path = write(tmp_path / "comptab.csv", HEADER + f"2014,{SHARK},HK,PE,,,1,fins,kg,T,W\n"
                 f"2014,{SHARK},Perú,Perú,,,1,fins,kg,T,W\n"
                 f"2014,{SHARK},HK,PE,,,1,fins,kg,t,w\n"
                 f"2014,{SHARK},HK,PE,,,1,fins,kg,x,W\n"
                 f"2014,{SHARK},Narnia,PE,,,1,fins,kg,T,W\n")
    assert ingest_cli(datasets, path) == 0
    capsys.readouterr()
    report = {r["line"]: (r["column"], r["value"]) for r in csv_rows(datasets / "ingest_report" /
                                                                        "cites-rejected.csv")}
    assert report == {"3": ("Importer", "Perú"), "5": ("Purpose", "x"), "6": ("Importer", "Narnia")}


def test_command_line_ingest_adds_the_file_as_a_snapshot_from_its_arguments(tmp_path, capsys, write, copy_datasets,
                                                                            tree, no_build):
    datasets = copy_datasets(tmp_path)
    path = write(tmp_path / "comptab.csv", COMPTAB)
    argv = ["ingest", str(path), "--downloaded", "2022-01-10", "--via", "GitHub someone/repo", "--publisher",
            "CITES Secretariat", "--url", "https://example.org/comptab.csv", "--datasets", str(datasets),
            "--out", str(tmp_path / "package")]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "comptab.csv -> datasets/snapshots/cites_comptab_20220110/comptab.csv (new: the whole file)" in out
    folder = datasets / "snapshots" / "cites_comptab_20220110"
    assert (folder / "comptab.csv").read_bytes() == path.read_bytes()
    text = (folder / "provenance.yaml").read_text(encoding="utf-8")
    assert text.startswith("# Provenance of this snapshot") and 'Nothing is marked "TO FILL"' in text
    meta = yaml.safe_load(text)
    assert meta == {
        "snapshot": "cites_comptab_20220110", "file": "comptab.csv", "bytes": path.stat().st_size,
        "sha256": meta["sha256"], "producer": "CITES Secretariat", "title": "CITES Trade Database",
        "made_by": "third_party", "made_by_name": "GitHub someone/repo",
        "taken_from": {"url": "https://example.org/comptab.csv"}, "accessed": "2022-01-10",
        "licence": formats()["cites"].source.licence, "selection": "whole file", "known_issues": [],
        "copied_into_vigia": date.today().isoformat()}
    before = tree(datasets / "snapshots")
    assert main(argv) == 0
    assert "(reused: a snapshot of the same sha256 is there already)" in capsys.readouterr().out
    assert tree(datasets / "snapshots") == before
