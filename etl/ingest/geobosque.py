"""MINAM Geobosque forest loss by district (UBIGEO-keyed, one `YYYY_ha` column per year), summed to
departments as `forest_loss`, series `minam_geobosque`.

A department figure is the sum of all its district rows. If any district row of a department is rejected
(a bad UBIGEO, a negative or non-numeric value, two different rows for one district), the department is
not summed at all and its other rows are rejected with that reason: a partial sum is never published.
A blank district value leaves that department-year as a gap (no figure), never as zero.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping
from decimal import Decimal
from typing import NamedTuple

from etl.ingest.common import (
    Context,
    Detected,
    FileInfo,
    FileRejected,
    Header,
    ObservationRow,
    Record,
    RowRejected,
    Tally,
    cell,
    check_width,
    map_columns,
    number_text,
    observation,
    parse_number,
    read_rows,
    squash,
)
from etl.places import UnknownPlace

NAME = "geobosque"
SPEC = {"department": ("DEPARTAMENTO",), "province": ("PROVINCIA",), "district": ("DISTRITO",),
        "ubigeo": ("UBIGEO",)}
YEAR_COLUMN = re.compile(r"(?:perdida)?(\d{4})(?:ha)?")
SOURCE = {"publisher": "MINAM, Programa Nacional de Conservación de Bosques para la Mitigación del Cambio Climático",
          "title": "Geobosques: pérdida de bosque húmedo amazónico por distrito",
          "url": "https://geobosques.minam.gob.pe/", "reliability": "official_statistic", "language": "es",
          "licence": "public information of the Peruvian State (Ley 27806); quoted as a fact"}
INDICATOR, SERIES = "forest_loss", "minam_geobosque"


class DistrictRow(NamedTuple):
    record: Record
    values: dict[int, Decimal | None]   # year -> value, None when blank
    department: str                     # as published


def accepts(names: set[str]) -> str | None:
    if {"departamento", "ubigeo"} <= names and any(YEAR_COLUMN.fullmatch(n) for n in names):
        return "district"
    return None


def read(info: FileInfo, detected: Detected, ctx: Context) -> tuple[Tally, list[ObservationRow]]:
    header = detected.header
    assert header is not None   # only spreadsheets have none
    tally = Tally(info.name, notes=list(detected.notes))
    mapping = map_columns(header, SPEC, {"ubigeo"}, info.name)
    years: dict[int, tuple[int, str]] = {}   # column index -> (year, column name)
    for index, name in enumerate(header.fields):
        m = YEAR_COLUMN.fullmatch(squash(name))
        if m:
            year = int(m[1])
            if year > info.downloaded.year:
                raise FileRejected(info.name, header.line, name, name,
                                   f"a year up to {info.downloaded.year} (future year; downloaded {info.downloaded})")
            if year in {y for y, _ in years.values()}:
                raise FileRejected(info.name, header.line, name, name,
                                   "each year column once (this year appears twice)")
            years[index] = (year, name)
    tally.notes.append("columns not read: " + ", ".join(
        f for i, f in enumerate(header.fields) if i not in years and i not in mapping.values()))
    ubigeo_to_place = {p.ubigeo: p.place_id for p in ctx.places.places.values()
                       if p.level == "department" and p.ubigeo}
    good: dict[str, list[DistrictRow]] = defaultdict(list)      # by place id
    bad_departments: dict[str, str] = {}
    by_ubigeo: dict[str, DistrictRow] = {}
    for rec in read_rows(info, header, tally):
        name = cell(rec, mapping, "department")
        if name.casefold().startswith("total") and not cell(rec, mapping, "ubigeo"):
            tally.out("total line (departments are summed from the districts)")
            continue
        try:
            check_width(rec, len(header.fields))
            ubigeo, place = _district(rec, mapping, header, name, ubigeo_to_place, ctx)
            values = {}
            for index, (year, column) in years.items():
                values[year] = parse_number(rec.fields[index], column, header.delimiter)
        except RowRejected as exc:
            tally.reject_error(rec, exc)
            department = _place_of(cell(rec, mapping, "ubigeo"), ubigeo_to_place)
            if department:
                bad_departments.setdefault(department, f"district row at line {rec.line} rejected")
            continue
        if ubigeo in by_ubigeo:
            first = by_ubigeo[ubigeo]
            if first.values == values:
                tally.reject(rec, header.fields[mapping["ubigeo"]], ubigeo, f"duplicate of line {first.record.line}")
            else:
                tally.reject(rec, header.fields[mapping["ubigeo"]], ubigeo,
                             f"second row for this district: line {first.record.line} has other values")
                bad_departments.setdefault(place, f"two different rows for district {ubigeo}")
            continue
        row = DistrictRow(rec, values, name)
        by_ubigeo[ubigeo] = row
        good[place].append(row)
    observations: list[ObservationRow] = []
    for place, rows in good.items():
        if place in bad_departments:
            for row in rows:
                tally.reject(row.record, "", place, f"department not summed: {bad_departments[place]}")
            continue
        tally.kept += len(rows)
        observations += _department(info, place, rows, years, header, tally, ctx)
    return tally, observations


def _place_of(ubigeo: str, ubigeo_to_place: Mapping[str, str]) -> str | None:
    digits = ubigeo.strip()
    if len(digits) == 5 and digits.isdigit():
        digits = "0" + digits
    return ubigeo_to_place.get(digits[:2]) if re.fullmatch(r"\d{6}", digits) else None


def _district(rec: Record, mapping: dict[str, int], header: Header, name: str, ubigeo_to_place: Mapping[str, str],
              ctx: Context) -> tuple[str, str]:
    column = header.fields[mapping["ubigeo"]]
    raw = cell(rec, mapping, "ubigeo")
    ubigeo = "0" + raw if len(raw) == 5 and raw.isdigit() else raw   # a leading zero lost in a spreadsheet
    if not re.fullmatch(r"\d{6}", ubigeo):
        raise RowRejected(column, raw, "a six-digit INEI UBIGEO")
    place = ubigeo_to_place.get(ubigeo[:2])
    if place is None:
        raise RowRejected(column, raw, "a UBIGEO of a known department (unknown department code)")
    if name:
        try:
            named = ctx.places.normalise(name, "department")
        except UnknownPlace as exc:
            raise RowRejected(header.fields[mapping["department"]], name, str(exc)) from None
        if named != place:
            raise RowRejected(header.fields[mapping["department"]], name,
                              f"the department of UBIGEO {ubigeo} ({place}), not {named}")
    return ubigeo, place


def _department(info: FileInfo, place: str, rows: list[DistrictRow], years: dict[int, tuple[int, str]],
                header: Header, tally: Tally, ctx: Context) -> list[ObservationRow]:
    first, last = rows[0].record.line, rows[-1].record.line
    observations: list[ObservationRow] = []
    gaps: list[str] = []
    for year, column in sorted(years.values()):
        values = [value for row in rows if (value := row.values[year]) is not None]
        if len(values) < len(rows):
            gaps.append(str(year))
            continue
        total = sum(values, Decimal(0))
        observations.append(observation(
            ref=info.ref(first), indicator=INDICATOR, series=SERIES, geography_level="department",
            geography=place, period=str(year), value=number_text(total), unit="ha", source_id=info.source_id,
            locator=f"sum of {len(rows)} district rows (lines {first}-{last}), column '{column}'",
            verification=ctx.verification, value_as_published=number_text(total), period_as_published=column,
            geography_as_published=rows[0].department or place,
            note=f"sum of the {len(rows)} district rows of the file; humid Amazon forest only"))
    if gaps:
        tally.notes.append(f"{place}: a district value is blank for {', '.join(gaps)}; those years left as gaps")
    return observations
