"""Pieces every reader shares: decoding, dialect and header detection, column mapping, numbers and years,
the observation row, and the tally that accounts for every data row.

A data row ends in exactly one of three places: kept (it feeds the package), rejected (listed in the report
with file, line, column, value and reason) or out of scope (counted by reason, e.g. trade not involving
Peru). `Tally.check()` enforces rows in = kept + rejected + out of scope.
"""
from __future__ import annotations

import csv
import hashlib
import io
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path, PurePosixPath
from typing import Any, TypeVar

from etl.catalogue import repository_catalogue
from etl.ingest import download
from etl.places import PlaceIndex
from etl.problems import FileRejected, Problem, line_range, shown, size_text

DELIMITERS = (",", ";", "\t")
HEADER_SEARCH_LINES = 30
FIELD_LIMIT = 16 * 2**20      # a longer field is rejected with its row (csv's own limit is raised above it)
RAW_LIMIT = 2000              # characters of a rejected row kept in the report
csv.field_size_limit(2**31 - 1)
MOJIBAKE = re.compile("[ÃÂ][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
                      "\u2013-\u203a\u20ac\u2122]")

ObservationRow = dict[str, str]   # a row of observations.csv, column -> text
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


def squash(name: str) -> str:
    """Header key that ignores case, accents, spacing and punctuation: 'App.' -> 'app',
    'Netweight (kg)' and 'Netweightkg' -> 'netweightkg', 'HIDROGRAFÍA_ha' -> 'hidrografiaha'."""
    decomposed = unicodedata.normalize("NFKD", name.replace("\ufeff", ""))
    return re.sub(r"[^a-z0-9]", "", "".join(c for c in decomposed if not unicodedata.combining(c)).casefold())


# ---------------------------------------------------------------- decoding

def repair_mojibake(text: str) -> str | None:
    """UTF-8 read as Windows-1252 ('CaÃ±ete') back to 'Cañete'; None when the text is not that."""
    if not MOJIBAKE.search(text):
        return None
    try:
        fixed = text.encode("cp1252").decode("utf-8")
    except UnicodeError:
        return None
    return fixed if fixed != text else None


