"""Wall time and peak memory of ingesting CITES bulk files (target: 5 million rows in 5 s and under 1 GB on
2 cores), printed as figures.

    python bench/bench_ingest.py [--sizes 1000000 5000000] [--peru-share 0.02]

The files are synthetic, generated here by code in the bulk download's 20-column layout and split like the
real release (`trade_db_N.csv`, 500,000 rows each). A share of the rows involve Peru (as exporter, importer
or origin), a quarter of them in Vigía's taxon groups. Each size is ingested in a fresh process into a
temporary copy of datasets/, so the repository is never touched; imports and the package rebuild count (its
own share, `etl.build.build` after the new folders are staged, is printed too). The load average before each run
is printed: other processes on the machine slow the wall time, not the CPU time.
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROWS_PER_FILE = 500_000
HEADER = ("Id,Year,Appendix,Taxon,Class,Order,Family,Genus,Term,Quantity,Unit,Importer,Exporter,Origin,Purpose,"
          "Source,Reporter.type,Import.permit.RandomID,Export.permit.RandomID,Origin.permit.RandomID\n")
TAXA = [  # taxon, class, order, family, genus, term, unit
    ("Swietenia macrophylla", "", "Sapindales", "Meliaceae", "Swietenia", "sawn wood", "m3"),
    ("Cedrela odorata", "", "Sapindales", "Meliaceae", "Cedrela", "timber", "m3"),
    ("Sphyrna zygaena", "Elasmobranchii", "Carcharhiniformes", "Sphyrnidae", "Sphyrna", "fins", "kg"),
    ("Alopias pelagicus", "Elasmobranchii", "Lamniformes", "Alopiidae", "Alopias", "fins", "kg"),
    ("Ara macao", "Aves", "Psittaciformes", "Psittacidae", "Ara", "live", ""),
    ("Aotus nancymaae", "Mammalia", "Primates", "Aotidae", "Aotus", "specimens", "ml"),
    ("Python regius", "Reptilia", "Squamata", "Pythonidae", "Python", "skins", ""),
    ("Aquilaria malaccensis", "", "Malvales", "Thymelaeaceae", "Aquilaria", "chips", "kg"),
    ("Crocodylus niloticus", "Reptilia", "Crocodylia", "Crocodylidae", "Crocodylus", "skins", ""),
    ("Echinopsis pachanoi", "", "Caryophyllales", "Cactaceae", "Echinopsis", "powder", "kg"),
    ("Dendrobium nobile", "", "Orchidales", "Orchidaceae", "Dendrobium", "live", ""),
    ("Galanthus nivalis", "", "Liliales", "Amaryllidaceae", "Galanthus", "live", ""),
]
# Vigía's groups (the first six) are a quarter of the records: heavier than the real data (in the 2013 Peru
# sample of the comparative tabulation they are 4% of Peru's records), so the figures err on the slow side.
TAXON_WEIGHTS = [25 / 6] * 6 + [75 / 6] * 6
COUNTRIES = "US CN HK DE FR GB JP MX BR CO EC BO CL AR ES IT NL BE CH SG VN TH ID MY ZA KE TZ AU NZ CA".split()


def generate(folder: Path, rows: int, peru_share: float, seed: int = 7) -> list[Path]:
    """Bulk files of 500,000 rows; returns their paths."""
    rng = random.Random(seed)
    paths, written, record_id = [], 0, 9_000_000_000
    while written < rows:
        n = min(ROWS_PER_FILE, rows - written)
        path = folder / f"trade_db_{len(paths) + 1}.csv"
        years = rng.choices(range(1975, 2012), k=n)   # before 2012: the package holds real CITES fin figures from 2016
        taxa = rng.choices(TAXA, weights=TAXON_WEIGHTS, k=n)
        imp, exp = rng.choices(COUNTRIES, k=n), rng.choices(COUNTRIES, k=n)
        roles = rng.choices(["none", "exporter", "importer", "origin"],
                            weights=[1 - peru_share, peru_share * 0.7, peru_share * 0.2, peru_share * 0.1], k=n)
        quantities = [f"{q:.2f}" for q in (rng.expovariate(0.01) for _ in range(n))]
        sources = rng.choices("WWWWCAFDIO", k=n)
        purposes = rng.choices("TTTTTPSZ", k=n)
        reporters = rng.choices("EI", k=n)
        with path.open("w", encoding="utf-8", newline="\n") as f:
            f.write(HEADER)
            lines = []
            for i in range(n):
                taxon, klass, order, family, genus, term, unit = taxa[i]
                importer, exporter, origin = imp[i], exp[i], ""
                role = roles[i]
                if role == "exporter":
                    exporter = "PE"
                elif role == "importer":
                    importer = "PE"
                elif role == "origin":
                    origin = "PE"
                lines.append(f"{record_id + written + i},{years[i]},II,{taxon},{klass},{order},{family},{genus},"
                             f"{term},{quantities[i]},{unit},{importer},{exporter},{origin},{purposes[i]},{sources[i]},"
                             f"{reporters[i]},,{(written + i) * 2654435761 % 2**40:010x},\n")
                if len(lines) == 50_000:
                    f.write("".join(lines))
                    lines = []
            f.write("".join(lines))
        paths.append(path)
        written += n
    return paths


RUNNER = """
import re, resource, sys
from datetime import date
from pathlib import Path
from etl.ingest.run import ingest
datasets, out, *files = sys.argv[1:]
logged = []
ingest([Path(f) for f in files], date(2025, 1, 1), datasets=Path(datasets), out=Path(out), log=logged.append,
       progress=None)
