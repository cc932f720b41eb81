"""Time to make briefing PDFs (target: one department under 10 s; all 26 in one batch).

    python bench/bench_brief.py [--lang es]

Runs in one process, as the server does: the first brief pays for starting the rendering browser.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dashboard.catalog import Catalog  # noqa: E402
from dashboard.data import load_package  # noqa: E402
from dashboard.exports import brief  # noqa: E402
from dashboard.exports.render import renderer  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lang", default="es")
    args = parser.parse_args()
    catalog = Catalog(load_package())
    start = time.perf_counter()
    brief.brief_pdf(catalog, args.lang, region="PE-UCA")
    cold = time.perf_counter() - start
    brief._svgs.clear()  # a warm renderer, no SVG kept
    start = time.perf_counter()
    brief.brief_pdf(catalog, args.lang, region="PE-LOR")
    warm = time.perf_counter() - start
    times, sizes = [], []
    start = time.perf_counter()
    for region in catalog.map_units:
        t = time.perf_counter()
        _, pdf = brief.brief_pdf(catalog, args.lang, region=region)
        times.append(time.perf_counter() - t)
        sizes.append(len(pdf))
    batch = time.perf_counter() - start
    renderer.close()
    print(f"one department's brief: {cold:.1f} s with a cold renderer, {warm:.1f} s warm")
    print(f"all {len(times)} departments in one batch: {batch:.1f} s (median {statistics.median(times):.1f} s, "
          f"max {max(times):.1f} s each; median {statistics.median(sizes) / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()
