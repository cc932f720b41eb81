"""MINAM Geobosque forest loss by district (UBIGEO-keyed, one `YYYY_ha` column per year), summed to
departments as `forest_loss`, series `minam_geobosque`; the districts the places catalogue has (by UBIGEO)
also get their own figures.

A partial sum never becomes a total. A department figure is derived from district rows only when the file
holds every district that Geobosque's own complete district table lists for that department: the yardstick is
the 411-district table committed at datasets/snapshots/geobosque_district_forest_loss_pipaber/ (a third party's
copy of MINAM's table, read only for its UBIGEO and department columns). The figure is then the sum of all the
department's rows (districts the table does not list are included and named in the summary).

A department the file covers only in part gets no figure; the summary says which departments are partial and
which districts are missing ("Amazonas: 1 of 84 districts; department figure not derived (missing: …)"). Its
rows stay at district level: a district the places catalogue has is published as a district figure; any other
is rejected with its line, never silently dropped.

If any district row of a department is rejected (a bad UBIGEO, a negative or non-numeric value, two
different rows for one district), the department is not summed at all and its other rows are rejected with
that reason. A blank district value leaves that department-year as a gap (no figure), never as zero.
"""
from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import NamedTuple

from etl.ingest.files import Context, FileInfo, ObservationRow, observation
from etl.ingest.reader import Input, Reading, each_file
from etl.ingest.rows import OutOfScope, Record, RowRejected, Tally, cell, check_width, each_row, file_rows
from etl.ingest.text import Detected, Header, ignored_columns, known_width, map_columns, squash
from etl.ingest.values import number_text, parse_number
from etl.paths import DATASETS
from etl.places import UnknownPlace
from etl.problems import FileRejected

SPEC = {"department": ("DEPARTAMENTO",), "province": ("PROVINCIA",), "district": ("DISTRITO",),
        "ubigeo": ("UBIGEO",)}
YEAR_COLUMN = re.compile(r"(?:perdida)?(\d{4})(?:ha)?")
AREA_COLUMN = re.compile(r"(?i).+[_ (]ha\)?")   # other area columns (HIDROGRAFÍA_ha, BOSQUE AL 2024_ha)
DISTRICT_TABLE = (DATASETS / "snapshots" / "geobosque_district_forest_loss_pipaber"
                  / "geobosque_district_forest_loss_2001-2024_curated_pipaber.csv")
MISSING_SHOWN = 12
INDICATOR, SERIES = "forest_loss", "minam_geobosque"


class DistrictRow(NamedTuple):
    record: Record
    values: dict[int, Decimal | None]   # year -> value, None when blank
    department: str                     # as published
    ubigeo: str = ""                    # six digits


@cache
def district_table(path: Path = DISTRICT_TABLE) -> dict[str, dict[str, str]]:
    """Geobosque's complete district table: department code (two UBIGEO digits) -> {UBIGEO: district name}.
    Empty when the table is absent (then no department figure can be derived)."""
    if not path.is_file():
        return {}
    with path.open(newline="", encoding="utf-8-sig") as f:
        reader = csv.reader(f)
        columns = {squash(name): i for i, name in enumerate(next(reader, []))}
        table: dict[str, dict[str, str]] = defaultdict(dict)
        for row in reader:
            ubigeo = row[columns["ubigeo"]].strip().zfill(6)
            table[ubigeo[:2]][ubigeo] = row[columns["distrito"]].strip() if "distrito" in columns else ""
    return dict(table)


def accepts(names: set[str]) -> str | None:
    if {"departamento", "ubigeo"} <= names and any(YEAR_COLUMN.fullmatch(n) for n in names):
        return "district"
    return None


def read(inputs: Sequence[Input], ctx: Context) -> Reading:
    return each_file(inputs, ctx, read_file)


