"""etl/ingest/detect.py: which reader a file needs, told from its header (title rows, `,`/`;`/tab, BOM,
any column order), a spreadsheet, or a forced format."""
from __future__ import annotations

import pytest
from openpyxl import Workbook

from etl.ingest.common import FileRejected
from etl.ingest.detect import detect

CITES_HEADER = ("Year,App.,Taxon,Class,Order,Family,Genus,Importer,Exporter,Origin,Importer reported quantity,"
                "Exporter reported quantity,Term,Unit,Purpose,Source\n")


def test_unknown_format_stops_before_anything_is_read(tmp_path, write):
    path = write(tmp_path / "x.csv", "a,b,c\n1,2,3\n")
    with pytest.raises(FileRejected) as bad:
        detect(path)
    assert bad.value.line == 1 and "header line of a known format" in bad.value.reason


def test_title_rows_separator_and_reordered_columns_are_detected(tmp_path, write):
    path = write(tmp_path / "t.csv", "Exportado de trade.cites.org\n\n"
                 "Taxon;Year;Exporter;Importer;Origin;App.;Importer reported quantity;Exporter reported quantity;"
                 "Term;Unit;Purpose;Source;Family\n")
    det = detect(path)
    assert (det.format, det.variant, det.header.delimiter, det.header.line) == ("cites", "comptab13", ";", 3)
    assert any("title line" in n for n in det.notes)


def test_bom_and_crlf_are_noted_and_the_data_starts_below_the_header(tmp_path, write):
    path = write(tmp_path / "g.csv", "\ufeffDEPARTAMENTO;UBIGEO;2001_ha\nLORETO;160101;1,5\n", newline="\r\n")
    det = detect(path)
    assert (det.format, det.variant, det.crlf) == ("geobosque", "district", True)
    assert det.notes == ["separator ';'", "CRLF line endings"]
    assert path.read_bytes()[det.data_offset:] == b"LORETO;160101;1,5\r\n"


def test_a_forced_format_is_the_only_one_tried(tmp_path, write):
    path = write(tmp_path / "g.csv", "DEPARTAMENTO,UBIGEO,2001_ha\nLORETO,160101,1.5\n")
    assert detect(path, "geobosque").format == "geobosque"
    with pytest.raises(FileRejected) as bad:
        detect(path, "cites")
    assert "a header line of the cites format" in bad.value.reason


def test_a_spreadsheet_must_be_a_global_forest_watch_workbook(tmp_path):
    book = Workbook()
    book.active.append(["name", "value"])
    book.save(tmp_path / "other.xlsx")
    with pytest.raises(FileRejected) as bad:
        detect(tmp_path / "other.xlsx")
    assert (bad.value.value, bad.value.reason) == ("a spreadsheet", "a Global Forest Watch tree cover loss workbook")


def test_utf16_is_read_for_small_files_but_refused_for_a_cites_export(tmp_path):
    small = tmp_path / "g.txt"
    small.write_bytes("DEPARTAMENTO\tUBIGEO\t2001_ha\r\nLORETO\t160101\t1.5\r\n".encode("utf-16"))
    det = detect(small)
    assert (det.format, det.header.delimiter, det.header.fields) == ("geobosque", "\t",
                                                                      ["DEPARTAMENTO", "UBIGEO", "2001_ha"])
    cites = tmp_path / "u16.csv"
    cites.write_bytes(CITES_HEADER.encode("utf-16"))
    with pytest.raises(FileRejected) as bad:
        detect(cites)
    assert bad.value.line == 1 and "UTF-16 cannot be streamed" in bad.value.reason
