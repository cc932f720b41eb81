"""The fast build: sources layer -> validated tidy tables -> datapackage, published atomically."""
from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from etl import consistency, tidy
from etl.package import csv_bytes, package_files, publish
from etl.paths import DATASETS, PACKAGE
from etl.problems import BuildFailed
from etl.sources_layer import SourcesLayer, read_sources_layer

Log = Callable[[str], None]


@dataclass
class BuildResult:
    files: dict[str, bytes]
    observations: list[tidy.Row]
    checks: list[str]
    version: str


def _stage(label: str, log: Log) -> Callable[[str], None]:
    start = time.perf_counter()

    def done(detail: str = "") -> None:
        log(f"  {label:<34} {time.perf_counter() - start:6.2f} s  {detail}")
    return done


def package_tables(layer: SourcesLayer) -> dict[str, list[tidy.Row]]:
    """Every table of tables.yaml, as rows: those the build derives, then the layer's own tables as they are."""
    indicators, series, notes = tidy.indicators(layer)
    vocabularies, dimensions = tidy.catalogue_tables(layer.catalogue)
    derived = {"observations": tidy.observations(layer), "indicators": indicators, "indicator_series": series,
               "indicator_notes": notes, "comparison_groups": tidy.comparison_groups(layer),
               "places": sorted((p.row() for p in layer.places.places.values()), key=lambda r: r["place_id"]),
               "vocabularies": vocabularies, "dimensions": dimensions,
               "snapshots": [layer.snapshots[s].row() for s in sorted(layer.snapshots)]}
    tables = {}
    for name, schema in layer.catalogue.tables.items():
        if name in derived:
            tables[name] = derived[name]
        else:
            key = layer.catalogue.layer_file(name).key or schema.primary_key[0]
            tables[name] = tidy.plain(layer.tables[name], schema.columns, key)
    return tables


def make_package(datasets: Path = DATASETS, log: Log = print) -> BuildResult:
    done = _stage("read and validate sources layer", log)
    layer = read_sources_layer(datasets)
    done(f"{len(layer.observations)} observations, {len(layer.tables['facts'])} facts, "
         f"{len(layer.tables['events'])} events, {len(layer.tables['exclusions'])} exclusions")
    if layer.problems:
        raise BuildFailed(layer.problems)

    done = _stage("shape tidy tables", log)
    tables = package_tables(layer)
    done(f"{len(tables)} tables")

    done = _stage("consistency checks", log)
    catalogue = layer.catalogue
    checks = consistency.run_checks(catalogue.folder / "consistency.yaml", tables["observations"],
                                    catalogue.dimension_keys, layer.problems)
    done(f"{len(checks)} comparisons")
    if layer.problems:
        raise BuildFailed(layer.problems)

    encoded = {name: csv_bytes(rows, catalogue.tables[name].columns) for name, rows in tables.items()}
    files = package_files(encoded, catalogue)
    version = files["datapackage.json"].split(b'"version": "')[1].split(b'"')[0].decode()
    return BuildResult(files, tables["observations"], checks, version)


def summary(result: BuildResult) -> str:
    """Rows per indicator, places and years covered, and the consistency comparisons."""
    by_indicator: dict[str, Counter[str]] = defaultdict(Counter)
    years: dict[str, set[int]] = defaultdict(set)
    places: dict[str, set[str]] = defaultdict(set)
    for o in result.observations:
        by_indicator[o["indicator"]][o["geography_level"]] += 1
        places[o["indicator"]].add(o["geography_id"])
        if o["year"]:
            years[o["indicator"]].add(int(o["year"]))
    lines = [f"{'indicator':<40} {'rows':>5}  {'places':>6}  {'years':<11}  levels"]
    for ind in sorted(by_indicator):
        y = years[ind]
        span = f"{min(y)}-{max(y)}" if y else "-"
        levels = ", ".join(f"{lvl} {n}" for lvl, n in sorted(by_indicator[ind].items()))
        lines.append(f"{ind:<40} {sum(by_indicator[ind].values()):>5}  {len(places[ind]):>6}  {span:<11}  {levels}")
    lines.append(f"total: {len(result.observations)} observations in {len(by_indicator)} indicators")
    lines += ["coverage by department (indicators with figures; years):"] + _department_coverage(result.observations)
    by_status = Counter(o["verification"] for o in result.observations)
    lines.append("verification: " + ", ".join(f"{n} {status}" for status, n in sorted(by_status.items())))
    lines.append(f"warnings: {by_status['relayed_unchecked']} of {len(result.observations)} figures are press or "
                 "third-party relays not yet checked against the primary document")
    lines += ["consistency:"] + [f"  {line}" for line in result.checks]
    return "\n".join(lines)


def _department_coverage(observations: list[tidy.Row]) -> list[str]:
    by_place: dict[str, set[str]] = defaultdict(set)
    years: dict[str, set[int]] = defaultdict(set)
    for o in observations:
        if o["geography_level"] in ("department", "region", "province") and o["geography_id"].startswith("PE-"):
            by_place[o["geography_id"]].add(o["indicator"])
            if o["year"]:
                years[o["geography_id"]].add(int(o["year"]))
    return [f"  {place:<7} {len(by_place[place]):>3} indicators; "
            f"{min(years[place]) if years[place] else '-'}-{max(years[place]) if years[place] else '-'}"
            for place in sorted(by_place)]


def build(out: Path = PACKAGE, datasets: Path = DATASETS, log: Log = print) -> BuildResult:
    start = time.perf_counter()
    result = make_package(datasets, log)
    done = _stage("publish package", log)
    publish(result.files, out)
    done(f"{out} ({sum(len(b) for b in result.files.values()) / 1024:.0f} KiB)")
    log(summary(result))
    log(f"package version {result.version}, built in {time.perf_counter() - start:.2f} s")
    return result
