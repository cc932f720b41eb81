"""Global Forest Watch tree cover loss (UMD/Hansen): the dashboard spreadsheet (`PER.xlsx` or the global
file: 'Country' and 'Subnational 1 tree cover loss' sheets, `tc_loss_ha_YYYY` columns, eight canopy
thresholds per unit), the same tables saved as wide CSVs (`country, [subnational1, [subnational2,]]
threshold, ..., tc_loss_ha_2001, ..., tc_loss_ha_2023`, one row per region and threshold), and the newer long
CSV download (`iso, [adm1,] umd_tree_cover_loss__year, umd_tree_cover_loss__ha, ...`).

Only Peru is read. Spreadsheet and wide-CSV rows at the 30% canopy threshold (GFW's default) are kept (a
wide CSV reads like the spreadsheet sheet of its level); the other thresholds are out of scope. The long CSV
does not say its threshold, and the scope of each figure says so.
Region names are GADM's: GADM's 'Lima' excludes 'Lima Province', so they map to PE-LIM and PE-LMA.
"""
from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from typing import Any

from etl.ingest.files import Context, FileInfo, ObservationRow, hash_file, observation
from etl.ingest.formats import table
from etl.ingest.reader import Input, Reading, each_file
from etl.ingest.rows import (
    FirstRows,
    OutOfScope,
    Record,
    RowRejected,
    Tally,
    cell,
    check_width,
    each_row,
    file_rows,
    first_row,
)
from etl.ingest.text import Detected, Header, ignored_columns, known_width, map_columns, squash
from etl.ingest.values import number_text, parse_number, parse_year
from etl.places import UnknownPlace
from etl.problems import FileRejected

INDICATOR, SERIES = "gfw_tree_cover_loss", "gfw_umd"
THRESHOLD = 30
SHEETS = {squash(sheet): level for sheet, level in table("gfw", "format.yaml")["workbook"]["sheets"].items()}
CSV_SPEC = {"iso": ("iso",), "adm1": ("adm1",), "year": ("umd_tree_cover_loss__year",),
            "loss": ("umd_tree_cover_loss__ha",)}
LOSS_COLUMN = re.compile(r"tclossha(\d{4})")
GFW_COLUMN = re.compile(r"(?:area|extent|gain|tc|avg|gfw|umd|wri|whrc)\w*")   # GFW's other (unread) columns
GADM_LIMA = {"lima province": ("province", "PE-LMA"), "lima": ("region", "PE-LIM")}
SCOPE_XLSX = f"tree canopy density > {THRESHOLD}% (threshold {THRESHOLD})"
SCOPE_CSV = "canopy density threshold not stated in the file (the GFW dashboard default is 30%)"


def accepts(names: set[str]) -> str | None:
    if {"iso", "umdtreecoverlossyear", "umdtreecoverlossha"} <= names:
        return "csv"
    if {"country", "threshold"} <= names and any(LOSS_COLUMN.fullmatch(n) for n in names):
        return "wide"
    return None


@dataclass
class Unit:
    level: str
    place: str
    as_published: str


def _place(country: str, region: str, ctx: Context) -> Unit:
    if not region:
        return Unit("country", "PE", country)
    key = " ".join(region.casefold().split())
    if key in GADM_LIMA:
        level, place = GADM_LIMA[key]
        return Unit(level, place, region)
    try:
        return Unit("department", ctx.places.normalise(region, "department"), region)
    except UnknownPlace as exc:
        raise RowRejected("subnational1", region, str(exc)) from None


def read(inputs: Sequence[Input], ctx: Context) -> Reading:
    return each_file(inputs, ctx, read_file, table("gfw", "indicators.yaml"))


def read_file(info: FileInfo, detected: Detected, ctx: Context) -> tuple[Tally, list[ObservationRow]]:
    if detected.header is None:   # the spreadsheet
        return _read_workbook(info, ctx)
    assert detected.header is not None   # only spreadsheets have none
    if detected.variant == "wide":
        return _read_wide_csv(info, detected.header, ctx)
    return _read_csv(info, detected.header, ctx)


