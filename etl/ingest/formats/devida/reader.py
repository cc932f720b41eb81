"""DEVIDA coca monitoring report tables ("Perú: Monitoreo de cultivos de coca"): area under coca in hectares,
by department and by coca zone, to `coca_area`, series `official`; a table's total row is the national figure.

Two layouts, one reader:
  - a plain CSV table: `Departamento` (or `Zona con presencia de cultivos de coca`), one column per year, an
    optional variation column (not read) and a TOTAL row; it is read as the report of its last year column;
  - report tables retyped in text: sections headed `# YYYY` (the report's year; a trailing colon is
    tolerated) holding prose and comma-separated tables like the one above. Prose is not read.

Numbers may carry thousands commas (quoted); '-' is "no figure" (a gap, never zero). A name's trailing '*'
(a footnote marker of the report) is dropped from the place name and said in the note.

Each cell (level, place, year) comes from the latest report that gives it: the 2024 table over the 2022 table
for 2020-2022. A section whose table does not end in the section's own year is not that report's table (a
copy of another section): its rows are out of scope, never read as that year's figures.

A derivation may ask for less (`options` in derived.yaml, see `_known`): cells left to another snapshot that
holds a later report, and national figures only for the years no other source of the preferred series already
gives (one value per cell). A file read without options publishes every cell and every total.
"""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

from etl.ingest.files import Context, FileInfo, ObservationRow, load_text, observation
from etl.ingest.reader import Input, Reading, each_file
from etl.ingest.rows import Record, RowRejected, Tally, each_row
from etl.ingest.text import Detected, squash
from etl.ingest.values import number_text, parse_number
from etl.places import AmbiguousPlace, UnknownPlace
from etl.problems import FileRejected

INDICATOR, SERIES, UNIT = "coca_area", "official", "ha"
FIRST_COLUMN = {"departamento": ("department", "department table"),
                "zonaconpresenciadecultivosdecoca": ("coca_zone", "zone table"),
                "zona": ("coca_zone", "zone table")}
YEAR = re.compile(r"\d{4}")
SECTION = re.compile(r"#+\s*(\d{4})\s*:?\s*")
TOTAL = re.compile(r"(?i)total\W*")


@dataclass(frozen=True)
class Known:
    """What the package takes from a file it knows: `later` names cells (level -> years) another snapshot
    gives from a later report, `national` the years whose total row is published."""
    national: frozenset[int]
    national_why: str
    later: dict[str, frozenset[int]] = field(default_factory=dict)
    later_why: str = ""


def _known(options: Mapping[str, Any]) -> Known | None:
    """What a derivation asks of the file (`options` in derived.yaml): `national_years`, the years whose total
    row is published (`national_why` says why not the others), and `later`, level -> years another snapshot
    gives from a later report (`later_why`). Without options every cell and every total is published."""
    if not options:
        return None
    later = options.get("later") or {}
    return Known(frozenset(int(y) for y in options.get("national_years") or ()), str(options.get("national_why", "")),
                 {str(level): frozenset(int(y) for y in years) for level, years in later.items()},
                 str(options.get("later_why", "")))


class Table(NamedTuple):
    section: int | None     # the `# YYYY` heading above it, None in a plain CSV
    report: int             # the report's year: the section's, or the last year column
    level: str
    kind: str               # 'department table' / 'zone table'
    header: Record
    years: dict[int, int]   # column index -> year
    rows: list[Record]


class Cell(NamedTuple):
    table: Table
    record: Record
    place: str
    name: str               # as published
    year: int
    column: int
    value: Decimal


def accepts(names: set[str]) -> str | None:
    years = sum(1 for n in names if YEAR.fullmatch(n))
    for first, (_, kind) in FIRST_COLUMN.items():
        if first in names and years >= 2 and (first != "zona" or any(n.startswith("variacion") for n in names)):
            return kind
    return None


def read(inputs: Sequence[Input], ctx: Context) -> Reading:
    return each_file(inputs, ctx, read_file)