def decode_line(data: bytes) -> tuple[str, str]:
    """A line as text and how it was read: 'utf-8', 'cp1252' (Latin-1 accents) or 'repaired' (double-encoded)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "cp1252"
    fixed = repair_mojibake(text)
    return (fixed, "repaired") if fixed is not None else (text, "utf-8")


def decode(data: bytes, notes: list[str]) -> str:
    """A whole (small) file as text. BOMs are removed; a file that is not UTF-8 is read line by line,
    each line as UTF-8 or else Windows-1252, so a file that mixes both reads right. Every such step is noted."""
    if data.startswith(b"\xef\xbb\xbf"):
        notes.append("UTF-8 byte-order mark removed")
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        notes.append("read as UTF-16 (byte-order mark)")
        return data.decode("utf-16")
    lines = data.split(b"\n")
    how: Counter[str] = Counter()
    out = []
    for n, raw in enumerate(lines, start=1):
        text, kind = decode_line(raw)
        how[kind] += 1
        if kind != "utf-8" and how[kind] <= 5:
            notes.append(f"line {n}: " + ("not UTF-8, read as Windows-1252 (Latin-1)" if kind == "cp1252"
                                          else "double-encoded UTF-8 repaired"))
        out.append(text)
    for kind in ("cp1252", "repaired"):
        if how[kind] > 5:
            notes.append(f"... {how[kind]} lines in all {'read as Windows-1252' if kind == 'cp1252' else 'repaired'}")
    if b"\r\n" in data:
        notes.append("CRLF line endings")
    return "\n".join(out)


# ---------------------------------------------------------------- dialect and header

@dataclass
class Header:
    delimiter: str
    line: int                 # 1-based line of the header
    fields: list[str]
    title_lines: int          # non-empty lines above the header (titles, notes)

    def columns(self) -> dict[str, int]:
        return {squash(f): i for i, f in enumerate(self.fields) if squash(f)}


def split_fields(line: str, delimiter: str) -> list[str]:
    return next(csv.reader(io.StringIO(line, newline=""), delimiter=delimiter), [])


@dataclass
class Detected:
    """What detection found: the format and variant, where the header is and how the file is laid out."""
    format: str
    variant: str
    header: Header | None        # None for spreadsheets
    data_offset: int = 0         # byte offset of the first line below the header
    crlf: bool = False           # the header line ends in CRLF
    notes: list[str] = field(default_factory=list)



def find_header(lines: list[str], accepts: Callable[[set[str]], _V | None]) -> tuple[Header, _V] | None:
    """The first line (of the first HEADER_SEARCH_LINES) that `accepts` (squashed names -> a variant or None)
    recognises, under the delimiter that makes it so. Lines above it are title rows."""
    for index, line in enumerate(lines[:HEADER_SEARCH_LINES]):
        for delimiter in DELIMITERS:
            if delimiter not in line:
                continue
            fields = [f.strip() for f in split_fields(line.rstrip("\r"), delimiter)]
            variant = accepts({squash(f) for f in fields})
            if variant:
                titles = sum(1 for earlier in lines[:index] if earlier.strip())
                return Header(delimiter, index + 1, fields, titles), variant
    return None


def map_columns(header: Header, spec: Mapping[str, tuple[str, ...]], required: set[str],
                file: str) -> dict[str, int]:
    """Canonical column -> index, by squashed name, in any order. A missing required column rejects the file,
    naming every missing column and the columns the header has."""
    found = header.columns()
    twice = {key for key, n in Counter(squash(f) for f in header.fields).items() if n > 1}
    mapping = {}
    for canonical, names in spec.items():
        for name in names:
            if squash(name) in found:
                if squash(name) in twice:
                    raise FileRejected(file, header.line, name, header.delimiter.join(header.fields),
                                       "each column once (this one appears twice)")
                mapping[canonical] = found[squash(name)]
                break
    missing = sorted(required - set(mapping))
    if missing:
        raise missing_columns(file, header, [" or ".join(repr(n) for n in spec[m]) for m in missing])
    return mapping


def missing_columns(file: str, header: Header, missing: list[str], what: str = "") -> FileRejected:
    """A header that lacks columns a format needs: names the missing ones and lists the ones found."""
    found = ", ".join(f for f in header.fields if f.strip()) or "none"
    return FileRejected(file, header.line, "", header.delimiter.join(header.fields),
                        f"{what or 'a header'} with the column{'s' if len(missing) > 1 else ''} "
                        f"{', '.join(missing)} (missing; the columns found are: {found})")


def known_width(header: Header, known: Iterable[int]) -> int:
    """How many fields a row needs: up to the last column the format knows. Unknown columns after it (extra
    columns a user or a tool added to the header) may be missing from rows; they are ignored."""
    return max(known, default=len(header.fields) - 1) + 1


def ignored_columns(header: Header, known: Iterable[int]) -> str | None:
    """The note naming the header's columns the format does not know (they are not read), if any."""
    skip = set(known)
    names = [f.strip() for i, f in enumerate(header.fields) if i not in skip and f.strip()]
    return "ignored columns: " + ", ".join(names) if names else None


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


# ---------------------------------------------------------------- numbers and years

_PLAIN = re.compile(r"\d+(?:\.\d+)?|\.\d+")
_SCIENTIFIC = re.compile(r"\d+(?:\.\d+)?[eE][+-]?\d+")
_THOUSANDS_COMMA = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_THOUSANDS_DOT = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_DECIMAL_COMMA = re.compile(r"\d+,\d+")