me, workers = (resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
built = next((m[1] for line in logged if (m := re.search(r"built in ([0-9.]+) s", line))), "nan")
print(me.ru_maxrss, workers.ru_maxrss, me.ru_utime + me.ru_stime + workers.ru_utime + workers.ru_stime, built)
"""


def one_run(files: list[Path], work: Path) -> dict:
    """Wall time, CPU time, and peak memory: the parent's peak plus two reader workers' peak (the readers
    run two at a time), an upper bound on what the ingest holds at once."""
    datasets = work / "datasets"
    shutil.rmtree(datasets, ignore_errors=True)
    shutil.copytree(ROOT / "datasets" / "catalogue", datasets / "catalogue")
    shutil.copytree(ROOT / "datasets" / "snapshots", datasets / "snapshots")
    shutil.copytree(ROOT / "datasets" / "sources", datasets / "sources", ignore=shutil.ignore_patterns("ingest_*"))
    os.sync()
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", RUNNER, str(datasets), str(work / "package"), *map(str, files)],
                          cwd=ROOT, check=True, capture_output=True, text=True)
    wall = time.perf_counter() - start
    parent_kib, worker_kib, cpu, built = done.stdout.split()
    summary = (datasets / "ingest_report" / "cites-summary.txt").read_text(encoding="utf-8")
    total = next(line.strip() for line in summary.splitlines() if line.strip().startswith("total:"))
    written = next(line.strip() for line in summary.splitlines() if line.strip().startswith("observations:"))
    return {"wall": wall, "cpu": float(cpu), "build": float(built),
            "memory": (int(parent_kib) + 2 * int(worker_kib)) / 1024, "total": total, "written": written.split(",")[0]}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 5_000_000])
    parser.add_argument("--peru-share", type=float, default=0.02)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="vigia-bench-ingest-") as tmp:
        work = Path(tmp)
        start = time.perf_counter()
        files = generate(work, max(args.sizes), args.peru_share)
        size = sum(p.stat().st_size for p in files) / 2**20
        os.sync()   # the generated files' writeback must not stall the timed run's fsyncs
        print(f"generated {max(args.sizes):,} synthetic bulk rows in {len(files)} files ({size:.0f} MiB, "
              f"{args.peru_share:.0%} involving Peru) in {time.perf_counter() - start:.1f} s")
        for rows in sorted(args.sizes):
            subset = files[:-(-rows // ROWS_PER_FILE)]
            load = os.getloadavg()[0]
            r = one_run(subset, work)
            print(f"ingest {rows:>9,} rows ({len(subset)} files) on {os.cpu_count()} cores (load {load:.1f}): "
                  f"wall {r['wall']:5.1f} s (package rebuild {r['build']:4.2f} s), CPU {r['cpu']:5.1f} s, "
                  f"peak memory <= {r['memory']:4.0f} MiB; {r['total']}; {r['written']}")


if __name__ == "__main__":
    main()
