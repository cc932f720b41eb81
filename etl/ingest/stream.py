"""Stream a large delimited file in blocks and hand back only the records that can involve Peru, or that are
malformed.

The CITES bulk download is tens of millions of rows in files of 500,000; the Peru rows are a small share.
Each block is searched for a field equal to a Peru code or name with `bytes.find` (C speed); only those
records are decoded and parsed. Every other record is counted as a row, out of scope ("trade not involving
Peru"), so rows in = kept + rejected + out of scope still holds. Memory stays at one block (or one record,
when a record is longer). The checksum is computed in the same pass when the file is read as it is.

Records are what a CSV parser that respects quoting reads: a quoted field may hold the delimiter or line
breaks, and such a record is one row spanning lines. A block without a quote character is split at every
line break; a block with quotes is split the same way when no quoted part holds a line break and its
delimiters add up, and is otherwise parsed by the csv module record by record.

Besides the Peru records, the scan hands back every record with fewer fields than the header needs (a
truncated row: the reader rejects it, since its Peru field may be the one cut off) and every record longer
than FIELD_LIMIT (the reader checks its fields), and every record with extra non-empty fields. The rows of a
block are checked at once: its delimiters and line breaks alone (`bytes.translate`, C speed) must be the
header's delimiters and a line break, repeated once per row; only a block where they are not is looked at
row by row. A record that runs over RECORD_LIMIT (a quote never closed) is refused by the scan itself, with
its lines, without holding it in memory.
"""
from __future__ import annotations

import csv
import hashlib
import re
import sys
import time
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from etl.ingest.download import Stream, display_name, is_plain, open_data, reading
from etl.ingest.rows import FIELD_LIMIT
from etl.ingest.text import decode_line
from etl.problems import line_range

BLOCK = 8 * 1024 * 1024
RECORD_LIMIT = 4 * FIELD_LIMIT
PROGRESS_MIN_BYTES = 32 * 1024 * 1024
# A field holding Peru: 'PE' (also finds 'PERU', 'PERÚ'), 'Peru' and 'Perú' in UTF-8 or Windows-1252. Files under
# SMALL_FILE bytes are also searched for a lower-case or mixed-case code ('pe', 'Pe') at a field start; in larger
# files (the bulk release, always upper-case codes) those slower searches are skipped. Each hit is checked as a
# whole field.
SMALL_FILE = 32 * 1024 * 1024
PERU_FIELDS = {b"PE", b"PERU", *("PERÚ".encode(e) for e in ("utf-8", "cp1252")),
               *("Perú".encode(e).upper() for e in ("utf-8", "cp1252"))}
PERU_TOKENS = re.compile(b"PE|Per")   # 'Per' finds 'Peru' and 'Perú' in either encoding; one pass over a block


def to_stderr(text: str) -> None:
    """Progress printer that worker processes can use (a plain function pickles; a lambda does not)."""
    print(text, file=sys.stderr, flush=True)


class Candidate(NamedTuple):
    """A record handed back to the reader: the lines it spans and its text."""
    line: int
    last: int
    text: str


@dataclass
class Refused:
    """A record the scan itself rejects (it runs over RECORD_LIMIT): never held whole in memory."""
    line: int
    last: int
    reason: str
    preview: str

    @property
    def lines(self) -> str:
        return line_range(self.line, self.last)


