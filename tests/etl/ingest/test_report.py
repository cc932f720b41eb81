"""etl/ingest/report.py: the summary counts every row once and names where the report is."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from etl.ingest.files import FileInfo
from etl.ingest.report import report_dir, summary, write_reports
from etl.ingest.rows import Tally
from etl.ingest.runs import FormatRun, ReadFile
from etl.ingest.text import Detected
from etl.problems import Problem


def a_run() -> FormatRun:
    tally = Tally("loss.csv", rows_in=5, kept=3, rejected=[Problem("loss.csv", 4, "2020_ha", "-1", "expected a "
                                                                    "number of hectares (line 4)", raw="x,-1")])
    tally.out("total line")
    info = FileInfo(Path("loss.csv"), date(2025, 1, 2), sha256="ab" * 32)
    return FormatRun("geobosque", files=[ReadFile(info, Detected("geobosque", "district", None), tally)])


def test_the_summary_counts_every_row_once_and_groups_reasons(tmp_path):
    text = summary({"geobosque": a_run()}, tmp_path, dry_run=True)
    assert "ingest geobosque: 1 file(s) -> datasets/sources/ingest_geobosque [dry run: nothing written]" in text
    assert "rows in 5 = kept 3 + rejected 1 + out of scope 1" in text
    assert "      rejected: 1 expected a number of hectares\n" in text  # grouped without the line
    assert f"report: {report_dir(tmp_path) / 'geobosque-rejected.csv'}" in text


def test_the_report_lists_every_rejected_row_with_its_line(tmp_path):
    write_reports({"geobosque": a_run()}, tmp_path, "the summary", failed=True)
    rejected = (report_dir(tmp_path) / "geobosque-rejected.csv").read_text(encoding="utf-8").splitlines()
    assert rejected[0] == "file,line,column,value,reason,raw" and rejected[1].startswith("loss.csv,4,2020_ha,-1,")
    assert (report_dir(tmp_path) / "geobosque-summary.txt").read_text(encoding="utf-8").startswith("INGEST FAILED")
