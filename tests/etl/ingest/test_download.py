"""etl/ingest/download.py: a download read as it arrives (gzip, the CSVs of a zip, UTF-16 as UTF-8) and a file
that is not delimited text refused in one line that says what it looks like."""
from __future__ import annotations

import gzip
import zipfile

import pytest

from etl.ingest.download import (
    file_sha256,
    looks_like,
    members,
    open_data,
    reading,
    refuse_binary,
    stored_bytes,
    unpack,
)
from etl.problems import FileRejected

TEXT = "Year,Taxon\n2019,Ara macao\n"


@pytest.mark.parametrize("head, what", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "a JPEG image"),
    (b"%PDF-1.7\n", "a PDF document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00", "an old Excel .xls workbook"),
    (b"\xef\xbb\xbf\n  <!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\">\n<html>", "an HTML page (a browser's"),
    (b"<!-- saved from url=(0042)https://trade.cites.org/ -->\n<html>", "an HTML page"),
    (b"<html><head><title>503 Service Unavailable</title>", "an HTML page"),
    (b'{"error": "rate limit"}', "a JSON document"),
    (b"Rar!\x1a\x07\x00", "a RAR archive"),
    (b"PK\x03\x04\x14\x00", "a zip archive"),
    (b"a,b\n1,\x002\n", "binary data (it holds NUL bytes)"),
    (b"", "an empty file"),
])
def test_what_a_file_that_is_not_text_looks_like(head, what):
    assert looks_like(head).startswith(what)


@pytest.mark.parametrize("head", [TEXT.encode(), "Año;Perú\n".encode("cp1252"), b"\xef\xbb\xbfYear\tTaxon\n",
                                  b"Bosque y perdida de bosques\n\nDEPARTAMENTO,UBIGEO\n"])
def test_text_is_not_refused(head):
    assert looks_like(head) is None
    refuse_binary("x.csv", head)


def test_a_refused_file_is_one_line_naming_what_it_looks_like():
    with pytest.raises(FileRejected) as bad:
        refuse_binary("chart.png", b"\x89PNG\r\n\x1a\n")
    assert str(bad.value) == "chart.png: looks like a PNG image, not a CSV"


def test_gzip_zip_members_and_utf16_are_read_as_text(tmp_path):
    gz = tmp_path / "t.csv.gz"
    gz.write_bytes(gzip.compress(TEXT.encode()))
    archive = tmp_path / "t.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("data/t.csv", TEXT.encode("utf-16"))
        z.writestr("CL_FI_COUNTRY.txt", "code,name\n")
        z.writestr("readme.pdf", b"%PDF")
        z.writestr("__MACOSX/._t.csv", b"\x00")
    assert members(gz) == [""] and members(archive) == ["data/t.csv", "CL_FI_COUNTRY.txt"]
    with open_data(gz) as f:
        assert f.read() == TEXT.encode()
    with open_data(archive, "data/t.csv") as f:
        assert f.read() == TEXT.encode()                      # UTF-16 transcoded, its BOM dropped
    assert stored_bytes(archive, "data/t.csv") == TEXT.encode("utf-16")   # small files: common.decode reads it
    assert unpack(gz.name, stored_bytes(gz)) == TEXT.encode()
    assert file_sha256(archive, "data/t.csv")[1] == len(TEXT.encode("utf-16"))


def test_a_zip_without_csv_and_damaged_archives_are_one_line_rejections(tmp_path):
    archive = tmp_path / "maps.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("map.png", b"\x89PNG")
        z.writestr("notes.pdf", b"%PDF")
    with pytest.raises(FileRejected) as bad:
        members(archive)
    assert str(bad.value) == "maps.zip: a zip archive holding no CSV (it holds: map.png, notes.pdf)"
    cut = tmp_path / "cut.csv.gz"
    cut.write_bytes(gzip.compress(TEXT.encode() * 100)[:-30])
    with pytest.raises(FileRejected) as bad, reading(cut.name), open_data(cut) as f:
        f.read()
    assert str(bad.value).startswith("cut.csv.gz: compressed data that ends early or is damaged (an incomplete "
                                     "download?)")


def test_utf16_without_a_byte_order_mark_and_bare_carriage_returns(tmp_path):
    assert looks_like("Year,Taxon\r\n".encode("utf-16-le")).startswith("UTF-16 text without a byte-order mark")
    mac = tmp_path / "mac.csv"
    mac.write_bytes(TEXT.replace("\n", "\r").encode())
    with open_data(mac) as f:
        assert f.read() == TEXT.encode()
    assert unpack(mac.name, stored_bytes(mac)) == TEXT.encode()
