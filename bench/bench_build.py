"""Wall time, CPU time and peak memory of a full data-package build (target: under 5 s and 500 MB on 2 cores).

    python bench/bench_build.py [--runs 5] [--datasets DIR]

Each run is a fresh process (`python -m etl build` into a temporary folder), so imports are counted too. The
load average before the runs is printed: other processes on the machine slow the wall time, not the CPU time.
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


def one_run(out: Path, datasets: Path) -> tuple[float, float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "etl", "build", "--out", str(out), "--datasets", str(datasets)], cwd=ROOT,
                   check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return wall, cpu, after.ru_maxrss / 1024  # max over children so far


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--datasets", type=Path, default=ROOT / "datasets")
    args = parser.parse_args()
    walls, cpus, peaks = [], [], []
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(args.runs):
            wall, cpu, peak = one_run(Path(tmp) / f"run{n}", args.datasets)
            walls.append(wall)
            cpus.append(cpu)
            peaks.append(peak)
    print(f"full build, {args.runs} runs on {os.cpu_count()} cores (load {load:.1f}): wall median "
          f"{statistics.median(walls):.2f} s (min {min(walls):.2f}, max {max(walls):.2f}), CPU median "
          f"{statistics.median(cpus):.2f} s; peak RSS {max(peaks):.0f} MiB")


if __name__ == "__main__":
    main()
