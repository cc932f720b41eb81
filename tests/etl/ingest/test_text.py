"""etl/ingest/text.py: decoding (BOMs, Latin-1 lines, double-encoded UTF-8, UTF-16), the header line and the
mapping of a format's columns."""
from __future__ import annotations

import pytest

from etl.ingest.text import (
    Header,
    decode,
    find_header,
    map_columns,
    repair_mojibake,
    squash,
)
from etl.problems import FileRejected


def test_mixed_encodings_bom_and_double_encoding_are_read_and_noted():
    notes = []
    text = decode(b"\xef\xbb\xbfname\r\nHu\xc3\xa1nuco\r\nJun\xedn\r\n", notes)
    assert text.splitlines() == ["name", "Huánuco", "Junín"]
    assert any("byte-order mark" in n for n in notes) and any("Windows-1252" in n for n in notes)
    assert repair_mojibake("CaÃ±ete") == "Cañete" and repair_mojibake("Cañete") is None


def test_headers_are_matched_ignoring_case_accents_spacing_and_punctuation():
    assert [squash(n) for n in ("App.", "Netweight (kg)", "HIDROGRAFÍA_ha", "\ufeffYear")] == [
        "app", "netweightkg", "hidrografiaha", "year"]
    found = find_header(["Descarga del Perú", "", "Taxon;App.;YEAR", "x;II;2019"],
                        lambda names: "v" if "year" in names else None)
    assert found is not None
    header, variant = found
    assert (header.delimiter, header.line, header.title_lines, variant) == (";", 3, 1, "v")
    assert find_header(["a,b", "1,2"], lambda names: None) is None


def test_columns_map_in_any_order_and_a_missing_or_repeated_one_rejects_the_file():
    header = Header(",", 2, ["Taxon", "App.", "YEAR"], 1)
    assert map_columns(header, {"year": ("Year",), "app": ("Appendix", "App."), "unit": ("Unit",)}, {"year"},
                       "f.csv") == {"year": 2, "app": 1}
    with pytest.raises(FileRejected) as missing:
        map_columns(header, {"year": ("Year",), "unit": ("Unit",), "purpose": ("Purpose",)},
                    {"year", "unit", "purpose"}, "f.csv")
    assert missing.value.problem.line == 2
    assert str(missing.value) == ("f.csv:2: got 'Taxon,App.,YEAR'; expected a header with the columns 'Purpose', "
                                  "'Unit' (missing; the columns found are: Taxon, App., YEAR)")
    with pytest.raises(FileRejected) as twice:
        map_columns(Header(",", 1, ["Year", "Taxon", "year "], 0), {"year": ("Year",)}, {"year"}, "f.csv")
    assert "appears twice" in twice.value.problem.reason


def test_utf16_files_are_decoded_whole():
    notes = []
    assert decode("a\tb\r\nSAN MARTÍN\t1\r\n".encode("utf-16"), notes) == "a\tb\r\nSAN MARTÍN\t1\r\n"
    assert notes == ["read as UTF-16 (byte-order mark)"]
