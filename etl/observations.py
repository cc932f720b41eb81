"""Validate the transcribed figures (`observations.csv` rows) into `Observation` records.

Every problem is reported at the row's `file:line` with its column; a row with a problem yields no record,
and the build stops before publishing anything.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from etl.catalogue import Catalogue, Label
from etl.grammar import Period, Value, parse_period, parse_value
from etl.places import PlaceIndex, UnknownPlace
from etl.problems import Problems
from etl.records import Indicator, Observation, RawRow

REF_PATTERN = re.compile(r"[a-z_]+_figures\.csv#L[1-9]\d*|context/[\w.-]+|ingest/[^#/]+#L[1-9]\d*"
                         r"|snapshot/[a-z0-9_]+#L[1-9]\d*")
REF_EXPECTED = "<research file>#L<line>, context/<file> or snapshot/<id>#L<line>"


@dataclass(frozen=True)
class References:
    """What an observation's ids must refer to."""
    catalogue: Catalogue
    places: PlaceIndex
    indicators: Mapping[str, Indicator]
    sources: Collection[str]


def check_ref(row: RawRow, problems: Problems) -> None:
    if not REF_PATTERN.fullmatch(row["ref"]):
        problems.at(row.where, "ref", row["ref"], REF_EXPECTED)


def check_period(row: RawRow, column: str, problems: Problems) -> Period | None:
    try:
        return parse_period(row[column])
    except ValueError as exc:
        problems.at(row.where, column, row[column], str(exc))
        return None


def _value(row: RawRow, problems: Problems) -> Value | None:
    try:
        return parse_value(row["value"])
    except ValueError as exc:
        problems.at(row.where, "value", row["value"], str(exc))
        return None


def _series(row: RawRow, refs: References, problems: Problems) -> bool:
    """Checks indicator, series and unit; returns whether the row's series is the preferred one."""
    indicator = refs.indicators.get(row["indicator"])
    if indicator is None:
        problems.at(row.where, "indicator", row["indicator"], "an indicator id from indicators.yaml")
        return False
    series = indicator.series_by_id.get(row["series"])
    if series is None:
        problems.at(row.where, "series", row["series"], f"a series of {row['indicator']}: "
                    + ", ".join(indicator.series_by_id))
    if row["unit"] != indicator.unit:
        problems.at(row.where, "unit", row["unit"], f"{indicator.unit} (the unit of {row['indicator']})")
    return series is not None and series.preferred


def _place(row: RawRow, refs: References, problems: Problems) -> str | None:
    levels = refs.catalogue.vocabularies["geography_level"]
    if row["geography_level"] not in levels:
        problems.at(row.where, "geography_level", row["geography_level"], "one of " + ", ".join(sorted(levels)))
        return None
    try:
        return refs.places.normalise(row["geography"], row["geography_level"])
    except UnknownPlace as exc:
        problems.at(row.where, "geography", row["geography"], str(exc))
        return None


def _dimensions(row: RawRow, catalogue: Catalogue, problems: Problems) -> dict[str, str]:
    f = row.fields
    for dim in catalogue.dimensions:
        value = f[dim.key]
        if not value:
            continue
        if dim.vocabulary and value not in catalogue.vocabularies[dim.vocabulary]:
            problems.at(row.where, dim.key, value,
                        "one of " + ", ".join(sorted(catalogue.vocabularies[dim.vocabulary])))
        elif dim.pattern and not _regex(dim.pattern).fullmatch(value):
            problems.at(row.where, dim.key, value, dim.rule.en)
    return {dim.name: f[dim.key] for dim in catalogue.dimensions}


@functools.cache
def _regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _comparison_group(row: RawRow, refs: References, problems: Problems) -> str:
    """The row's comparison group: its own, which must be one of its indicator's, or else its series'."""
    indicator = refs.indicators.get(row["indicator"])
    if indicator is None:
        return ""
    if row["comparison_group"]:
        groups = [g.group_id for g in indicator.comparison_groups]
        if row["comparison_group"] not in groups:
            problems.at(row.where, "comparison_group", row["comparison_group"],
                        f"blank (the series' group) or a comparison group of {row['indicator']}: " + ", ".join(groups))
        return row["comparison_group"]
    return next((s.comparison_group for s in indicator.series if s.series_id == row["series"]), "")


def validate_observation(row: RawRow, refs: References, problems: Problems) -> Observation | None:
    """The row as a record, or None when it has a problem (each one reported)."""
    before = len(problems)
    check_ref(row, problems)
    preferred = _series(row, refs, problems)
    f = row.fields
    if f["source_id"] not in refs.sources:
        problems.at(row.where, "source_id", f["source_id"], "a source id from sources.csv")
    verification = refs.catalogue.vocabularies["verification"]
    if f["verification"] not in verification:
        problems.at(row.where, "verification", f["verification"], "one of " + ", ".join(sorted(verification)))
    dimensions = _dimensions(row, refs.catalogue, problems)
    group = _comparison_group(row, refs, problems)
    geography_id = _place(row, refs, problems)
    period = check_period(row, "period", problems)
    value = _value(row, problems)
    if not f["ref"].startswith("context/") and not f["value_as_published"]:
        problems.at(row.where, "value_as_published", "", "the research row's value, as published")
    if len(problems) > before or geography_id is None or period is None or value is None:
        return None
    return Observation(
        where=row.where, ref=f["ref"], indicator=f["indicator"], series=f["series"], preferred=preferred,
        geography_id=geography_id, geography_level=f["geography_level"], period=period, value=value,
        unit=f["unit"], source_id=f["source_id"], locator=Label(f["locator_es"], f["locator_en"]),
        verification=f["verification"], dimensions=dimensions,
        dimension_columns={c: f[c] for c in refs.catalogue.dimension_columns},
        note=Label(f["note_es"], f["note_en"]), value_as_published=f["value_as_published"],
        period_as_published=f["period_as_published"], geography_as_published=f["geography_as_published"],
        comparison_group=group)


def validate_observations(rows: list[RawRow], refs: References, problems: Problems) -> list[Observation]:
    """Every valid row as a record; a preferred series holds one value per cell."""
    observations = [o for row in rows if (o := validate_observation(row, refs, problems)) is not None]
    first_in_cell: dict[tuple[str, ...], Observation] = {}
    for o in observations:
        if not o.preferred:
            continue
        first = first_in_cell.setdefault(o.cell(), o)
        if first is not o:
            problems.at(o.where, "series", o.series,
                        f"one value per cell in the preferred series (also {first.where.file.name}:{first.where.line});"
                        " put the other source's value in another series")
    used = {(o.indicator, o.comparison_group) for o in observations}
    for ind in refs.indicators.values():
        used |= {(ind.indicator_id, s.comparison_group) for s in ind.series}
        for group in ind.comparison_groups:
            if (ind.indicator_id, group.group_id) not in used:
                problems.add(ind.file, 0, "comparison_groups", f"indicator {ind.indicator_id}: {group.group_id}",
                             "a group that a series or a figure of the indicator belongs to")
    return observations