def read_file(info: FileInfo, detected: Detected, ctx: Context) -> tuple[Tally, list[ObservationRow]]:
    header = detected.header
    assert header is not None   # only spreadsheets have none
    tally = Tally(info.name, notes=list(detected.notes))
    mapping = map_columns(header, SPEC, {"ubigeo"}, info.name)
    years: dict[int, tuple[int, str]] = {}   # column index -> (year, column name)
    area: list[int] = []                      # other area columns, not read
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
        elif index not in mapping.values() and AREA_COLUMN.fullmatch(name.strip()):
            area.append(index)
    if area:
        tally.notes.append("columns not read: " + ", ".join(header.fields[i] for i in area))
    known = {*mapping.values(), *years, *area}
    width, needed = len(header.fields), known_width(header, known)
    ignored = ignored_columns(header, known)
    if ignored:
        tally.notes.append(ignored)
    ubigeo_to_place = {p.ubigeo: p.place_id for p in ctx.places.places.values()
                       if p.level == "department" and p.ubigeo}
    good: dict[str, list[DistrictRow]] = defaultdict(list)      # by place id
    bad_departments: dict[str, str] = {}
    by_ubigeo: dict[str, DistrictRow] = {}

    def district_row(rec: Record) -> DistrictRow:
        name = cell(rec, mapping, "department")
        if name.casefold().startswith("total") and not cell(rec, mapping, "ubigeo"):
            raise OutOfScope("total line (departments are summed from the districts)")
        try:
            check_width(rec, width, needed, header.fields)
            ubigeo, place = _district(rec, mapping, header, name, ubigeo_to_place, ctx)
            values = {year: parse_number(rec.fields[index] if index < len(rec.fields) else "", column,
                                         header.delimiter) for index, (year, column) in years.items()}
        except RowRejected:
            department = _place_of(cell(rec, mapping, "ubigeo"), ubigeo_to_place)
            if department:
                bad_departments.setdefault(department, f"district row at line {rec.line} rejected")
            raise
        if ubigeo in by_ubigeo:
            first = by_ubigeo[ubigeo]
            if first.values == values:
                raise RowRejected(header.fields[mapping["ubigeo"]], ubigeo,
                                  reason=f"duplicate of line {first.record.line}")
            bad_departments.setdefault(place, f"two different rows for district {ubigeo}")
            raise RowRejected(header.fields[mapping["ubigeo"]], ubigeo,
                              reason=f"second row for this district: line {first.record.line} has other values")
        district = DistrictRow(rec, values, name, ubigeo)
        by_ubigeo[ubigeo] = district
        good[place].append(district)
        return district

    each_row(file_rows(info, header, tally), tally, district_row, keep=False)
    observations: list[ObservationRow] = []
    district_places = {p.ubigeo: p.place_id for p in ctx.places.places.values() if p.level == "district" and p.ubigeo}
    table = district_table()
    if good and not table:
        tally.notes.append(f"Geobosque's district table ({DISTRICT_TABLE}) is absent: no department figure derived")
    for place, rows in good.items():
        if place in bad_departments:
            for row in rows:
                tally.reject(row.record, "", place, f"department not summed: {bad_departments[place]}")
            continue
        listed = table.get(ctx.places.places[place].ubigeo, {})
        have = {row.ubigeo for row in rows}
        if listed and set(listed) <= have:
            extra = sorted(have - set(listed))
            if extra:
                tally.notes.append(f"{_name(place, ctx)}: {len(extra)} district(s) not in Geobosque's district table "
                                   f"summed with the others: {', '.join(extra)}")
            tally.kept += len(rows)
            observations += _department(info, place, rows, years, header, tally, ctx)
            observations += _districts(info, rows, years, mapping, district_places, ctx)
            continue
        coverage = _partial_note(place, have, listed, tally, ctx)
        for row in rows:
            if row.ubigeo not in district_places:
                tally.reject(row.record, header.fields[mapping["ubigeo"]], cell(row.record, mapping, "ubigeo"),
                             f"district of a partial department, not published ({coverage}: no department figure "
                             f"is derived, and the places catalogue has no district {row.ubigeo} to publish it at "
                             "district level)")
                continue
            tally.kept += 1
            observations += _districts(info, [row], years, mapping, district_places, ctx)
    return tally, observations


def _name(place: str, ctx: Context) -> str:
    return ctx.places.places[place].name_es


def _partial_note(place: str, have: set[str], listed: Mapping[str, str], tally: Tally, ctx: Context) -> str:
    """Say in the summary that the file covers a department in part (and which districts it lacks); returns
    the coverage ('Amazonas: 1 of 84 districts in the file')."""
    name = _name(place, ctx)
    if not listed:
        tally.notes.append(f"{name}: {len(have)} district(s), but Geobosque's district table lists none in {name}; "
                           "department figure not derived")
        return f"{name}: {len(have)} district(s) in the file, none in Geobosque's district table"
    missing = sorted(set(listed) - have)
    shown = ", ".join(f"{u} {listed[u]}".strip() for u in missing[:MISSING_SHOWN])
    more = f" and {len(missing) - MISSING_SHOWN} more" if len(missing) > MISSING_SHOWN else ""
    coverage = f"{name}: {len(have & set(listed))} of {len(listed)} districts"
    tally.notes.append(f"{coverage}; department figure not derived (missing: {shown}{more})")
    return coverage + " in the file"


def _districts(info: FileInfo, rows: list[DistrictRow], years: dict[int, tuple[int, str]], mapping: dict[str, int],
               district_places: Mapping[str, str], ctx: Context) -> list[ObservationRow]:
    """Each district's own figures, for the districts the places catalogue has (by UBIGEO); a blank value
    is a gap."""
    observations: list[ObservationRow] = []
    for row in rows:
        ubigeo = cell(row.record, mapping, "ubigeo").zfill(6)
        place = district_places.get(ubigeo)
        if place is None:
            continue
        for index, (year, column) in sorted(years.items(), key=lambda item: item[1]):
            value = row.values[year]
            if value is None:
                continue
            observations.append(observation(
                ref=info.ref(row.record.line), indicator=INDICATOR, series=SERIES, geography_level="district",
                geography=place, period=str(year), value=number_text(value), unit="ha", source_id=info.source_id,
                locator=f"row UBIGEO {ubigeo}, column '{column}'", verification=ctx.verification,
                value_as_published=row.record.fields[index].strip(), period_as_published=column,
                geography_as_published=cell(row.record, mapping, "district") or ubigeo))
    return observations


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