def read_file(info: FileInfo, detected: Detected, ctx: Context) -> tuple[Tally, list[ObservationRow]]:
    tally = Tally(info.name, notes=list(detected.notes))
    text = load_text(info, tally.notes)
    known = _known(ctx.options)
    tables, prose = _tables(info, text)
    if not tables:
        raise FileRejected(info.name, 1, "", "", "a DEVIDA department or zone table")
    if prose:
        tally.notes.append(f"{prose} line(s) of text outside the tables not read")
    read_tables = _report_tables(tables, tally)
    table_of = {rec.line: table for table in tables for rec in table.rows}
    cells: dict[tuple[str, str, int], Cell] = {}
    earlier: dict[tuple[str, str, int], list[Cell]] = {}
    kept_rows: set[int] = set()
    sums: dict[tuple[int, int], Decimal] = {}   # (table header line, year) -> sum of the rows
    totals: dict[tuple[int, int], tuple[Record, str]] = {}
    gaps = 0

    def row(rec: Record) -> None:
        """The cells of a row of a report's table; the other tables' rows are settled below."""
        nonlocal gaps
        table = table_of[rec.line]
        if table not in read_tables:
            return
        name = rec.fields[0].strip() if rec.fields else ""
        values = _values(rec, table)
        gaps += sum(1 for v in values.values() if v is None)
        if TOTAL.fullmatch(name):
            level, place = "country", "PE"
            for (_, year), value in values.items():
                if value is not None:
                    totals[(table.header.line, year)] = (rec, number_text(value))
        else:
            level = table.level
            try:
                place = ctx.places.normalise(name.rstrip("*").strip(), level)
            except (UnknownPlace, AmbiguousPlace) as exc:
                raise RowRejected(table.header.fields[0].strip(), name, str(exc)) from None
            for (_, year), value in values.items():
                if value is not None:
                    sums[(table.header.line, year)] = sums.get((table.header.line, year), Decimal(0)) + value
        for (column, year), value in values.items():
            if value is None:
                continue
            if level == "country" and known is not None and year not in known.national:
                continue
            if known is not None and year in known.later.get(level, frozenset()):
                continue
            cell = Cell(table, rec, place, name, year, column, value)
            key = (level, place, year)
            first = cells.get(key)
            if first is None or table.report > first.table.report:
                if first is not None:
                    earlier.setdefault(key, []).append(first)
                cells[key] = cell
            else:
                earlier.setdefault(key, []).append(cell)

    each_row((rec for table in tables for rec in table.rows), tally, row, keep=False)
    rejected = {problem.line for problem in tally.rejected}
    if gaps:
        tally.notes.append(f"{gaps} cell(s) '-' (no figure) left as gaps")
    if known is not None and known.later:
        tally.notes.append("not read here: " + "; ".join(f"{level} {', '.join(map(str, sorted(years)))}"
                                                        for level, years in known.later.items())
                           + f" ({known.later_why})")
    if known is not None:
        tally.notes.append("total rows give national figures only for "
                           + (", ".join(map(str, sorted(known.national))) or "no year") + f" ({known.national_why})")
    observations: list[ObservationRow] = []
    for (level, place, year), c in sorted(cells.items(), key=lambda kv: (kv[1].record.line, kv[0][2])):
        kept_rows.add(c.record.line)
        observations.append(_observation(info, ctx, level, place, c, earlier.get((level, place, year), []),
                                         sums, totals))
    for table in tables:
        for rec in table.rows:
            if rec.line in kept_rows or rec.line in rejected:
                continue
            if table not in read_tables:
                tally.out(f"table of section '# {table.section}' ends in {max(table.years.values())}: "
                          "not that report's table")
            elif TOTAL.fullmatch(rec.fields[0].strip()):
                tally.out("total row: national figure given by another table or source")
            else:
                tally.out("every figure given by a later report")
    tally.kept = len(kept_rows)
    return tally, observations


