"""What an ingest tells: the summary (rows in = kept + rejected + out of scope, per file and format) and the
report files in datasets/ingest_report/ (every rejected row with its line, column, value and reason)."""
from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from pathlib import Path

from etl.ingest.rows import RAW_LIMIT, Tally
from etl.ingest.runs import FormatRun
from etl.problems import shown

REPORT_COLUMNS = ["file", "line", "column", "value", "reason", "raw"]


def report_dir(datasets: Path) -> Path:
    return datasets / "ingest_report"


def write_reports(runs: dict[str, FormatRun], datasets: Path, summary: str, failed: bool) -> None:
    folder = report_dir(datasets)
    folder.mkdir(parents=True, exist_ok=True)
    for run in runs.values():
        entries = [e for _, _, t in run.files for e in t.rejected] + run.entries
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(REPORT_COLUMNS)
        for e in sorted(entries, key=lambda e: (e.file, e.line, e.reason)):
            writer.writerow([e.file, e.lines, e.column, shown(e.value or "", RAW_LIMIT), e.reason, e.raw])
        (folder / f"{run.name}-rejected.csv").write_text(buffer.getvalue(), encoding="utf-8")
        text = ("INGEST FAILED; datasets left as they were\n" if failed else "") + summary + "\n"
        (folder / f"{run.name}-summary.txt").write_text(text, encoding="utf-8")


def summary(runs: dict[str, FormatRun], datasets: Path, dry_run: bool) -> str:
    lines = []
    for run in runs.values():
        previous = datasets / "sources" / run.folder / "manifest.csv"
        replaced = ""
        if previous.exists():
            with previous.open(newline="", encoding="utf-8") as f:
                replaced = ", ".join(r["file"] for r in csv.DictReader(f))
        lines.append(f"ingest {run.name}: {len(run.files)} file(s) -> datasets/sources/{run.folder}"
                     + (f" (replaces the previous ingest of: {replaced})" if replaced else "")
                     + (" [dry run: nothing written]" if dry_run else ""))
        total = Tally("all")
        for info, det, t in run.files:
            t.check()
            lines.append(f"  {info.name} ({det.variant}, downloaded {info.downloaded}, sha256 {info.sha256[:16]}…): "
                         f"{t.line()}")
            for reason, n in t.out_of_scope.most_common():
                lines.append(f"      out of scope: {n} {reason}")
            reasons: defaultdict[str, int] = defaultdict(int)
            for e in t.rejected:   # grouped by the reason's wording, without line numbers and values
                reasons[re.sub(r"\S+:\d+|line \d+|Id \S+", "…", e.reason.split(" (")[0])] += 1
            for reason, n in sorted(reasons.items(), key=lambda x: -x[1]):
                lines.append(f"      rejected: {n} {reason}")
            for note in det.notes + [n for n in t.notes if n not in det.notes]:
                lines.append(f"      note: {note}")
            total.rows_in += t.rows_in
            total.kept += t.kept
            total.rejected += t.rejected
            total.out_of_scope += t.out_of_scope
        lines.append(f"  total: {total.line()}")
        lines.append(f"  observations: {len(run.observations)} written, {run.already} already in the package with "
                     f"the same value, {run.conflicts} conflicting, "
                     f"{sum(1 for e in run.entries if not e.reason.startswith('conflict'))} superseded by another file")
        lines.append(f"  report: {report_dir(datasets) / (run.name + '-rejected.csv')}")
    return "\n".join(lines)
