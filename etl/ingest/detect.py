"""Which reader a file needs, told from its header (or forced with --format).

The header may sit below title rows, use `,`, `;` or tab, carry a BOM, and list its columns in any order:
each reader's `accepts(names)` looks at the set of squashed column names only. A spreadsheet (xlsx) is
the Global Forest Watch country/subnational download.
"""
from __future__ import annotations

from pathlib import Path
from typing import Protocol

from etl.ingest import cites, comtrade, fishstat, geobosque, gfw
from etl.ingest.common import (
    Context,
    Detected,
    FileInfo,
    FileRejected,
    ObservationRow,
    Tally,
    decode_line,
    find_header,
)

HEAD_BYTES = 256 * 1024


class Reader(Protocol):
    """A reader module, as detection and the source records use it."""
    NAME: str
    SOURCE: dict[str, str]

    def accepts(self, names: set[str]) -> str | None: ...


class FileReader(Reader, Protocol):
    """A reader of small files, read whole: every format but CITES (streamed, then combined across files)."""

    def read(self, info: FileInfo, detected: Detected, ctx: Context) -> tuple[Tally, list[ObservationRow]]: ...


_FILE_READERS: tuple[FileReader, ...] = (geobosque, gfw, fishstat, comtrade)
FILE_READERS = {m.NAME: m for m in _FILE_READERS}
READERS: dict[str, Reader] = {cites.NAME: cites, **FILE_READERS}


def detect(path: Path, forced: str | None = None) -> Detected:
    with path.open("rb") as f:
        head = f.read(HEAD_BYTES)
    candidates = [READERS[forced]] if forced else list(READERS.values())
    if head.startswith(b"PK\x03\x04"):
        for module in candidates:
            variant = getattr(module, "accepts_workbook", lambda p: None)(path)
            if variant:
                return Detected(module.NAME, variant, None)
        raise FileRejected(path.name, 0, "", "a spreadsheet", "a Global Forest Watch tree cover loss workbook")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        # UTF-16 ('Unicode text' from Excel): small files are decoded whole by the readers; the streamed
        # CITES reader searches bytes and cannot read it, so it says so instead of finding no Peru rows.
        text = head[:len(head) // 2 * 2].decode("utf-16", errors="replace")
        lines = text.split("\n")
        raw_lines = [line.encode("utf-16-le") for line in lines]
    else:
        raw_lines = head.split(b"\n")
        lines = [decode_line(raw)[0].replace("\ufeff", "") for raw in raw_lines[:60]]

    def accepts(names: set[str]) -> tuple[str, str] | None:
        for module in candidates:
            variant = module.accepts(names)
            if variant:
                return module.NAME, variant
        return None

    found = find_header(lines, accepts)
    if found is None:
        known = "a known format" if not forced else f"the {forced} format"
        raise FileRejected(path.name, 1, "", lines[0][:120] if lines else "",
                           f"a header line of {known} in the first 30 lines (CITES comparative tabulation or bulk "
                           "file, MINAM Geobosque, Global Forest Watch, FAO FishStat, UN Comtrade)")
    header, (name, variant) = found
    if name == "cites" and head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileRejected(path.name, header.line, "", "UTF-16", "a UTF-8 or Windows-1252 file (save the CITES "
                           "export as CSV UTF-8; UTF-16 cannot be streamed)")
    offset = sum(len(raw) + 1 for raw in raw_lines[:header.line])
    notes: list[str] = []
    if header.title_lines:
        notes.append(f"{header.title_lines} title line(s) above the header (line {header.line}) skipped")
    if header.delimiter != ",":
        notes.append(f"separator {'tab' if header.delimiter == chr(9) else header.delimiter!r}")
    crlf = raw_lines[header.line - 1].endswith(b"\r")
    if crlf:
        notes.append("CRLF line endings")
    return Detected(name, variant, header, offset, crlf, notes)