def parse_number(text: str, column: str, delimiter: str = ",") -> Decimal | None:
    """A non-negative quantity, or None for a blank (a gap, never zero).

    Comma-separated files: '2,403.72' (thousands comma, necessarily quoted) and '1234.5'. Semicolon files
    (Spanish-locale exports): '1.234,5', '1234,5' and '1234.5'. Anything else is rejected, never guessed."""
    s = text.strip().replace("\u00a0", "").replace(" ", "")
    if not s:
        return None
    sign = ""
    if s[0] in "+-":
        sign, s = s[0], s[1:]
    if _PLAIN.fullmatch(s) or _SCIENTIFIC.fullmatch(s):
        number = s
    elif delimiter != ";" and _THOUSANDS_COMMA.fullmatch(s):
        number = s.replace(",", "")
    elif delimiter == ";" and _THOUSANDS_DOT.fullmatch(s):
        number = s.replace(".", "").replace(",", ".")
    elif delimiter == ";" and _DECIMAL_COMMA.fullmatch(s):
        number = s.replace(",", ".")
    else:
        raise RowRejected(column, text, "a number (non-numeric value)")
    try:
        value = Decimal(number)
    except InvalidOperation:
        raise RowRejected(column, text, "a number (non-numeric value)") from None
    if sign == "-" and value != 0:
        raise RowRejected(column, text, "a quantity of zero or more (negative value)")
    return value


def number_text(value: Decimal) -> str:
    """Plain decimal text for the sources layer: no exponent, no thousands separator."""
    text = format(value, "f")
    return text


def parse_year(text: str, column: str, downloaded: date, earliest: int = 1900) -> int:
    s = text.strip()
    if not re.fullmatch(r"\d{4}", s):
        raise RowRejected(column, text, "a four-digit year")
    year = int(s)
    if year > downloaded.year or year > date.today().year:
        raise RowRejected(column, text, f"a year up to {min(downloaded.year, date.today().year)} "
                                        f"(future year; downloaded {downloaded.isoformat()})")
    if year < earliest:
        raise RowRejected(column, text, f"a year from {earliest} on")
    return year


# ---------------------------------------------------------------- accounting

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


# ---------------------------------------------------------------- files and observations

@dataclass
class FileInfo:
    path: Path
    downloaded: date
    sha256: str = ""
    size: int = 0
    member: str = ""      # the CSV inside a zip archive (see download.py), '' for a file read as it is

    @property
    def name(self) -> str:
        return f"{self.path.name}:{PurePosixPath(self.member).name}" if self.member else self.path.name

    @property
    def source_id(self) -> str:
        return f"ingest-{self.sha256[:12]}"

    def ref(self, line: int) -> str:
        return f"ingest/{self.name}#L{line}"


def hash_file(info: FileInfo) -> bytes:
    """Read a small input whole, filling in its checksum and size (of the file as given, or of the zip member);
    returns its delimited text as bytes (gzip decompressed)."""
    data = download.stored_bytes(info.path, info.member)
    info.sha256, info.size = hashlib.sha256(data).hexdigest(), len(data)
    return download.unpack(info.name, data)


def observation(**values: str) -> ObservationRow:
    """A row of observations.csv (every contract column, blank unless given)."""
    columns = repository_catalogue().observation_columns
    row = {**dict.fromkeys(columns, ""), **values}
    if len(row) != len(columns):
        raise KeyError(f"not observation columns: {sorted(set(values) - set(columns))}")
    return row


@dataclass
class Context:
    """What every reader needs besides the file: the catalogue's places and vocabularies, how the figures
    are graded, and where to print progress."""
    places: PlaceIndex
    vocabularies: Mapping[str, Any]   # catalogue/vocabularies.yaml as read
    verification: str = "publisher_file"  # an ingested figure is never primary_checked
    year: int | None = None           # for files that carry no year (FishStat partner layout)
    progress: Callable[[str], None] | None = None
    options: Mapping[str, Any] = field(default_factory=dict)  # what a derivation asks of its reader (derived.yaml)


def load_text(info: FileInfo, notes: list[str]) -> str:
    """A small file, checksummed and decoded (see `decode`)."""
    return decode(hash_file(info), notes)


def file_rows(info: FileInfo, header: Header, tally: Tally) -> list[Record]:
    """Every data row of a small file below its header; blank lines counted in the notes, not as rows."""
    text = load_text(info, tally.notes)
    blank: Counter[str] = Counter()
    rows = list(records(text, header, blank))
    if blank:
        tally.notes.append(f"{blank['blank lines']} blank lines ignored")
    return rows