def _known(header: Header, mapping: dict[str, int]) -> tuple[int, int, str | None]:
    """(width, fields a row needs, the ignored-columns note) of a CSV header: GFW's own columns are known."""
    known = set(mapping.values()) | {i for i, f in enumerate(header.fields) if GFW_COLUMN.fullmatch(squash(f))}
    return len(header.fields), known_width(header, known), ignored_columns(header, known)


def _emit(info: FileInfo, line: int, unit: Unit, year: int, value: Decimal, text: str, column: str, scope: str,
          locator: str, ctx: Context) -> ObservationRow:
    return observation(
        ref=info.ref(line), indicator=INDICATOR, series=SERIES, geography_level=unit.level, geography=unit.place,
        period=str(year), value=number_text(value), unit="ha", source_id=info.source_id, locator=locator,
        verification=ctx.verification, scope=scope, value_as_published=text, period_as_published=column,
        geography_as_published=unit.as_published)


def _read_csv(info: FileInfo, header: Header, ctx: Context) -> tuple[Tally, list[ObservationRow]]:
    tally = Tally(info.name)
    mapping = map_columns(header, CSV_SPEC, {"iso", "year", "loss"}, info.name)
    names = {k: header.fields[i] for k, i in mapping.items()}
    width, needed, ignored = _known(header, mapping)
    if ignored:
        tally.notes.append(ignored)
    regions = _adm1_names(info) if "adm1" in mapping else {}
    seen: FirstRows[tuple[str, int], Decimal | None] = {}

    def row(rec: Record) -> ObservationRow | None:
        check_width(rec, width, needed, header.fields)
        if cell(rec, mapping, "iso").upper() != "PER":
            raise OutOfScope("not Peru")
        region = ""
        if "adm1" in mapping:
            index = cell(rec, mapping, "adm1")
            if index not in regions:
                raise RowRejected(names["adm1"], index, "an adm1 index listed in adm1_metadata.csv beside the file")
            region = regions[index]
        unit = _place("Peru", region, ctx)
        year = parse_year(cell(rec, mapping, "year"), names["year"], info.downloaded, earliest=2001)
        value = parse_number(cell(rec, mapping, "loss"), names["loss"], header.delimiter)
        first_row(seen, (unit.place, year), rec, value, "this place and year", names["year"], str(year))
        if value is None:
            tally.notes.append(f"line {rec.line}: loss blank, left as a gap")
            return None
        return _emit(info, rec.line, unit, year, value, cell(rec, mapping, "loss"), names["loss"], SCOPE_CSV,
                     f"column '{names['loss']}'", ctx)

    observations = [o for o in each_row(file_rows(info, header, tally), tally, row) if o is not None]
    return tally, observations


def _adm1_names(info: FileInfo) -> dict[str, str]:
    meta = info.path.with_name("adm1_metadata.csv")
    if not meta.exists():
        return {}
    with meta.open(newline="", encoding="utf-8-sig") as f:
        return {row["adm1"].strip(): row["name"].strip() for row in csv.DictReader(f)}


def _read_workbook(info: FileInfo, ctx: Context) -> tuple[Tally, list[ObservationRow]]:
    from openpyxl import load_workbook
    hash_file(info)
    tally = Tally(info.name)
    book = load_workbook(info.path, read_only=True, data_only=True)
    observations: list[ObservationRow] = []
    seen: dict[str, int] = {}   # place -> row number
    try:
        skipped = [s for s in book.sheetnames if squash(s) not in SHEETS]
        if skipped:
            tally.notes.append("sheets not read: " + ", ".join(skipped))
        for sheet_name in book.sheetnames:
            level = SHEETS.get(squash(sheet_name))
            if level:
                observations += _read_sheet(info, book[sheet_name], sheet_name, level, tally, seen, ctx)
    finally:
        book.close()
    return tally, observations


