"""Read and validate the sources layer: catalogues plus every theme folder's transcribed rows.

Every problem is collected with its file, line, column, value and what was expected; nothing is
dropped silently. The result is plain rows, ready for `etl.tidy` to shape into the package tables.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from etl.grammar import PERIOD_EXPECTED, VALUE_EXPECTED, parse_period, parse_value
from etl.paths import DATASETS
from etl.places import Place, PlaceIndex, UnknownPlace
from etl.problems import Problems

DIMENSIONS = ["taxon", "product", "partner", "flow", "reporter", "cites_source", "hs_code", "market", "scope"]
OBSERVATION_COLUMNS = ["ref", "indicator", "series", "geography_level", "geography", "period", "value", "unit",
                       "source_id", "locator", "verification", *DIMENSIONS, "value_as_published",
                       "period_as_published", "geography_as_published", "note"]
FACT_COLUMNS = ["ref", "fact_id", "theme", "statement_es", "statement_en", "source_id", "locator",
                "verification", "period", "note"]
EVENT_COLUMNS = ["ref", "event_id", "date", "kind", "title_es", "title_en", "source_id", "locator",
                 "verification", "indicators", "note"]
EXCLUSION_COLUMNS = ["ref", "reason", "detail"]
SOURCE_COLUMNS = ["source_id", "publisher", "title", "year", "url", "licence", "reliability", "relays", "language"]
PLACE_COLUMNS = ["place_id", "level", "name_es", "name_en", "iso_3166", "ubigeo", "parent_id", "map_units", "aliases"]
UNIT_COLUMNS = ["unit_id", "symbol_es", "symbol_en", "name_es", "name_en", "kind"]
ZONE_COLUMNS = ["zone_id", "department_id", "status", "stated_by", "note"]
THEMES = ["coca_deforestation", "timber", "sharks", "wildlife", "crime_index", "mining"]
EVENT_KINDS = ["regulation", "cites_listing", "operation", "scandal", "method_change", "other"]
EXCLUSION_REASONS = ["duplicate", "unverified_recollection", "out_of_scope", "needs_primary_check", "editorial"]
ZONE_STATUS = ["sourced", "disputed", "unsourced"]
REF_PATTERN = re.compile(r"[a-z_]+_figures\.csv#L[1-9]\d*|context/[\w.-]+|ingest/[^#/]+#L[1-9]\d*")
LANGS = ("es", "en")


@dataclass
class Table:
    """Rows of one kind read from several files; each row remembers where it came from."""
    rows: list[dict] = field(default_factory=list)

    def by(self, key: str) -> dict[str, dict]:
        return {r[key]: r for r in self.rows}


@dataclass
class SourcesLayer:
    vocabularies: dict
    places: PlaceIndex
    units: Table
    sources: Table
    indicators: list[dict]
    observations: Table
    facts: Table
    events: Table
    exclusions: Table
    zone_departments: Table
    release: dict
    problems: Problems


def read_csv(path: Path, columns: list[str], problems: Problems) -> list[dict]:
    """Rows with `_file` and `_line`; a missing or extra column is a problem, not a guess."""
    with path.open(newline="", encoding="utf-8") as f:
        text = f.read()
    if text.startswith("\ufeff"):
        problems.add(path, 1, "", "byte-order mark", "UTF-8 without BOM")
        text = text[1:]
    reader = csv.DictReader(text.splitlines(keepends=True))
    header = reader.fieldnames or []
    if header != columns:
        problems.add(path, 1, "", ",".join(header), "header " + ",".join(columns))
        return []
    rows = []
    line = 2
    for row in reader:
        if None in row or any(v is None for v in row.values()):
            problems.add(path, line, "", "wrong number of fields", f"{len(columns)} fields")
        else:
            rows.append({**{k: v.strip() for k, v in row.items()}, "_file": path, "_line": line})
        line = reader.line_num + 1
    return rows


def _folder_files(datasets: Path, name: str) -> list[Path]:
    return sorted(p for p in (datasets / "sources").glob(f"*/{name}") if p.is_file())


def _merge_catalogue(datasets: Path, name: str, columns: list[str], key: str, problems: Problems) -> Table:
    table = Table()
    seen: dict[str, dict] = {}
    for path in [datasets / "catalogue" / name, *_folder_files(datasets, name)]:
        if not path.exists():
            continue
        for row in read_csv(path, columns, problems):
            if not row[key]:
                problems.add(path, row["_line"], key, "", "an id")
                continue
            if row[key] in seen:
                first = seen[row[key]]
                if any(first[c] != row[c] for c in columns):
                    problems.add(path, row["_line"], key, row[key],
                                 f"the same definition as {first['_file'].name}:{first['_line']} (ids are global)")
                continue
            seen[row[key]] = row
            table.rows.append(row)
    return table


def _check_vocab(problems: Problems, row: dict, column: str, allowed, required: bool = True) -> bool:
    value = row[column]
    if not value and not required:
        return True
    if value not in allowed:
        problems.add(row["_file"], row["_line"], column, value, "one of " + ", ".join(sorted(allowed)))
        return False
    return True


def _check_bilingual(problems: Problems, path: Path, where: str, value, column: str) -> None:
    if not isinstance(value, dict) or any(not str(value.get(lang, "")).strip() for lang in LANGS):
        problems.add(path, 0, column, f"{where}: {value!r}", "a mapping with non-empty 'es' and 'en' text")


def _read_indicators(datasets: Path, units: set[str], map_units: set[str], problems: Problems) -> list[dict]:
    indicators, seen = [], {}
    for path in [datasets / "catalogue" / "indicators.yaml", *_folder_files(datasets, "indicators.yaml")]:
        if not path.exists():
            continue
        try:
            items = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        except yaml.YAMLError as exc:
            problems.add(path, getattr(getattr(exc, "problem_mark", None), "line", -1) + 1, "", str(exc), "valid YAML")
            continue
        if not isinstance(items, list):
            problems.add(path, 0, "", type(items).__name__, "a YAML list of indicators")
            continue
        for item in items:
            ident = item.get("id", "") if isinstance(item, dict) else ""
            if not re.fullmatch(r"[a-z][a-z0-9_]*", ident):
                problems.add(path, 0, "id", ident, "an indicator id in snake_case")
                continue
            if ident in seen:
                problems.add(path, 0, "id", ident, f"a unique id (also defined in {seen[ident].name})")
                continue
            seen[ident] = path
            where = f"indicator {ident}"
            if item.get("theme") not in THEMES:
                problems.add(path, 0, "theme", f"{where}: {item.get('theme')}", "one of " + ", ".join(THEMES))
            if item.get("unit") not in units:
                problems.add(path, 0, "unit", f"{where}: {item.get('unit')}", "a unit id from units.csv")
            for column in ("name", "definition"):
                _check_bilingual(problems, path, where, item.get(column), column)
            for note in item.get("caveats", []) or []:
                _check_bilingual(problems, path, where, note, "caveats")
            for brk in item.get("method_breaks", []) or []:
                _check_bilingual(problems, path, where, brk, "method_breaks")
                try:
                    parse_period(str(brk.get("period", "")))
                except ValueError:
                    problems.add(path, 0, "method_breaks.period", f"{where}: {brk.get('period')}", PERIOD_EXPECTED)
            series = item.get("series") or []
            if sum(bool(s.get("preferred")) for s in series) != 1:
                problems.add(path, 0, "series", where, "exactly one series with preferred: true")
            for s in series:
                _check_bilingual(problems, path, f"{where} series {s.get('id')}", s.get("name"), "series.name")
            for unit in item.get("coverage", []) or []:
                if unit not in map_units:
                    problems.add(path, 0, "coverage", f"{where}: {unit}", "one of the 26 map units")
            indicators.append({**item, "_file": path})
    return indicators


def _check_ref(problems: Problems, row: dict) -> None:
    if not REF_PATTERN.fullmatch(row["ref"]):
        problems.add(row["_file"], row["_line"], "ref", row["ref"], "<research file>#L<line> or context/<file>")


def _check_period(problems: Problems, row: dict, column: str):
    try:
        return parse_period(row[column])
    except ValueError as exc:
        problems.add(row["_file"], row["_line"], column, row[column], str(exc))
        return None


def _validate_observations(layer: SourcesLayer) -> None:
    problems, vocab = layer.problems, layer.vocabularies
    indicators = {i["id"]: i for i in layer.indicators}
    sources = layer.sources.by("source_id")
    preferred_cells: dict[tuple, dict] = {}
    for row in layer.observations.rows:
        _check_ref(problems, row)
        indicator = indicators.get(row["indicator"])
        if indicator is None:
            problems.add(row["_file"], row["_line"], "indicator", row["indicator"], "an indicator id from indicators.yaml")
        else:
            series = {s["id"]: s for s in indicator.get("series", [])}
            if row["series"] not in series:
                problems.add(row["_file"], row["_line"], "series", row["series"],
                             f"a series of {row['indicator']}: " + ", ".join(series))
            row["_preferred"] = bool(series.get(row["series"], {}).get("preferred"))
            if row["unit"] != indicator.get("unit"):
                problems.add(row["_file"], row["_line"], "unit", row["unit"],
                             f"{indicator.get('unit')} (the unit of {row['indicator']})")
        if row["source_id"] not in sources:
            problems.add(row["_file"], row["_line"], "source_id", row["source_id"], "a source id from sources.csv")
        _check_vocab(problems, row, "verification", vocab["verification"])
        for column in ("flow", "reporter", "cites_source", "hs_code"):
            _check_vocab(problems, row, column, vocab[column], required=False)
        if row["partner"] and not re.fullmatch(r"[A-Z]{2}", row["partner"]):
            problems.add(row["_file"], row["_line"], "partner", row["partner"], "an ISO 3166-1 alpha-2 code")
        row["_geography_id"] = None
        if _check_vocab(problems, row, "geography_level", vocab["geography_level"]):
            try:
                row["_geography_id"] = layer.places.normalise(row["geography"], row["geography_level"])
            except UnknownPlace as exc:
                problems.add(row["_file"], row["_line"], "geography", row["geography"], str(exc))
        row["_period"] = _check_period(problems, row, "period")
        try:
            row["_value"] = parse_value(row["value"])
        except ValueError as exc:
            row["_value"] = None
            problems.add(row["_file"], row["_line"], "value", row["value"], str(exc))
        if not row["ref"].startswith("context/") and not row["value_as_published"]:
            problems.add(row["_file"], row["_line"], "value_as_published", "", "the research row's value, as published")
        if row.get("_preferred") and row["_geography_id"] and row["_period"]:
            cell = (row["indicator"], row["series"], row["_geography_id"], row["period"],
                    *(row[d] for d in DIMENSIONS))
            if cell in preferred_cells:
                first = preferred_cells[cell]
                problems.add(row["_file"], row["_line"], "series", row["series"],
                             f"one value per cell in the preferred series (also {first['_file'].name}:{first['_line']});"
                             " put the other source's value in another series")
            else:
                preferred_cells[cell] = row


def _validate_others(layer: SourcesLayer) -> None:
    problems, vocab = layer.problems, layer.vocabularies
    sources = layer.sources.by("source_id")
    indicator_ids = {i["id"] for i in layer.indicators}
    for row in layer.facts.rows + layer.events.rows:
        _check_ref(problems, row)
        if row["source_id"] not in sources:
            problems.add(row["_file"], row["_line"], "source_id", row["source_id"], "a source id from sources.csv")
        _check_vocab(problems, row, "verification", vocab["verification"])
        for lang in LANGS:
            column = ("statement_" if "statement_es" in row else "title_") + lang
            if not row[column]:
                problems.add(row["_file"], row["_line"], column, "", "a non-empty text")
    for row in layer.facts.rows:
        _check_vocab(problems, row, "theme", THEMES)
        if row["period"]:
            _check_period(problems, row, "period")
    for row in layer.events.rows:
        _check_vocab(problems, row, "kind", EVENT_KINDS)
        row["_period"] = _check_period(problems, row, "date")
        for ident in filter(None, row["indicators"].split(";")):
            if ident not in indicator_ids:
                problems.add(row["_file"], row["_line"], "indicators", ident, "indicator ids from indicators.yaml")
    for key, table in (("fact_id", layer.facts), ("event_id", layer.events)):
        seen: set[str] = set()
        for row in table.rows:
            if not row[key] or row[key] in seen:
                problems.add(row["_file"], row["_line"], key, row[key], "a unique, non-empty id")
            seen.add(row[key])
    used = {r["ref"] for t in (layer.observations, layer.facts, layer.events) for r in t.rows}
    for row in layer.exclusions.rows:
        _check_ref(problems, row)
        _check_vocab(problems, row, "reason", EXCLUSION_REASONS)
        if row["ref"] in used:
            problems.add(row["_file"], row["_line"], "ref", row["ref"], "a ref that no observation, fact or event uses")
    for row in layer.sources.rows:
        _check_vocab(problems, row, "reliability", vocab["reliability"])
        if not (row["publisher"] and row["title"]):
            problems.add(row["_file"], row["_line"], "publisher", row["publisher"], "a publisher and a title")
    for row in layer.zone_departments.rows:
        _check_vocab(problems, row, "status", ZONE_STATUS)
        for column, level in (("zone_id", "coca_zone"), ("department_id", "department")):
            place = layer.places.places.get(row[column])
            if place is None or place.level != level:
                problems.add(row["_file"], row["_line"], column, row[column], f"a {level} place id")


def _read_places(datasets: Path, problems: Problems, vocab: dict) -> PlaceIndex:
    table = _merge_catalogue(datasets, "places.csv", PLACE_COLUMNS, "place_id", problems)
    catalogue_file = datasets / "catalogue" / "places.csv"
    places = []
    for row in table.rows:
        _check_vocab(problems, row, "level", vocab["geography_level"])
        places.append(Place(row["place_id"], row["level"], row["name_es"], row["name_en"], row["iso_3166"],
                            row["ubigeo"], row["parent_id"], tuple(filter(None, row["map_units"].split(";"))),
                            tuple(filter(None, row["aliases"].split("|")))))
    index = PlaceIndex(places)
    for level, name, first, second in index.ambiguous:
        problems.add(catalogue_file, 0, "aliases", f"{name} ({level})", f"one place only, not {first} and {second}")
    for place in places:
        for ref in (place.parent_id, *place.map_units):
            if ref and ref not in index.places:
                problems.add(catalogue_file, 0, "parent_id/map_units", f"{place.place_id}: {ref}", "a place id")
    return index


def read_sources_layer(datasets: Path = DATASETS) -> SourcesLayer:
    """Everything under `datasets/catalogue` and `datasets/sources/*/`, validated."""
    problems = Problems()
    catalogue = datasets / "catalogue"
    vocab = yaml.safe_load((catalogue / "vocabularies.yaml").read_text(encoding="utf-8"))
    release = yaml.safe_load((catalogue / "release.yaml").read_text(encoding="utf-8"))
    places = _read_places(datasets, problems, vocab)
    units = _merge_catalogue(datasets, "units.csv", UNIT_COLUMNS, "unit_id", problems)
    sources = _merge_catalogue(datasets, "sources.csv", SOURCE_COLUMNS, "source_id", problems)
    indicators = _read_indicators(datasets, {u["unit_id"] for u in units.rows}, set(places.map_units()), problems)

    def rows_of(name: str, columns: list[str]) -> Table:
        return Table([r for path in _folder_files(datasets, name) for r in read_csv(path, columns, problems)])

    layer = SourcesLayer(vocab, places, units, sources, indicators,
                         rows_of("observations.csv", OBSERVATION_COLUMNS), rows_of("facts.csv", FACT_COLUMNS),
                         rows_of("events.csv", EVENT_COLUMNS), rows_of("exclusions.csv", EXCLUSION_COLUMNS),
                         rows_of("zone_departments.csv", ZONE_COLUMNS), release, problems)
    _validate_observations(layer)
    _validate_others(layer)
    return layer