class Scanner:
    """`candidates()` yields the records with a Peru field, the truncated and the very long ones; counts every
    other record. `width` is the header's number of fields and `needed` how many a row must have (0: no check)."""

    def __init__(self, path: Path, data_offset: int, first_data_line: int, delimiter: str, crlf: bool = False,
                 progress: Callable[[str], None] | None = None, *, member: str = "", width: int = 0,
                 needed: int = 0):
        self.path, self.member, self.offset, self.first_line = path, member, data_offset, first_data_line
        self.delimiter = delimiter.encode()
        self.progress = progress
        self.crlf = crlf
        self.width, self.needed = width, min(needed or width, width)
        self._shape = self.delimiter * (width - 1) + b"\n"     # a well-formed row, delimiters and line break only
        self._not_shape = bytes(b for b in range(256) if b not in self._shape)
        self.rows_in = 0
        self.blank = 0
        self.candidates_seen = 0
        self.refused: list[Refused] = []
        self.sha256 = ""
        self.size = 0          # bytes read (of the file as it is, when it is read as it is)
        self._hasher: Any = None
        self.tokens: tuple[bytes, ...] = ()   # searched one by one, in a small file only
        if path.stat().st_size < SMALL_FILE:
            self.tokens = (self.delimiter + b"pe", self.delimiter + b"Pe", b'"pe', b'"Pe')

    def candidates(self) -> Iterator[Candidate]:
        with reading(display_name(self.path, self.member)):
            yield from self._scan()

    def _read(self, f: Stream, n: int) -> bytes:
        data = f.read(n)
        self.size += len(data)
        if self._hasher:
            self._hasher.update(data)
        return data

    def _scan(self) -> Iterator[Candidate]:
        self._hasher = hashlib.sha256() if is_plain(self.path, self.member) else None
        total = self.path.stat().st_size
        started = time.perf_counter()
        next_report = 0.1
        line_no = self.first_line
        self.size = 0
        with open_data(self.path, self.member) as f:
            self._read(f, self.offset)
            carry = b""
            waiting = -1   # quote parity of a carried record the csv parser found incomplete (-1: none)
            while True:
                block = self._read(f, BLOCK)
                if block:
                    if waiting >= 0:   # the carried record goes on: parse again only once it may end
                        end, waiting = _first_boundary(block, waiting)
                        carry += block
                        if end < 0:
                            if len(carry) > RECORD_LIMIT:
                                carry, line_no = self._refuse(f, carry, line_no, waiting)
                                waiting = -1
                            continue
                        waiting = -1
                        data = carry
                    else:
                        data = carry + block if carry else block
                    cut = data.rfind(b"\n") + 1
                    if cut == 0:
                        carry = data
                        if len(carry) > RECORD_LIMIT:
                            carry, line_no = self._refuse(f, carry, line_no, carry.count(b'"') % 2)
                        continue
                    chunk, carry = data[:cut], data[cut:]
                else:
                    chunk, carry = carry, b""
                    if not chunk:
                        break
                found, used, newlines = self._chunk(chunk, line_no, final=not block)
                yield from found
                line_no += newlines
                if used < len(chunk):   # a record the block cut: carried to the next block
                    carry = chunk[used:] + carry
                    waiting = carry.count(b'"') % 2
                    if len(carry) > RECORD_LIMIT:
                        carry, line_no = self._refuse(f, carry, line_no, waiting)
                        waiting = -1
                if self.progress and total >= PROGRESS_MIN_BYTES and self.size / max(total, 1) >= next_report:
                    self.progress(f"  {self.path.name}: {min(self.size / max(total, 1), 1):4.0%} of "
                                  f"{total / 2**20:.0f} MiB, {time.perf_counter() - started:.1f} s")
                    next_report += 0.1
                if not block:
                    break
        if self._hasher:
            self.sha256 = self._hasher.hexdigest()

    # ------------------------------------------------------------ one block of whole records

    def _chunk(self, chunk: bytes, line_no: int, final: bool) -> tuple[list[Candidate], int, int]:
        """The candidates of a block of records, how many of its bytes were used (less than all when the csv
        parser finds that the block ends inside a record) and how many line breaks those hold."""
        quoted = b'"' in chunk
        outside = chunk
        if quoted:
            parts = chunk.split(b'"')
            if len(parts) % 2 == 0 or b"\n" in b"".join(parts[1::2]):
                found, used = self._parsed(chunk, line_no, final)
                return found, used, chunk.count(b"\n", 0, used)
            outside = b"".join(parts[0::2])
        if not self.width:
            return self._lines(chunk, line_no, chunk.count(b"\n"), True), len(chunk), chunk.count(b"\n")
        # the delimiters and line breaks alone: a well-formed block is the header's, once per row
        shape = outside.translate(None, self._not_shape)
        newlines = shape.count(b"\n")
        expected = self._shape * newlines + (b"" if chunk.endswith(b"\n") else self._shape[:-1])
        if quoted and shape != expected:
            found, used = self._parsed(chunk, line_no, final)
            return found, used, chunk.count(b"\n", 0, used)
        return self._lines(chunk, line_no, newlines, shape == expected), len(chunk), newlines

    def _lines(self, chunk: bytes, line_no: int, newlines: int, well_formed: bool) -> list[Candidate]:
        """A block whose records are its lines (no quoted line break); `well_formed`: every line has the header's
        fields (else each line is looked at)."""
        # a blank line has no delimiter: a well-formed block of a header with several fields has none
        blank = 0 if well_formed and self.width > 1 else _count_blank(chunk, self.crlf)
        self.blank += blank
        self.rows_in += newlines + (0 if chunk.endswith(b"\n") else 1) - blank
        starts: set[int] = set()
        if not well_formed:
            pos = 0
            for line in chunk.split(b"\n"):
                if self._malformed(line.rstrip(b"\r")):
                    starts.add(pos)
                pos += len(line) + 1
        if len(chunk) > FIELD_LIMIT:
            pos = 0
            for line in chunk.split(b"\n"):
                if len(line) > FIELD_LIMIT:
                    starts.add(pos)
                pos += len(line) + 1
        for begin in self._hits(chunk):
            starts.add(chunk.rfind(b"\n", 0, begin) + 1)
        found = []
        last_pos, last_line = 0, line_no
        for start in sorted(starts):
            last_line += chunk.count(b"\n", last_pos, start)
            last_pos = start
            end = chunk.find(b"\n", start)
            found.append(self._candidate(chunk[start:end if end >= 0 else len(chunk)], last_line))
        return found

    def _malformed(self, line: bytes) -> bool:
        """A line (no quoted part) with too few fields, or extra fields that are not empty."""
        if not line:
            return False
        extra = line.count(self.delimiter) - (self.width - 1)
        return extra < self.needed - self.width or (extra > 0 and not line.endswith(self.delimiter * extra))

    def _parsed(self, chunk: bytes, line_no: int, final: bool) -> tuple[list[Candidate], int]:
        """A block with quoted line breaks (or fields that do not add up), parsed by the csv module."""
        text = chunk.decode("latin-1")   # one character per byte: offsets are byte offsets
        physical = text.split("\n")
        if physical and physical[-1] == "":
            physical.pop()
        offsets = [0] * (len(physical) + 1)
        for i, line in enumerate(physical):
            offsets[i + 1] = offsets[i] + len(line) + 1
        exhausted = False

        def feed() -> Iterator[str]:
            nonlocal exhausted
            for line in physical:
                yield line + "\n"
            exhausted = True

        reader = csv.reader(feed(), delimiter=self.delimiter.decode())
        record_starts: list[int] = []   # line index where each whole record starts
        flagged: set[int] = set()       # indexes of records handed back whatever their content
        used_lines = 0
        for fields in reader:
            end = reader.line_num
            if exhausted and not final:
                break   # cut by the end of the block: parsed again with the next one
            if exhausted and text[offsets[used_lines]:].count('"') % 2:
                self.rows_in += 1
                self.refused.append(Refused(
                    line_no + used_lines, line_no + end - 1, "a closing quote: the quoted field opened here is "
                    "never closed (the record runs to the end of the file)",
                    decode_line(chunk[offsets[used_lines]:offsets[used_lines] + 200])[0]))
                used_lines = end
                break
            if not fields:
                self.blank += 1
            else:
                self.rows_in += 1
                record_starts.append(used_lines)
                if self.width and (len(fields) < self.needed or any(f.strip() for f in fields[self.width:])) or \
                        offsets[end] - offsets[used_lines] > FIELD_LIMIT:
                    flagged.add(len(record_starts) - 1)
            used_lines = end
        used = offsets[used_lines] if used_lines < len(offsets) else len(chunk)
        byte_starts = [offsets[i] for i in record_starts]
        for begin in self._hits(chunk[:used]):
            index = bisect_right(byte_starts, begin) - 1
            if index >= 0:
                flagged.add(index)
        found = []
        for index in sorted(flagged):
            first = record_starts[index]
            stop = record_starts[index + 1] if index + 1 < len(record_starts) else used_lines
            raw = chunk[offsets[first]:offsets[stop] - 1] if stop > first else b""
            found.append(self._candidate(raw, line_no + first))
        return found, min(used, len(chunk))

    def _hits(self, chunk: bytes) -> set[int]:
        """Where a field equal to a Peru code or name begins."""
        begins: set[int] = set()
        d = self.delimiter
        stops = (d[0], 10)   # the delimiter or a line break
        skip = 0             # the end of the last field looked at: its other hits say the same
        for hit in PERU_TOKENS.finditer(chunk):
            pos = hit.start()
            if pos < skip:
                continue
            if chunk[pos + 1] == 69 and (pos == 0 or chunk[pos - 1] in stops) and \
                    chunk[pos + 2:pos + 3] in (d, b"\n"):   # 'PE' as a whole field, unquoted: the common case
                begins.add(pos)
                continue
            begin, skip = self._field(chunk, pos, pos + 1)
            if chunk[begin:skip].strip(b' "\r').upper() in PERU_FIELDS:
                begins.add(begin)
        for token in self.tokens:
            pos = chunk.find(token)
            while pos >= 0:
                begin, end = self._field(chunk, pos, pos + 1)
                begin = pos + 1   # the token starts with the delimiter or a quote
                if chunk[begin:end].strip(b' "\r').upper() in PERU_FIELDS:
                    begins.add(begin)
                pos = chunk.find(token, end)
        return begins

    def _field(self, chunk: bytes, pos: int, after: int) -> tuple[int, int]:
        """The start and end of the field holding position `pos` (its end searched from `after` on)."""
        d = self.delimiter
        begin = max(chunk.rfind(d, 0, pos + 1), chunk.rfind(b"\n", 0, pos + 1)) + 1
        end = chunk.find(d, after)
        newline = chunk.find(b"\n", pos)
        if end < 0 or (0 <= newline < end):
            end = newline if newline >= 0 else len(chunk)
        return begin, end

    def _candidate(self, raw: bytes, line: int) -> Candidate:
        text, _ = decode_line(raw.rstrip(b"\r"))
        self.candidates_seen += 1
        return Candidate(line, line + raw.count(b"\n"), text)

    # ------------------------------------------------------------ a record over RECORD_LIMIT

    def _refuse(self, f: Stream, carry: bytes, line_no: int, parity: int) -> tuple[bytes, int]:
        """Read on to the end of an over-long record (a line break outside quotes), refuse it, and return what
        follows it and the line it starts on."""
        lines = carry.count(b"\n")
        preview = decode_line(carry[:200])[0]
        size = len(carry)
        rest = b""
        while True:
            block = self._read(f, BLOCK)
            if not block:
                break
            end, parity = _first_boundary(block, parity)
            if end >= 0:
                lines += block.count(b"\n", 0, end)
                size += end
                rest = block[end + 1:]
                break
            lines += block.count(b"\n")
            size += len(block)
        self.rows_in += 1
        reason = (f"fields of at most {FIELD_LIMIT // 2**20} MiB: this record runs over {size / 2**20:.0f} MiB"
                  + (" (a quote that is never closed?)" if parity or not rest else ""))
        self.refused.append(Refused(line_no, line_no + lines, reason, preview))
        return rest, line_no + lines + 1


def _first_boundary(block: bytes, parity: int) -> tuple[int, int]:
    """(position of the first line break outside quotes or -1, quote parity after the block or at that break),
    the quote parity at the block's start being `parity` (1: inside a quoted field)."""
    if b'"' not in block:
        return (block.find(b"\n") if parity == 0 else -1), parity
    pos = 0
    parts = block.split(b'"')
    for i, segment in enumerate(parts):
        if (i + parity) % 2 == 0:
            j = segment.find(b"\n")
            if j >= 0:
                return pos + j, 0
        pos += len(segment) + 1
    return -1, (parity + len(parts) - 1) % 2


def _count_blank(chunk: bytes, crlf: bool) -> int:
    """Empty lines, in the file's own line ending (one search per block)."""
    pattern = b"\n\r\n" if crlf else b"\n\n"
    n = 1 if chunk.startswith(pattern[1:]) else 0
    pos = chunk.find(pattern)
    while pos >= 0:
        n += 1
        pos = chunk.find(pattern, pos + 1)
    return n
