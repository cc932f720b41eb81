"""Wall time and peak memory of a full data-package build (target: under 5 s and 500 MB on 2 cores).

    python bench/bench_build.py [--runs 5]

Each run is a fresh process (`python -m etl build` into a temporary folder), so imports are counted too.
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def one_run(out: Path) -> tuple[float, float]:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "etl", "build", "--out", str(out)], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # max over children so far
    return wall, peak_mib


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    walls, peaks = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(args.runs):
            wall, peak = one_run(Path(tmp) / f"run{n}")
            walls.append(wall)
            peaks.append(peak)
    print(f"full build, {args.runs} runs on {os.cpu_count()} cores: wall median {statistics.median(walls):.2f} s "
          f"(min {min(walls):.2f}, max {max(walls):.2f}); peak RSS {max(peaks):.0f} MiB")


if __name__ == "__main__":
    main()
