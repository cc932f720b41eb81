"""`python -m etl ingest`: the command line end to end on a temporary datasets folder, the dry run,
progress on large files, and a file it cannot read (nothing written)."""
from __future__ import annotations

from test_ingest_helpers import copy_datasets, csv_rows, write

from etl.__main__ import main
from etl.ingest import stream

COMPTAB = ("Year,App.,Taxon,Class,Order,Family,Genus,Importer,Exporter,Origin,Importer reported quantity,"
           "Exporter reported quantity,Term,Unit,Purpose,Source\n"
           "2021,II,Alopias pelagicus,Elasmobranchii,Lamniformes,Alopiidae,Alopias,HK,PE,EC,,120.5,fins,kg,T,W\n"
           "2021,II,Alopias pelagicus,Elasmobranchii,Lamniformes,Alopiidae,Alopias,HK,PE,EC,,oops,fins,kg,T,W\n"
           "2021,II,Python regius,Reptilia,Squamata,Pythonidae,Python,US,GH,,5,,skins,,T,W\n")


def test_command_line_ingest_writes_folder_report_and_package(tmp_path, capsys, monkeypatch):
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
    assert [o["value"] for o in csv_rows(tmp_path / "package" / "observations.csv") if o["ref"] == obs["ref"]] == ["120.5"]


def test_dry_run_and_unreadable_file_write_nothing(tmp_path, capsys):
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
