"""Stream a large delimited file in blocks and hand back only the lines that can involve Peru.

The CITES bulk download is tens of millions of rows in files of 500,000; the Peru rows are a small share.
Each block is searched for a field equal to a Peru code or name with `bytes.find` (C speed); only those
lines are decoded and parsed. Every other non-blank line is counted as a row, out of scope ("trade not
involving Peru"), so rows in = kept + rejected + out of scope still holds. Memory stays at one block.
The checksum is computed in the same pass.
"""
from __future__ import annotations

import hashlib
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from etl.ingest.common import decode_line

BLOCK = 8 * 1024 * 1024
PROGRESS_MIN_BYTES = 32 * 1024 * 1024
# A field holding Peru: 'PE' (also finds 'PERU', 'PERÚ'), 'Peru' and 'Perú' in UTF-8 or Windows-1252. Files under
# SMALL_FILE bytes are also searched for a lower-case or mixed-case code ('pe', 'Pe') at a field start; in larger
# files (the bulk release, always upper-case codes) those slower searches are skipped. Each hit is checked as a
# whole field.
SMALL_FILE = 32 * 1024 * 1024
PERU_FIELDS = {b"PE", b"PERU", *("PERÚ".encode(e) for e in ("utf-8", "cp1252")),
               *("Perú".encode(e).upper() for e in ("utf-8", "cp1252"))}


def to_stderr(text: str) -> None:
    """Progress printer that worker processes can use (a plain function pickles; a lambda does not)."""
    print(text, file=sys.stderr, flush=True)


class Scanner:
    """`candidates()` yields (line number, text) of lines with a Peru field; counts every other line."""

    def __init__(self, path: Path, data_offset: int, first_data_line: int, delimiter: str, crlf: bool = False,
                 progress: Callable[[str], None] | None = None):
        self.path, self.offset, self.first_line = path, data_offset, first_data_line
        self.delimiter = delimiter.encode()
        self.progress = progress
        self.crlf = crlf
        self.rows_in = 0
        self.blank = 0
        self.candidates_seen = 0
        self.sha256 = ""
        self.size = 0
        self.tokens: tuple[bytes, ...] = (b"PE", b"Peru", "Perú".encode(), "Perú".encode("cp1252"))
        if path.stat().st_size < SMALL_FILE:
            self.tokens += (self.delimiter + b"pe", self.delimiter + b"Pe", b'"pe', b'"Pe')

    def candidates(self) -> Iterator[tuple[int, str]]:
        hasher = hashlib.sha256()
        total = self.path.stat().st_size
        started = time.perf_counter()
        next_report = 0.1
        line_no = self.first_line
        with self.path.open("rb") as f:
            head = f.read(self.offset)
            hasher.update(head)
            done = len(head)
            carry = b""
            while True:
                block = f.read(BLOCK)
                if block:
                    hasher.update(block)
                    done += len(block)
                    data = carry + block
                    cut = data.rfind(b"\n") + 1
                    if cut == 0:
                        carry = data
                        continue
                    chunk, carry = data[:cut], data[cut:]
                else:
                    chunk, carry = carry, b""
                    if not chunk:
                        break
                yield from self._chunk(chunk, line_no)
                line_no += chunk.count(b"\n")
                if self.progress and total >= PROGRESS_MIN_BYTES and done / total >= next_report:
                    self.progress(f"  {self.path.name}: {done / total:4.0%} of {total / 2**20:.0f} MiB, "
                                  f"{time.perf_counter() - started:.1f} s")
                    next_report += 0.1
                if not block:
                    break
        self.sha256, self.size = hasher.hexdigest(), done

    def _chunk(self, chunk: bytes, line_no: int) -> Iterator[tuple[int, str]]:
        lines = chunk.count(b"\n") + (0 if chunk.endswith(b"\n") else 1)
        blank = _count_blank(chunk, self.crlf)
        self.blank += blank
        self.rows_in += lines - blank
        starts: set[int] = set()
        d = self.delimiter
        for token in self.tokens:
            pos = chunk.find(token)
            while pos >= 0:
                begin = max(chunk.rfind(d, 0, pos + 1), chunk.rfind(b"\n", 0, pos + 1)) + 1
                if token[:1] in (d, b'"'):
                    begin = pos + 1
                end = chunk.find(d, pos + 1)
                newline = chunk.find(b"\n", pos)
                if end < 0 or (0 <= newline < end):
                    end = newline if newline >= 0 else len(chunk)
                if chunk[begin:end].strip(b' "\r').upper() in PERU_FIELDS:
                    starts.add(chunk.rfind(b"\n", 0, begin) + 1)
                pos = chunk.find(token, end)
        last_pos, last_line = 0, line_no
        for start in sorted(starts):
            last_line += chunk.count(b"\n", last_pos, start)
            last_pos = start
            end = chunk.find(b"\n", start)
            raw = chunk[start:end if end >= 0 else len(chunk)].rstrip(b"\r")
            text, _ = decode_line(raw)
            self.candidates_seen += 1
            yield last_line, text


def _count_blank(chunk: bytes, crlf: bool) -> int:
    """Empty lines, in the file's own line ending (one search per block)."""
    pattern = b"\n\r\n" if crlf else b"\n\n"
    n = 1 if chunk.startswith(pattern[1:]) else 0
    pos = chunk.find(pattern)
    while pos >= 0:
        n += 1
        pos = chunk.find(pattern, pos + 1)
    return n
