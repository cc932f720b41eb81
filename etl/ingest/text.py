"""A file's text and its header: decoding (BOMs, Latin-1 lines, double-encoded UTF-8), the header line below any
title rows under `,`, `;` or tab, and the mapping of a format's columns, found by squashed name in any order."""
from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from etl.problems import FileRejected

DELIMITERS = (",", ";", "\t")
HEADER_SEARCH_LINES = 30
csv.field_size_limit(2**31 - 1)   # a long field is the row loop's to reject (rows.FIELD_LIMIT), not the parser's
MOJIBAKE = re.compile("[ÃÂ][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
                      "\u2013-\u203a\u20ac\u2122]")
_V = TypeVar("_V")


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
