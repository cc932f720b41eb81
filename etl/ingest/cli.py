"""Arguments of `python -m etl ingest` (kept here so etl/__main__.py stays small)."""
from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from etl.ingest.formats import NAMES
from etl.paths import DATASETS, PACKAGE
from etl.snapshots import MAX_FILE_BYTES, TO_FILL


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date YYYY-MM-DD") from None




def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = commands.add_parser(
        "ingest", help="add fresh downloads as snapshots, read them into datasets/sources/ingest_<format>/ and "
                       "rebuild the package",
        description="Read downloaded files (format told from the header), write datasets/sources/ingest_<format>/, "
                    "and rebuild the package. Each file given becomes a snapshot, datasets/snapshots/<id>/: the "
                    f"file and a provenance.yaml stub (fields the arguments cannot tell are marked {TO_FILL!r}); a "
                    f"file over {MAX_FILE_BYTES // 1_000_000} MB is not copied: its snapshot holds the rows the "
                    "reader kept. A file already held as a snapshot (same sha256) reuses it. Each run replaces the "
                    "ingest folder of the formats it reads: give every file of a format you want in the package. "
                    "A failed run leaves datasets/ as it was. Rejected rows: datasets/ingest_report/.")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.add_argument("--downloaded", type=_date, action="append", required=True, metavar="YYYY-MM-DD",
                   help="date the file was downloaded; once for all files, or once per file in order")
    p.add_argument("--format", choices=sorted(NAMES), help="skip detection and read every file as this format")
    p.add_argument("--via", metavar="WHO", help="the files are a third party's copy (e.g. 'GitHub owner/repo'): "
                                                "figures are marked third_party_file, the snapshot made_by third_party")
    p.add_argument("--publisher", help="publisher (and snapshot producer) to record instead of the format's default")
    p.add_argument("--url", help="address the files were downloaded from (the source's url and the snapshot's "
                                 f"taken_from; without it, the snapshot's is marked {TO_FILL!r})")
    p.add_argument("--year", type=int, help="year of a FishStat partner-layout file (the file does not say)")
    p.add_argument("--skip-conflicts", action="store_true",
                   help="keep the package's figure where a new one differs (listed in the report) instead of stopping")
    p.add_argument("--dry-run", action="store_true", help="read, validate and print the summary; write nothing")
    p.add_argument("--out", type=Path, default=PACKAGE, help="package folder (default: datasets/package)")
    p.add_argument("--datasets", type=Path, default=DATASETS,
                   help="datasets folder holding catalogue/ and sources/ (default: datasets)")


def run(args: argparse.Namespace) -> int:
    from etl.ingest.run import ingest
    from etl.ingest.runs import IngestFailed
    dates = args.downloaded if len(args.downloaded) > 1 else args.downloaded[0]
    try:
        ingest(args.files, dates, fmt=args.format, via=args.via, publisher=args.publisher, url=args.url,
               year=args.year, skip_conflicts=args.skip_conflicts, dry_run=args.dry_run, out=args.out,
               datasets=args.datasets,
               progress=lambda text: print(text, file=sys.stderr, flush=True))
    except IngestFailed as exc:
        if exc.summary:
            print(exc.summary, file=sys.stderr)
        print(f"\n{exc}", file=sys.stderr)
        return 1
    return 0
