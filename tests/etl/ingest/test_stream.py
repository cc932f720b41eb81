"""etl/ingest/stream.py: the block-wise scan of a large file hands back the lines with a field that is Peru
(whole fields only, in UTF-8 or Windows-1252), counts every other line as a row, and checksums the file."""
from __future__ import annotations

import hashlib

import pytest

from etl.ingest import stream
from etl.ingest.stream import Scanner

HEADER = "Importer,Exporter,Quantity\n"
ROWS = ("US,PE,1\n"       # 2
        "US,CN,2\n"       # 3
        "\n"              # 4 blank: not a row
        "PERCH,CN,3\n"    # 5 starts with PE but is not Peru
        '"Perú",x,4\n'    # 6
        "x,pe,5\n"        # 7 lower-case code (searched for in small files only)
        "SPEC,PEN,6\n"    # 8
        "x,Peru,7")       # 9 no final newline
PERU_LINES = [(2, "US,PE,1"), (6, '"Perú",x,4'), (7, "x,pe,5"), (9, "x,Peru,7")]


def scan(path, header: str, **options) -> tuple[Scanner, list]:
    scanner = Scanner(path, len(header.encode()), 2, ",", **options)
    return scanner, list(scanner.candidates())


@pytest.mark.parametrize("block", [stream.BLOCK, 7], ids=["one block", "7-byte blocks"])
def test_only_lines_with_a_peru_field_are_handed_back_and_every_line_is_counted(tmp_path, monkeypatch, block):
    monkeypatch.setattr(stream, "BLOCK", block)
    data = (HEADER + ROWS).encode()
    path = tmp_path / "bulk.csv"
    path.write_bytes(data)
    scanner, lines = scan(path, HEADER)
    assert lines == PERU_LINES
    assert (scanner.rows_in, scanner.blank, scanner.candidates_seen) == (7, 1, 4)
    assert (scanner.sha256, scanner.size) == (hashlib.sha256(data).hexdigest(), len(data))


def test_windows_1252_and_crlf_files_read_the_same(tmp_path):
    header = HEADER.replace("\n", "\r\n")
    path = tmp_path / "latin1.csv"
    path.write_bytes((header + ROWS.replace("\n", "\r\n")).encode("cp1252"))
    scanner, lines = scan(path, header, crlf=True)
    assert lines == PERU_LINES and (scanner.rows_in, scanner.blank) == (7, 1)


def test_large_files_skip_the_slower_lower_case_search(tmp_path, monkeypatch):
    monkeypatch.setattr(stream, "SMALL_FILE", 0)
    path = tmp_path / "bulk.csv"
    path.write_bytes((HEADER + ROWS).encode())
    scanner, lines = scan(path, HEADER)
    assert lines == [line for line in PERU_LINES if line[0] != 7] and scanner.rows_in == 7


def test_progress_is_reported_on_large_files_only(tmp_path, monkeypatch):
    path = tmp_path / "bulk.csv"
    path.write_bytes((HEADER + ROWS + "\n").encode())
    quiet = []
    scan(path, HEADER, progress=quiet.append)
    monkeypatch.setattr(stream, "PROGRESS_MIN_BYTES", 0)
    shown = []
    scan(path, HEADER, progress=shown.append)
    assert quiet == [] and len(shown) == 1 and shown[0].startswith("  bulk.csv: 100% of 0 MiB")
