"""Vigía ETL.

    python -m etl build [--out DIR]   build the data package from the sources layer (fast; no network)
    python -m etl check               validate everything, write nothing
                                      (both take --datasets DIR: another datasets folder than the repository's)
    python -m etl boundaries          rebuild datasets/geo from Natural Earth (needs npm; slow; rarely)
    python -m etl ingest FILE... --downloaded YYYY-MM-DD
                                      add fresh downloads (CITES, Geobosque, GFW, FishStat, FAO capture, BACI,
                                      Comtrade) as snapshots (datasets/snapshots/<id>/, provenance stub), read
                                      them into datasets/sources/ingest_<format>/ and rebuild the package
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from etl.paths import DATASETS, PACKAGE
from etl.problems import BuildFailed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m etl", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    build_cmd = commands.add_parser("build", help="build and publish the data package")
    build_cmd.add_argument("--out", type=Path, default=PACKAGE, help="package folder (default: datasets/package)")
    check_cmd = commands.add_parser("check", help="validate the sources layer and the package without writing")
    for cmd in (build_cmd, check_cmd):
        cmd.add_argument("--datasets", type=Path, default=DATASETS, help="datasets folder (default: datasets)")
    commands.add_parser("boundaries", help="rebuild datasets/geo from Natural Earth via npm")
    from etl.ingest.cli import add_parser as add_ingest_parser
    add_ingest_parser(commands)
    args = parser.parse_args(argv)

    try:
        if args.command == "build":
            from etl.build import build
            build(args.out, args.datasets)
        elif args.command == "ingest":
            from etl.ingest.cli import run as ingest_run
            return ingest_run(args)
        elif args.command == "check":
            from etl.build import make_package, summary
            print(summary(make_package(args.datasets)))
            print("check passed: nothing written")
        else:
            from etl.boundaries import main as boundaries_main
            return boundaries_main([])
    except BuildFailed as exc:
        print(f"\nBUILD FAILED: {exc}", file=sys.stderr)
        print("The published package was left untouched.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
