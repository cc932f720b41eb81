"""The rows of a file and what becomes of each: one loop (`each_row`) every reader's rows go through.

A data row ends in exactly one of three places: kept (it feeds the package), rejected (listed in the report
with file, line, column, value and reason) or out of scope (counted by reason, e.g. trade not involving
Peru). `Tally.check()` enforces rows in = kept + rejected + out of scope.
"""
from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from etl.ingest.files import FileInfo, load_text
from etl.ingest.text import Header
from etl.problems import Problem, line_range, shown, size_text

FIELD_LIMIT = 16 * 2**20      # a longer field is rejected with its row (csv's own limit is raised above it)
RAW_LIMIT = 2000              # characters of a rejected row kept in the report
_K = TypeVar("_K", bound=Hashable)
_V = TypeVar("_V")
_R = TypeVar("_R")
FirstRows = dict[_K, tuple[int, _V]]   # key -> (line, values) of the first row with that key: first_row


class RowRejected(ValueError):
    """A row cannot be used: the column and value at fault and why, 'expected ...' (`expected` says what the
    value should be) or another reason ('duplicate of line 3'). The row loop adds the file and the line."""

    def __init__(self, column: str, value: str, expected: str = "", *, reason: str = ""):
        self.column, self.value = column, value
        self.reason = reason or f"expected {expected}"
        super().__init__(self.reason)


class OutOfScope(Exception):
    """A row that is read but outside Vigía's scope (trade not involving Peru): counted under its reason."""

@dataclass
class Record:
    line: int
    fields: list[str]
    raw: str
    last: int = 0     # the line it ends on, when a quoted field holds line breaks
    unclosed: bool = False   # it runs to the end of the file inside a quoted field

    @property
    def lines(self) -> str:
        return line_range(self.line, self.last)


def records(text: str, header: Header, blank: Counter[str]) -> Iterator[Record]:
    """Data rows below the header, read by a CSV parser that respects quoting: a quoted field may hold line
    breaks, and such a record is one row spanning lines. Blank lines are not rows; they are counted in `blank`."""
    physical = text.split("\n")
    lines = len(physical) - (1 if physical[-1] == "" else 0)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=header.delimiter)
    start = 1
    for fields in reader:
        end = reader.line_num
        if start > header.line:
            if not any(f.strip() for f in fields):
                blank["blank lines"] += 1
            else:
                raw = "\n".join(p.rstrip("\r") for p in physical[start - 1:end])
                yield Record(start, fields, raw, end, unclosed=end >= lines and raw.count('"') % 2 == 1)
        start = end + 1


def cell(rec: Record, mapping: dict[str, int], name: str) -> str:
    """The stripped value of a mapped column ('' when the column is absent or the row is short)."""
    index = mapping.get(name)
    return rec.fields[index].strip() if index is not None and index < len(rec.fields) else ""


def check_width(rec: Record, width: int, needed: int | None = None, names: Sequence[str] = ()) -> None:
    """A row must have the header's number of fields: fewer is a truncated row (rejected, naming the first
    missing column), unless only unknown trailing columns are missing (`needed`: see `known_width`); extra
    empty trailing fields are tolerated. No field may be longer than FIELD_LIMIT."""
    n = len(rec.fields)
    if rec.unclosed:
        raise RowRejected("", shown(rec.raw), f"a closing quote: the quoted field opened on line {rec.line} is never "
                                              "closed (the record runs to the end of the file)")
    if n < (width if needed is None else min(needed, width)):
        column = names[n] if n < len(names) else ""
        raise RowRejected(column, str(n), f"{width} fields like the header, got {n}"
                          + (": the row ends before this column (truncated?)" if column else ""))
    if n > width and any(f.strip() for f in rec.fields[width:]):
        raise RowRejected("", str(n), f"{width} fields like the header, got {n}")
    if len(rec.raw) > FIELD_LIMIT:
        for i, f in enumerate(rec.fields):
            if len(f) > FIELD_LIMIT:
                raise RowRejected(names[i] if i < len(names) else "", f,
                                  f"a field of at most {FIELD_LIMIT // 2**20} MiB (this one is {size_text(len(f))})")


@dataclass
class Tally:
    """What became of a file's data rows: rows in = kept + rejected + out of scope (`check`)."""
    file: str
    rows_in: int = 0
    kept: int = 0
    rejected: list[Problem] = field(default_factory=list)
    out_of_scope: Counter[str] = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)

    def reject(self, rec: Record, column: str, value: str, reason: str, *, superseded: bool = False) -> None:
        raw = rec.raw if len(rec.raw) <= RAW_LIMIT else f"{rec.raw[:RAW_LIMIT]}… ({size_text(len(rec.raw))} in all)"
        self.rejected.append(Problem(self.file, rec.line, column, value, reason, rec.last, raw, superseded))

    def reject_error(self, rec: Record, error: RowRejected) -> None:
        self.reject(rec, error.column, error.value, error.reason)

    def out(self, reason: str, n: int = 1) -> None:
        if n:
            self.out_of_scope[reason] += n

    def skipped(self, n: int, reason: str) -> None:
        """Rows counted in and out of scope at once, never parsed (a scan found nothing of Peru in them)."""
        self.rows_in += n
        self.out(reason, n)

    def check(self) -> None:
        total = self.kept + len(self.rejected) + sum(self.out_of_scope.values())
        if total != self.rows_in:
            raise AssertionError(f"{self.file}: rows in {self.rows_in} != kept {self.kept} + rejected "
                                 f"{len(self.rejected)} + out of scope {sum(self.out_of_scope.values())}")

    def line(self) -> str:
        return (f"rows in {self.rows_in} = kept {self.kept} + rejected {len(self.rejected)} "
                f"+ out of scope {sum(self.out_of_scope.values())}")


def each_row(records: Iterable[Record], tally: Tally, read: Callable[[Record], _R], *, keep: bool = True) -> list[_R]:
    """The loop every reader's rows go through: each row is counted in, then `read` gives what the row gives, or
    raises OutOfScope (counted under its reason) or RowRejected (listed with its line, column and value). With
    `keep`, a row `read` returns is kept; without, the reader settles each one once it has seen them all
    (keeps it, rejects it or counts it out of scope: a duplicate across files, a partial department)."""
    given: list[_R] = []
    for rec in records:
        tally.rows_in += 1
        try:
            given.append(read(rec))
        except OutOfScope as exc:
            tally.out(str(exc))
        except RowRejected as exc:
            tally.reject_error(rec, exc)
        else:
            tally.kept += keep
    return given


def first_row(seen: FirstRows[_K, _V], key: _K, rec: Record, values: _V, what: str, column: str = "",
              value: str = "") -> None:
    """Remember the first row with `key`; a later one is rejected as a duplicate (same values) or as a conflicting
    second row for `what` (other values), naming the line it repeats."""
    if key not in seen:
        seen[key] = (rec.line, values)
        return
    first_line, first_values = seen[key]
    raise RowRejected(column, value, reason=f"duplicate of line {first_line}" if first_values == values else
                      f"second row for {what}: line {first_line} has other values")


def file_rows(info: FileInfo, header: Header, tally: Tally) -> list[Record]:
    """Every data row of a small file below its header; blank lines counted in the notes, not as rows."""
    text = load_text(info, tally.notes)
    blank: Counter[str] = Counter()
    rows = list(records(text, header, blank))
    if blank:
        tally.notes.append(f"{blank['blank lines']} blank lines ignored")
    return rows