def _tables(info: FileInfo, text: str) -> tuple[list[Table], int]:
    """The tables of the text (a header line and the rows below it, up to a blank line or a heading) and
    the number of other non-blank lines."""
    tables: list[Table] = []
    section: int | None = None
    current: tuple[Record, dict[int, int], str, str] | None = None
    rows: list[Record] = []
    prose = 0

    def close() -> None:
        if current is not None:
            header, years, level, kind = current
            report = section if section is not None else max(years.values())
            tables.append(Table(section, report, level, kind, header, years, list(rows)))

    for n, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        heading = SECTION.fullmatch(stripped)
        if not stripped or heading or stripped.startswith("#"):
            close()
            current, rows = None, []
            if heading:
                section = int(heading[1])
            elif stripped:
                prose += 1
            continue
        fields = next(csv.reader(io.StringIO(stripped)), [])
        record = Record(n, fields, stripped, n)
        first = squash(fields[0]) if fields else ""
        years = {i: int(f.strip()) for i, f in enumerate(fields) if YEAR.fullmatch(f.strip())}
        if first in FIRST_COLUMN and len(years) >= 2:
            close()
            level, kind = FIRST_COLUMN[first]
            for year in years.values():
                if year > info.downloaded.year:
                    raise FileRejected(info.name, n, str(year), str(year),
                                       f"a year up to {info.downloaded.year} (future year; downloaded "
                                       f"{info.downloaded})")
            current, rows = (record, years, level, kind), []
        elif current is not None:
            rows.append(record)
        else:
            prose += 1
    close()
    return tables, prose


def _report_tables(tables: list[Table], tally: Tally) -> list[Table]:
    """The tables that are their section's report: a table under `# YYYY` must end in YYYY."""
    good = []
    for table in tables:
        last = max(table.years.values())
        if table.section is None or table.section == last:
            good.append(table)
            continue
        copy = next((t for t in tables if t is not table and t.section == last
                     and [r.fields for r in t.rows] == [r.fields for r in table.rows]), None)
        tally.notes.append(f"section '# {table.section}' (line {table.header.line}): its table ends in {last}, "
                           + (f"a copy of section '# {copy.section}'" if copy else "not that report's table")
                           + f"; not read as {table.section} figures")
    return good


def _values(rec: Record, table: Table) -> dict[tuple[int, int], Decimal | None]:
    """(column, year) -> value, None for '-' or blank."""
    values: dict[tuple[int, int], Decimal | None] = {}
    width = max(table.years) + 1
    if len(rec.fields) < width:
        missing = table.header.fields[len(rec.fields)].strip()
        raise RowRejected(missing, str(len(rec.fields)), f"{width} fields or more like the header, got "
                                                         f"{len(rec.fields)}: the row ends before this column")
    for column, year in table.years.items():
        text = rec.fields[column].strip()
        values[(column, year)] = None if text in {"-", "–", ""} else parse_number(text, str(year))
    return values


def _observation(info: FileInfo, ctx: Context, level: str, place: str, c: Cell, earlier: list[Cell],
                 sums: dict[tuple[int, int], Decimal], totals: dict[tuple[int, int], tuple[Record, str]]
                 ) -> ObservationRow:
    table = c.table
    where = f"section '# {table.section}', " if table.section is not None else ""
    locator = (f"{where}{table.kind} (DEVIDA Monitoreo {table.report}), row {c.name.rstrip('*').strip()}, "
               f"col {c.year}")
    notes = [f"third-party transcription of the DEVIDA {table.report} report's {table.kind}"]
    if c.name.endswith("*"):
        notes.append("'*' footnote marker on the name, not explained in the transcription")
    others = sorted({(e.table.report, number_text(e.value)) for e in earlier})
    same = [str(report) for report, value in others if value == number_text(c.value)]
    differ = [f"{report} report {value}" for report, value in others if value != number_text(c.value)]
    if same:
        notes.append(f"same value in the {', '.join(same)} report's table")
    if differ:
        notes.append("earlier table(s) gave " + ", ".join(differ))
    total = totals.get((table.header.line, c.year))
    summed = sums.get((table.header.line, c.year))
    if level != "country" and total is not None and summed is not None and number_text(summed) != total[1]:
        notes.append(f"the table's col {c.year} sums to {number_text(summed)}, its total row says {total[1]}")
    if level == "country" and summed is not None and number_text(summed) != number_text(c.value):
        notes.append(f"the table's rows sum to {number_text(summed)}")
    return observation(
        ref=info.ref(c.record.line), indicator=INDICATOR, series=SERIES, geography_level=level, geography=place,
        period=str(c.year), value=number_text(c.value), unit=UNIT, source_id=info.source_id, locator=locator,
        verification=ctx.verification, value_as_published=c.record.fields[c.column].strip(),
        period_as_published=str(c.year), geography_as_published=c.name, note="; ".join(notes))