def _read_sheet(info: FileInfo, sheet: Any, sheet_name: str, level: str, tally: Tally, seen: dict[str, int],
                ctx: Context) -> list[ObservationRow]:
    """The rows of one sheet (an openpyxl read-only worksheet: `Any`, openpyxl ships no types)."""
    rows = sheet.iter_rows(values_only=True)
    header_row, header = 0, None
    for number, values in enumerate(rows, start=1):
        names = [squash(str(v)) if v is not None else "" for v in values]
        if "country" in names and "threshold" in names:
            header_row, header = number, [str(v) if v is not None else "" for v in values]
            break
    if header is None:
        raise FileRejected(info.name, 0, "", sheet_name,
                           f"sheet {sheet_name!r} with a header 'country, ..., threshold'")

    def records() -> Iterator[Record]:
        for number, values in enumerate(rows, start=header_row + 1):
            texts = [_text(v) for v in values]
            if any(t.strip() for t in texts):
                yield Record(number, texts, f"sheet {sheet_name!r} row {number}: {','.join(texts)}")

    return _read_wide(info, header, header_row, records(), level, tally, seen, ctx,
                      lambda number, column: f"sheet '{sheet_name}', row {number}, column '{column}'")


def _read_wide_csv(info: FileInfo, header: Header, ctx: Context) -> tuple[Tally, list[ObservationRow]]:
    """A sheet of the spreadsheet saved as CSV: one row per region and threshold, a loss column per year."""
    tally = Tally(info.name)
    names = {squash(f) for f in header.fields}
    level = "subnational2" if "subnational2" in names else "subnational1" if "subnational1" in names else "country"
    mapping = {squash(f): i for i, f in enumerate(header.fields) if squash(f) in (
        "country", "subnational1", "subnational2", "threshold")}
    width, needed, ignored = _known(header, mapping)
    if ignored:
        tally.notes.append(ignored)
    observations = _read_wide(info, header.fields, header.line, file_rows(info, header, tally), level, tally, {},
                              ctx, lambda number, column: f"row {number}, column '{column}'", header.delimiter,
                              (width, needed))
    return tally, observations


def _read_wide(info: FileInfo, header: list[str], header_row: int, records: Iterable[Record], level: str,
               tally: Tally, seen: dict[str, int], ctx: Context, where: Callable[[int, str], str],
               delimiter: str = ",", width: tuple[int, int] | None = None) -> list[ObservationRow]:
    """Rows of a GFW table (`country, [subnational1,] threshold, ..., tc_loss_ha_YYYY`): Peru at 30%. `width`: the
    fields a CSV row has and needs (a sheet's rows are not checked)."""
    index = {squash(n): i for i, n in enumerate(header)}
    loss = {i: int(m[1]) for i, n in enumerate(header) if (m := LOSS_COLUMN.fullmatch(squash(n)))}
    for i, year in loss.items():
        if year > info.downloaded.year:
            raise FileRejected(info.name, header_row, header[i], header[i], f"a year up to {info.downloaded.year}")

    def row(rec: Record) -> list[ObservationRow]:
        if width is not None:
            check_width(rec, *width, header)
        get = partial(_field, rec.fields, index)
        if squash(get("country")) != "peru":
            raise OutOfScope("not Peru")
        if level == "subnational2":
            raise OutOfScope("subnational 2 (provinces) not read")
        threshold = parse_number(get("threshold"), header[index["threshold"]], delimiter)
        if threshold != THRESHOLD:
            raise OutOfScope(f"canopy threshold other than {THRESHOLD}%")
        unit = _place(get("country"), get("subnational1") if level == "subnational1" else "", ctx)
        parsed = {year: (parse_number(rec.fields[i], header[i], delimiter), rec.fields[i].strip(), header[i])
                  for i, year in loss.items() if i < len(rec.fields)}
        if unit.place in seen:
            raise RowRejected("subnational1", unit.as_published,
                              reason=f"second row for this place (also row {seen[unit.place]})")
        seen[unit.place] = rec.line
        return [_emit(info, rec.line, unit, year, value, text, column, SCOPE_XLSX, where(rec.line, column), ctx)
                for year, (value, text, column) in sorted(parsed.items()) if value is not None]   # None: a gap

    return [o for observations in each_row(records, tally, row) for o in observations]


def _field(fields: list[str], index: dict[str, int], name: str) -> str:
    """The stripped text of a named column of a row ('' when there is no such column or the row is short)."""
    return fields[index[name]].strip() if name in index and index[name] < len(fields) else ""


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
