"""Which reader a file needs, told from its header (or forced with --format).

The header may sit below title rows, use `,`, `;` or tab, carry a BOM, and list its columns in any order:
each reader's `accepts(names)` looks at the set of squashed column names only. A spreadsheet (xlsx) is read
by the format whose format.yaml names one of its sheets (the Global Forest Watch country/subnational download).
The file is read as download.py hands it over (gzip decompressed, UTF-16 as UTF-8, one CSV of a zip at a
time); a file that is not text is refused saying what it looks like, and a header that comes close to a
format's but lacks columns is refused naming them.
"""
from __future__ import annotations

import re
from pathlib import Path

from etl.ingest.download import UTF16_BOMS, display_name, is_workbook, is_zip, open_data, reading, refuse_binary
from etl.ingest.formats import Format, formats
from etl.ingest.text import (
    DELIMITERS,
    HEADER_SEARCH_LINES,
    Detected,
    Header,
    decode_line,
    find_header,
    missing_columns,
    split_fields,
    squash,
)
from etl.problems import FileRejected

HEAD_BYTES = 256 * 1024


def detect(path: Path, forced: str | None = None, member: str = "") -> Detected:
    """The format of a file (or of one CSV in a zip archive, `member`): from its header, or forced."""
    name = display_name(path, member)
    candidates = [formats()[forced]] if forced else list(formats().values())
    with reading(name):
        if not member and is_zip(path):
            if not is_workbook(path):
                raise FileRejected(name, 0, "", None, "a zip archive: `python -m etl ingest` reads the CSVs in it")
            book = _workbook_format(path, [f for f in candidates if f.workbook])
            if book is None:
                known = " or ".join(f"a {f.workbook.title} workbook" for f in formats().values() if f.workbook)
                raise FileRejected(name, 0, "", "a spreadsheet", f"{known} (save other spreadsheets as CSV)")
            return book
        with open_data(path, member, transcode=False) as f:
            utf16 = f.peek(2)[:2] in UTF16_BOMS
        with open_data(path, member) as f:
            head = f.read(HEAD_BYTES)
    refuse_binary(name, head)
    raw_lines = head.split(b"\n")
    lines = [decode_line(raw)[0].replace("\ufeff", "") for raw in raw_lines[:60]]

    def accepts(names: set[str]) -> tuple[str, str] | None:
        for fmt in candidates:
            variant = fmt.reader.accepts(names)
            if variant:
                return fmt.name, variant
        return None

    found = find_header(lines, accepts)
    if found is None:
        near = _near_miss(lines, candidates)
        if near is not None:
            header, label, missing = near
            raise missing_columns(name, header, [repr(m) for m in missing], f"a {label} header")
        known = "a known format" if not forced else f"the {forced} format"
        raise FileRejected(name, 1, "", lines[0][:120] if lines else "",
                           f"a header line of {known} in the first {HEADER_SEARCH_LINES} lines "
                           f"({', '.join(f.title for f in formats().values())})")
    header, (format_name, variant) = found
    offset = sum(len(raw) + 1 for raw in raw_lines[:header.line])
    notes: list[str] = []
    if utf16:
        notes.append("read as UTF-16 (byte-order mark)")
    if header.title_lines:
        notes.append(f"{header.title_lines} title line(s) above the header (line {header.line}) skipped")
    if header.delimiter != ",":
        notes.append(f"separator {'tab' if header.delimiter == chr(9) else header.delimiter!r}")
    crlf = raw_lines[header.line - 1].endswith(b"\r")
    if crlf:
        notes.append("CRLF line endings")
    return Detected(format_name, variant, header, offset, crlf, notes)


def _near_miss(lines: list[str], candidates: list[Format]) -> tuple[Header, str, list[str]] | None:
    """The header line that comes closest to a format's (at least two of its telling columns, and half of
    them): the line, the layout, and the columns it lacks."""
    best: tuple[tuple[float, int], Header, str, list[str]] | None = None
    for index, line in enumerate(lines[:HEADER_SEARCH_LINES]):
        for delimiter in DELIMITERS:
            if delimiter not in line:
                continue
            fields = [f.strip() for f in split_fields(line.rstrip("\r"), delimiter)]
            names = {squash(f) for f in fields}
            for fmt in candidates:
                for label, columns in fmt.layouts.items():
                    missing = [c for c in columns if not _has(names, c)]
                    have = len(columns) - len(missing)
                    score = (have / len(columns), have)
                    if missing and have >= 2 and 2 * have >= len(columns) and (best is None or score > best[0]):
                        titles = sum(1 for earlier in lines[:index] if earlier.strip())
                        best = (score, Header(delimiter, index + 1, fields, titles), label, missing)
    return None if best is None else best[1:]


def _has(names: set[str], column: str) -> bool:
    pattern = re.escape(squash(column)).replace("yyyy", r"\d{4}")
    return any(re.fullmatch(pattern, n) for n in names)


def _workbook_format(path: Path, books: list[Format]) -> Detected | None:
    """The format whose workbook has a sheet of this one's (sheet names compared squashed)."""
    from openpyxl import load_workbook
    try:
        book = load_workbook(path, read_only=True)
    except Exception:  # not a readable workbook: of no format
        return None
    try:
        sheets = {squash(name) for name in book.sheetnames}
    finally:
        book.close()
    for fmt in books:
        if fmt.workbook and sheets & {squash(sheet) for sheet in fmt.workbook.sheets}:
            return Detected(fmt.name, fmt.workbook.variant, None)
    return None
