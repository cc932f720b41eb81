"""etl/ingest/detect.py: which reader a file needs, told from its header (title rows, `,`/`;`/tab, BOM,
any column order), a spreadsheet, or a forced format."""
from __future__ import annotations

import gzip

import pytest
from openpyxl import Workbook

from etl.ingest.detect import detect
from etl.problems import FileRejected

CITES_HEADER = ("Year,App.,Taxon,Class,Order,Family,Genus,Importer,Exporter,Origin,Importer reported quantity,"
                "Exporter reported quantity,Term,Unit,Purpose,Source\n")


def test_unknown_format_stops_before_anything_is_read(tmp_path, write):
    path = write(tmp_path / "x.csv", "a,b,c\n1,2,3\n")
    with pytest.raises(FileRejected) as bad:
        detect(path)
    assert bad.value.problem.line == 1 and "header line of a known format" in bad.value.problem.reason


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
    assert "a header line of the cites format" in bad.value.problem.reason


def test_a_spreadsheet_must_be_a_global_forest_watch_workbook(tmp_path):
    book = Workbook()
    book.active.append(["name", "value"])
    book.save(tmp_path / "other.xlsx")
    with pytest.raises(FileRejected) as bad:
        detect(tmp_path / "other.xlsx")
    assert bad.value.problem.value == "a spreadsheet"
    assert bad.value.problem.expected.startswith("a Global Forest Watch tree cover loss workbook")


def test_utf16_is_read_for_small_files_and_transcoded_for_a_streamed_cites_export(tmp_path):
    small = tmp_path / "g.txt"
    small.write_bytes("DEPARTAMENTO\tUBIGEO\t2001_ha\r\nLORETO\t160101\t1.5\r\n".encode("utf-16"))
    det = detect(small)
    assert (det.format, det.header.delimiter, det.header.fields) == ("geobosque", "\t",
                                                                      ["DEPARTAMENTO", "UBIGEO", "2001_ha"])
    cites = tmp_path / "u16.csv"
    cites.write_bytes(CITES_HEADER.encode("utf-16"))
    det = detect(cites)
    assert (det.format, det.variant, det.data_offset) == ("cites", "comptab16", len(CITES_HEADER))
    assert det.notes == ["read as UTF-16 (byte-order mark)"]


@pytest.mark.parametrize("header, message", [
    (CITES_HEADER.replace("Importer,", ""),
     "x.csv:1: got 'Year,App.,Taxon,Class,Order,Family,Genus,Exporter,Origin,Importer reported quantity,Exporter "
     "reported quantity,Term,Unit,Purpose,Source'; expected a CITES comparative tabulation header with the column "
     "'Importer' (missing; the columns found are: Year, App., Taxon, Class, Order, Family, Genus, Exporter, Origin, "
     "Importer reported quantity, Exporter reported quantity, Term, Unit, Purpose, Source)"),
    ("Title\nDEPARTAMENTO;DISTRITO;2001_ha;2002_ha\n",
     "x.csv:2: got 'DEPARTAMENTO;DISTRITO;2001_ha;2002_ha'; expected a MINAM Geobosque district file header with the "
     "column 'UBIGEO' (missing; the columns found are: DEPARTAMENTO, DISTRITO, 2001_ha, 2002_ha)"),
    ("country,subnational1,threshold,area_ha\n",
     "x.csv:1: got 'country,subnational1,threshold,area_ha'; expected a Global Forest Watch wide CSV header with the "
     "column 'tc_loss_ha_YYYY' (missing; the columns found are: country, subnational1, threshold, area_ha)"),
])
def test_a_header_that_lacks_columns_of_a_format_names_them_and_the_columns_found(tmp_path, write, header, message):
    with pytest.raises(FileRejected) as bad:
        detect(write(tmp_path / "x.csv", header + "1,2\n"))
    assert str(bad.value) == message


def test_a_gzip_file_is_detected_from_its_content(tmp_path):
    path = tmp_path / "download"
    path.write_bytes(gzip.compress(b"\xef\xbb\xbfDEPARTAMENTO;UBIGEO;2001_ha\r\nLORETO;160101;1,5\r\n"))
    det = detect(path)
    assert (det.format, det.header.delimiter, det.crlf) == ("geobosque", ";", True)
