"""Read and validate the sources layer: the catalogue plus every theme folder's transcribed rows.

The catalogue (`etl.catalogue`) says which files there are, their columns and the vocabulary of every coded
column; this module reads them into typed records. Every problem is collected with its file, line, column,
value and what was expected; nothing is dropped silently. `etl.tidy` shapes the result into package tables.
"""
from __future__ import annotations

import csv
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from etl.catalogue import THEME_VOCABULARY, Catalogue, Label, TableSchema, load_catalogue
from etl.curation import check_text_curation
from etl.derived import DERIVED_FILE, derived_rows, read_derivations
from etl.indicators import read_indicators
from etl.observations import References, check_period, check_ref, validate_observations
from etl.paths import DATASETS
from etl.places import PlaceIndex, read_places
from etl.problems import Location, Problems
from etl.provenance import check_sources
from etl.records import Indicator, Observation, RawRow
from etl.snapshots import Snapshot, read_snapshots


@dataclass(frozen=True)
class SourcesLayer:
    catalogue: Catalogue
    vocabularies: Mapping[str, Mapping[str, Label]]  # the catalogue's, plus `theme` from themes.csv
    places: PlaceIndex
    tables: Mapping[str, list[RawRow]]  # rows of every layer file that feeds a package table as it is
    indicators: list[Indicator]
    observations: list[Observation]
    snapshots: Mapping[str, Snapshot]
    problems: Problems

    @property
    def units(self) -> list[RawRow]:
        return self.tables["units"]


def read_csv(path: Path, columns: list[str], problems: Problems) -> list[RawRow]:
    """The file's rows; a missing or extra column is a problem, not a guess."""
    with path.open(newline="", encoding="utf-8") as f:
        text = f.read()
    if text.startswith("\ufeff"):
        problems.add(path, 1, "", "byte-order mark", "UTF-8 without BOM")
        text = text[1:]
    reader = csv.reader(text.splitlines(keepends=True))
    header = next(reader, [])
    if header != columns:
        problems.add(path, 1, "", ",".join(header), "header " + ",".join(columns))
        return []
    rows = []
    line = 2
    for values in reader:
        if not values:  # a blank line is skipped, as csv.DictReader does
            continue
        if len(values) != len(columns):
            problems.add(path, line, "", "wrong number of fields", f"{len(columns)} fields")
        else:
            rows.append(RawRow(Location(path, line), dict(zip(columns, map(str.strip, values), strict=True))))
        line = reader.line_num + 1
    return rows


def theme_files(datasets: Path, name: str) -> list[Path]:
    return sorted(p for p in (datasets / "sources").glob(f"*/{name}") if p.is_file())


def _read_layer_table(datasets: Path, catalogue: Catalogue, table: str, problems: Problems) -> list[RawRow]:
    """A table's rows from the catalogue and the theme folders, as `layer.yaml` allows; an id defined twice
    must be defined identically (and only once, for a table the catalogue alone declares)."""
    spec, schema = catalogue.layer_file(table), catalogue.tables[table]
    paths = [catalogue.folder / spec.file_name] if spec.in_catalogue else []
    paths += theme_files(datasets, spec.file_name) if spec.in_themes else []
    if not spec.in_themes:
        for stray in theme_files(datasets, spec.file_name):
            problems.add(stray, 0, "", stray.name, f"no {spec.file_name} in a theme folder: {table} are declared "
                                                   f"once, in {catalogue.folder.name}/{spec.file_name}")
    rows: list[RawRow] = []
    seen: dict[str, RawRow] = {}
    for path in paths:
        for row in read_csv(path, schema.columns, problems) if path.exists() else []:
            key = row[spec.key] if spec.key else ""
            if spec.key and not key:
                problems.at(row.where, spec.key, "", "an id")
                continue
            first = seen.setdefault(key, row) if spec.key else row
            if first is not row:
                if not spec.in_themes or first.fields != row.fields:
                    rule = "a unique id" if not spec.in_themes else "the same definition (ids are global)"
                    problems.at(row.where, spec.key, key, f"{rule}; also {_where(first)}")
                continue
            rows.append(row)
    return rows


def _where(row: RawRow) -> str:
    return f"{row.where.file.parent.name}/{row.where.file.name}:{row.where.line}"


