"""Arguments of `python -m etl ingest` (kept here so etl/__main__.py stays small)."""
from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from etl.paths import DATASETS, PACKAGE


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date YYYY-MM-DD") from None


FORMATS = ("cites", "comtrade", "fishstat", "geobosque", "gfw")   # etl.ingest.detect.READERS, without importing it


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = commands.add_parser(
        "ingest", help="read fresh downloads into datasets/sources/ingest_<format>/ and rebuild the package",
        description="Read downloaded files (format told from the header), write datasets/sources/ingest_<format>/, "
                    "and rebuild the package. Each run replaces the ingest folder of the formats it reads: give "
                    "every file of a format you want in the package. Rejected rows: datasets/ingest_report/.")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.add_argument("--downloaded", type=_date, action="append", required=True, metavar="YYYY-MM-DD",
                   help="date the file was downloaded; once for all files, or once per file in order")
    p.add_argument("--format", choices=FORMATS, help="skip detection and read every file as this format")
    p.add_argument("--via", metavar="WHO", help="the files are a third party's copy (e.g. 'GitHub owner/repo'): "
                                                "figures are marked third_party_file")
    p.add_argument("--publisher", help="publisher to record instead of the format's default")
    p.add_argument("--url", help="address the files were downloaded from")
    p.add_argument("--year", type=int, help="year of a FishStat partner-layout file (the file does not say)")
    p.add_argument("--skip-conflicts", action="store_true",
                   help="keep the package's figure where a new one differs (listed in the report) instead of stopping")
    p.add_argument("--dry-run", action="store_true", help="read, validate and print the summary; write nothing")
    p.add_argument("--out", type=Path, default=PACKAGE, help="package folder (default: datasets/package)")
    p.add_argument("--datasets", type=Path, default=DATASETS,
                   help="datasets folder holding catalogue/ and sources/ (default: datasets)")


def run(args: argparse.Namespace) -> int:
    from etl.ingest.run import IngestFailed, ingest
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
