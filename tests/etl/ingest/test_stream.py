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
    assert [(c.line, c.text) for c in lines] == PERU_LINES
    assert (scanner.rows_in, scanner.blank, scanner.candidates_seen) == (7, 1, 4)
    assert (scanner.sha256, scanner.size) == (hashlib.sha256(data).hexdigest(), len(data))


def test_windows_1252_and_crlf_files_read_the_same(tmp_path):
    header = HEADER.replace("\n", "\r\n")
    path = tmp_path / "latin1.csv"
    path.write_bytes((header + ROWS.replace("\n", "\r\n")).encode("cp1252"))
    scanner, lines = scan(path, header, crlf=True)
    assert [(c.line, c.text) for c in lines] == PERU_LINES and (scanner.rows_in, scanner.blank) == (7, 1)


def test_large_files_skip_the_slower_lower_case_search(tmp_path, monkeypatch):
    monkeypatch.setattr(stream, "SMALL_FILE", 0)
    path = tmp_path / "bulk.csv"
    path.write_bytes((HEADER + ROWS).encode())
    scanner, lines = scan(path, HEADER)
    assert [(c.line, c.text) for c in lines] == [line for line in PERU_LINES if line[0] != 7]
    assert scanner.rows_in == 7


def test_progress_is_reported_on_large_files_only(tmp_path, monkeypatch):
    path = tmp_path / "bulk.csv"
    path.write_bytes((HEADER + ROWS + "\n").encode())
    quiet = []
    scan(path, HEADER, progress=quiet.append)
    monkeypatch.setattr(stream, "PROGRESS_MIN_BYTES", 0)
    shown = []
    scan(path, HEADER, progress=shown.append)
    assert quiet == [] and len(shown) == 1 and shown[0].startswith("  bulk.csv: 100% of 0 MiB")


QUOTED = ('US,PE,"1\n2"\n'        # 2-3 a Peru record whose quoted field holds a line break: one record
          '"a\n\nb",CN,2\n'       # 4-6 not Peru: one row (its blank line is inside quotes)
          '\n'                    # 7 blank
          '"x,y",PE,3\n'          # 8 a quoted delimiter
          'US,PE\n'               # 9 truncated: handed back
          'US,CN\n'               # 10 truncated, no Peru field left: handed back all the same
          'x,"Perú\n",4\n')       # 11-12


@pytest.mark.parametrize("block", [stream.BLOCK, 7], ids=["one block", "7-byte blocks"])
def test_a_quoted_line_break_keeps_a_record_whole_and_truncated_rows_are_handed_back(tmp_path, monkeypatch, block):
    monkeypatch.setattr(stream, "BLOCK", block)
    path = tmp_path / "quoted.csv"
    path.write_bytes((HEADER + QUOTED).encode())
    scanner, found = scan(path, HEADER, width=3)
    assert [(c.line, c.last, c.text) for c in found] == [
        (2, 3, 'US,PE,"1\n2"'), (8, 8, '"x,y",PE,3'), (9, 9, "US,PE"), (10, 10, "US,CN"), (11, 12, 'x,"Perú\n",4')]
    assert (scanner.rows_in, scanner.blank, scanner.candidates_seen, scanner.refused) == (6, 1, 5, [])


def test_unquoted_blocks_check_every_row_width_at_once(tmp_path):
    path = tmp_path / "bulk.csv"
    path.write_bytes((HEADER + "US,CN,1\nUS,CN\nUS,CN,2,\n" * 3).encode())   # a short row and a long one, 3 times
    scanner, found = scan(path, HEADER, width=3)
    assert [c.line for c in found] == [3, 6, 9] and scanner.rows_in == 9


def test_a_record_over_the_limit_is_refused_without_holding_it(tmp_path, monkeypatch):
    monkeypatch.setattr(stream, "BLOCK", 16)
    monkeypatch.setattr(stream, "FIELD_LIMIT", 40)
    monkeypatch.setattr(stream, "RECORD_LIMIT", 64)
    path = tmp_path / "long.csv"
    path.write_bytes((HEADER + "US,PE,1\n" + "x" * 50 + ",PE,2\n" + '"' + "y\n" * 60 + '",CN,3\nUS,PE,4\n'
                      + 'US,"PE,5\nUS,PE,6\n').encode())
    scanner, found = scan(path, HEADER, width=3)
    assert [(c.line, c.last) for c in found] == [(2, 2), (3, 3), (65, 65)]        # line 3: over FIELD_LIMIT
    assert [(r.lines, r.reason.split(":")[0]) for r in scanner.refused] == [
        ("4-64", "fields of at most 0 MiB"), ("66-67", "a closing quote")]
    assert scanner.rows_in == 5 and scanner.size == path.stat().st_size
    assert scanner.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("block", [stream.BLOCK, 5], ids=["one block", "5-byte blocks"])
@pytest.mark.parametrize("ending", ["\n", "\r\n"], ids=["LF", "CRLF"])
@pytest.mark.parametrize("blank", [True, False], ids=["with a blank line", "well-formed"])
def test_a_peru_code_is_found_at_a_block_start_a_line_end_and_the_file_end(tmp_path, monkeypatch, block, ending,
                                                                           blank):
    monkeypatch.setattr(stream, "BLOCK", block)
    rows = ["PE,US,1",      # 2 at the very start of the data
            "US,CN,PE",     # 3 the last field
            "US,PEPE,2",    # 4 not Peru
            "US,XPE,3",     # 5 not Peru
            *([""] if blank else []),
            "US,CN,4",
            "CN,US,PE"]     # no final line break
    header = HEADER.replace("\n", ending)
    path = tmp_path / "bulk.csv"
    path.write_bytes((header + ending.join(rows)).encode())
    scanner, found = scan(path, header, crlf=ending == "\r\n", width=3)
    last = 8 if blank else 7
    assert [(c.line, c.text) for c in found] == [(2, "PE,US,1"), (3, "US,CN,PE"), (last, "CN,US,PE")]
    assert (scanner.rows_in, scanner.blank) == (6, 1 if blank else 0)
