"""The fast build: sources layer -> validated tidy tables -> datapackage, published atomically."""
from __future__ import annotations

import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from etl import consistency, tidy
from etl.package import csv_bytes, package_files, publish, table_schemas
from etl.paths import DATASETS, PACKAGE
from etl.problems import BuildFailed
from etl.sources_layer import (EVENT_COLUMNS, EXCLUSION_COLUMNS, FACT_COLUMNS, PLACE_COLUMNS, SOURCE_COLUMNS,
                               Table, UNIT_COLUMNS, ZONE_COLUMNS, read_sources_layer)


@dataclass
class BuildResult:
    files: dict[str, bytes]
    observations: list[dict]
    checks: list[str]
    version: str


def _stage(label: str, log):
    start = time.perf_counter()

    def done(detail: str = "") -> None:
        log(f"  {label:<34} {time.perf_counter() - start:6.2f} s  {detail}")
    return done


def make_package(datasets: Path = DATASETS, log=print) -> BuildResult:
    done = _stage("read and validate sources layer", log)
    layer = read_sources_layer(datasets)
    done(f"{len(layer.observations.rows)} observations, {len(layer.facts.rows)} facts, "
         f"{len(layer.events.rows)} events, {len(layer.exclusions.rows)} exclusions")
    if layer.problems:
        raise BuildFailed(layer.problems)

    done = _stage("shape tidy tables", log)
    observations = tidy.observations(layer)
    indicators, series, notes = tidy.indicators(layer)
    tables = {
        "observations": (observations, tidy.OBSERVATION_FIELDS),
        "indicators": (indicators, list(indicators[0]) if indicators else []),
        "indicator_series": (series, ["indicator", "series", "preferred", "name_es", "name_en"]),
        "indicator_notes": (notes, ["indicator", "kind", "position", "period", "text_es", "text_en"]),
        "sources": (tidy.plain(layer.sources, SOURCE_COLUMNS, "source_id"), SOURCE_COLUMNS),
        "places": (tidy.plain(_places_table(layer), PLACE_COLUMNS, "place_id"), PLACE_COLUMNS),
        "units": (tidy.plain(layer.units, UNIT_COLUMNS, "unit_id"), UNIT_COLUMNS),
        "zone_departments": (tidy.plain(layer.zone_departments, ZONE_COLUMNS, "zone_id"), ZONE_COLUMNS),
        "facts": (tidy.plain(layer.facts, FACT_COLUMNS, "fact_id"), FACT_COLUMNS),
        "events": (tidy.plain(layer.events, EVENT_COLUMNS, "event_id"), EVENT_COLUMNS),
        "exclusions": (tidy.plain(layer.exclusions, EXCLUSION_COLUMNS, "ref"), EXCLUSION_COLUMNS),
    }
    schemas = table_schemas(datasets / "catalogue")
    for name, (_, columns) in tables.items():
        expected = list(schemas[name]["fields"])
        if columns and columns != expected:
            layer.problems.add(datasets / "catalogue" / "tables.yaml", 0, name, ",".join(columns), ",".join(expected))
    done(f"{len(tables)} tables")

    done = _stage("consistency checks", log)
    checks = consistency.run_checks(datasets / "catalogue" / "consistency.yaml", observations, layer.problems)
    done(f"{len(checks)} comparisons")
    if layer.problems:
        raise BuildFailed(layer.problems)

    encoded = {name: csv_bytes(rows, columns or list(schemas[name]["fields"])) for name, (rows, columns) in tables.items()}
    files = package_files(encoded, layer.release, schemas)
    version = files["datapackage.json"].split(b'"version": "')[1].split(b'"')[0].decode()
    return BuildResult(files, observations, checks, version)


def _places_table(layer) -> Table:
    rows = [{"place_id": p.place_id, "level": p.level, "name_es": p.name_es, "name_en": p.name_en,
             "iso_3166": p.iso_3166, "ubigeo": p.ubigeo, "parent_id": p.parent_id,
             "map_units": ";".join(p.map_units), "aliases": "|".join(p.aliases)} for p in layer.places.places.values()]
    return Table(rows)


def summary(result: BuildResult) -> str:
    """Rows per indicator, places and years covered, and the consistency comparisons."""
    by_indicator: dict[str, Counter] = defaultdict(Counter)
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
    relayed = sum(o["verification"] == "relayed_unchecked" for o in result.observations)
    lines.append(f"warnings: {relayed} of {len(result.observations)} figures are press or third-party "
                 "relays not yet checked against the primary document")
    lines += ["consistency:"] + [f"  {line}" for line in result.checks]
    return "\n".join(lines)


def _department_coverage(observations: list[dict]) -> list[str]:
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


def build(out: Path = PACKAGE, datasets: Path = DATASETS, log=print) -> BuildResult:
    start = time.perf_counter()
    result = make_package(datasets, log)
    done = _stage("publish package", log)
    publish(result.files, out)
    done(f"{out} ({sum(len(b) for b in result.files.values()) / 1024:.0f} KiB)")
    log(summary(result))
    log(f"package version {result.version}, built in {time.perf_counter() - start:.2f} s")
    return result