def check_fields(rows: list[RawRow], schema: TableSchema, vocabularies: Mapping[str, Mapping[str, Label]],
                 problems: Problems) -> None:
    """What tables.yaml says of each column: required, unique, its vocabulary, its pattern, integers."""
    for field in schema.fields:
        if field.constraints.get("unique"):
            _check_unique(rows, field.name, problems)
    for row in rows:
        for field in schema.fields:
            value = row[field.name]
            if not value:
                if field.required:
                    problems.at(row.where, field.name, "", f"a non-empty value ({field.description.rstrip('.')})")
                continue
            allowed = vocabularies.get(field.vocabulary, {}) if field.vocabulary else None
            pattern = field.constraints.get("pattern")
            if allowed is not None and value not in allowed:
                problems.at(row.where, field.name, value, "one of " + ", ".join(sorted(allowed)))
            elif pattern and not re.fullmatch(pattern, value):
                problems.at(row.where, field.name, value, f"text matching {pattern}")
            elif field.type == "integer" and not re.fullmatch(r"-?\d+", value):
                problems.at(row.where, field.name, value, "a whole number")


def _check_unique(rows: list[RawRow], key: str, problems: Problems) -> None:
    seen: set[str] = set()
    for row in rows:
        if not row[key] or row[key] in seen:
            problems.at(row.where, key, row[key], "a unique, non-empty id")
        seen.add(row[key])


def _check_cross_references(layer: SourcesLayer) -> None:
    problems, tables = layer.problems, layer.tables
    sources = {r["source_id"] for r in tables["sources"]}
    indicator_ids = {i.indicator_id for i in layer.indicators}
    for row in tables["facts"] + tables["events"]:
        check_ref(row, problems)
        if row["source_id"] not in sources:
            problems.at(row.where, "source_id", row["source_id"], "a source id from sources.csv")
    for row in tables["facts"]:
        if row["period"]:
            check_period(row, "period", problems)
    for row in tables["events"]:
        check_period(row, "date", problems)
        for ident in filter(None, row["indicators"].split(";")):
            if ident not in indicator_ids:
                problems.at(row.where, "indicators", ident, "indicator ids from indicators.yaml")
    _check_unique(tables["facts"], "fact_id", problems)
    _check_unique(tables["events"], "event_id", problems)
    used = {o.ref for o in layer.observations} | {r["ref"] for r in tables["facts"] + tables["events"]}
    for row in tables["exclusions"]:
        check_ref(row, problems)
        if row["ref"] in used:
            problems.at(row.where, "ref", row["ref"], "a ref that no observation, fact or event uses")
    for row in tables["zone_departments"]:
        for column, level in (("zone_id", "coca_zone"), ("department_id", "department")):
            place = layer.places.places.get(row[column])
            if place is None or place.level != level:
                problems.at(row.where, column, row[column], f"a {level} place id")


def read_sources_layer(datasets: Path = DATASETS) -> SourcesLayer:
    """Everything under `datasets/catalogue` and `datasets/sources/*/`, validated."""
    problems = Problems()
    catalogue = load_catalogue(datasets / "catalogue", problems)
    tables = {f.table: _read_layer_table(datasets, catalogue, f.table, problems) for f in catalogue.layer_files}
    themes = {r["theme_id"]: Label(r["name_es"], r["name_en"]) for r in tables["themes"]}
    vocabularies = {**catalogue.vocabularies, THEME_VOCABULARY: themes}
    for name, rows in tables.items():
        check_fields(rows, catalogue.tables[name], vocabularies, problems)
    places = read_places(tables["places"], problems)
    indicators = read_indicators(theme_files(datasets, "indicators.yaml"), themes,
                                 {r["unit_id"] for r in tables["units"]}, places.map_units(), problems)
    refs = References(catalogue, places, {i.indicator_id: i for i in indicators},
                      {r["source_id"] for r in tables["sources"]})
    observation_rows = [row for path in theme_files(datasets, "observations.csv")
                        for row in read_csv(path, list(catalogue.observation_columns), problems)]
    snapshots = read_snapshots(datasets / "snapshots", problems)
    for derivation in read_derivations(theme_files(datasets, DERIVED_FILE), snapshots, problems):
        observation_rows += [RawRow(r.where, catalogue.layer_row(r.fields))
                             for r in derived_rows(derivation, places, vocabularies, problems)]
    layer = SourcesLayer(catalogue, vocabularies, places, tables, indicators,
                         validate_observations(observation_rows, refs, problems), snapshots, problems)
    _check_cross_references(layer)
    check_sources(tables, layer.observations, catalogue.vocabularies.get("source_flag", {}), problems)
    check_text_curation(observation_rows + tables["facts"] + tables["events"], problems)
    return layer
