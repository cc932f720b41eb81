"""Which reader a file needs, told from its header (or forced with --format).

The header may sit below title rows, use `,`, `;` or tab, carry a BOM, and list its columns in any order:
each reader's `accepts(names)` looks at the set of squashed column names only. A spreadsheet (xlsx) is
the Global Forest Watch country/subnational download.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from etl.ingest import cites, comtrade, fishstat, geobosque, gfw
from etl.ingest.common import FileRejected, Header, decode_line, find_header

READERS = {m.NAME: m for m in (cites, geobosque, gfw, fishstat, comtrade)}
HEAD_BYTES = 256 * 1024


@dataclass
class Detected:
    format: str
    variant: str
    header: Header | None        # None for spreadsheets
    data_offset: int = 0         # byte offset of the first line below the header
    crlf: bool = False           # the header line ends in CRLF
    notes: list[str] = field(default_factory=list)


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

    def accepts(names: set[str]):
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
    notes = []
    if header.title_lines:
        notes.append(f"{header.title_lines} title line(s) above the header (line {header.line}) skipped")
    if header.delimiter != ",":
        notes.append(f"separator {'tab' if header.delimiter == chr(9) else header.delimiter!r}")
    crlf = raw_lines[header.line - 1].endswith(b"\r")
    if crlf:
        notes.append("CRLF line endings")
    return Detected(name, variant, header, offset, crlf, notes)
