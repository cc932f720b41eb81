"""etl/ingest/cli.py, `python -m etl ingest`: the command line end to end on a temporary datasets folder, the dry
run, progress on large files, a file it cannot read (nothing written), and the arguments."""
from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

import pytest

from etl.__main__ import main
from etl.ingest import cli, stream
from etl.paths import DATASETS, PACKAGE

COMPTAB = ("Year,App.,Taxon,Class,Order,Family,Genus,Importer,Exporter,Origin,Importer reported quantity,"
           "Exporter reported quantity,Term,Unit,Purpose,Source\n"
           "2021,II,Alopias pelagicus,Elasmobranchii,Lamniformes,Alopiidae,Alopias,HK,PE,EC,,120.5,fins,kg,T,W\n"
           "2021,II,Alopias pelagicus,Elasmobranchii,Lamniformes,Alopiidae,Alopias,HK,PE,EC,,oops,fins,kg,T,W\n"
           "2021,II,Python regius,Reptilia,Squamata,Pythonidae,Python,US,GH,,5,,skins,,T,W\n")


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
    assert (obs["ref"], obs["flow"], obs["scope"]) == ("ingest/comptab_2022-01-10 09_00_comma_separated.csv#L2",
                                                       "re_export", "App. II; purpose T; origin EC")
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


def test_format_choices_match_the_readers():
    from etl.ingest.cli import FORMATS
    from etl.ingest.detect import READERS
    assert sorted(FORMATS) == sorted(READERS)


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
