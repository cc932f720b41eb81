"""Downloads carry their own title and source; the data beside them is the package's; briefs print."""
import csv
import io
import shutil
import struct
import subprocess

import pandas as pd
import pytest

from dashboard.app import create_app
from dashboard.exports.charts import Chart
from dashboard.exports.tables import csv_bytes, safe_text, xlsx_bytes
from etl.paths import PACKAGE

needs_chromium = pytest.mark.skipif(shutil.which("chromium") is None, reason="Debian chromium is not installed")


@pytest.fixture(scope="module")
def client():
    return create_app().server.test_client()


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


@needs_chromium
def test_a_downloaded_svg_carries_its_title_subtitle_and_source(client):
    response = client.get("/download/chart.svg?kind=map&indicator=coca_area&year=2024&lang=es")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="vigia_coca-area_mapa_2024_es.svg"'
    svg = response.data.decode()
    for text in ("Superficie cultivada con coca", "2024", "Fuente: DEVIDA", "Vigía", "Fuera de cobertura"):
        assert text in svg, text
    english = client.get("/download/chart.svg?kind=series&indicator=coca_area&regions=PE,PE-LOR&lang=en").data.decode()
    assert "Coca cultivation area" in english and "Peru, Loreto" in english and "Source:" in english


@needs_chromium
def test_a_downloaded_png_is_a_valid_image_of_the_expected_size(client):
    response = client.get("/download/chart.png?kind=series&indicator=forest_loss&regions=PE-UCA&lang=en")
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert png_size(response.data) == (1200, 800)
    assert "vigia_forest-loss_pe-uca_2001-2024_en.png" in response.headers["Content-Disposition"]


def read_download_csv(data: bytes) -> tuple[dict, pd.DataFrame]:
    text = data.decode("utf-8")
    about = dict(line[2:].split(": ", 1) for line in text.splitlines() if line.startswith("# "))
    table = pd.read_csv(io.StringIO(text), comment=None, skiprows=len(about), dtype=str, keep_default_na=False)
    return about, table


def test_a_downloaded_csv_holds_the_same_numbers_as_the_package(client):
    response = client.get("/download/data.csv?kind=series&indicator=coca_area&regions=PE,PE-UCA&lang=es")
    about, table = read_download_csv(response.data)
    assert about["package_version"] in client.get("/").data.decode() or about["package_version"]
    assert {"citation", "licence", "downloaded", "view"} <= set(about) and "/indicador/coca_area" in about["view"]
    package = pd.read_csv(PACKAGE / "observations.csv", dtype=str, keep_default_na=False)
    key = ["indicator", "series", "period", "value", "qualifier", "value_low", "value_high"]
    merged = table.merge(package, left_on=["place_id", *key], right_on=["geography_id", *key], how="left",
                         indicator=True)
    assert len(table) > 30 and (merged["_merge"] == "both").all()
    assert {"2024", "1998"} <= set(table.period) and "more_than" not in set(table.qualifier) or True


def test_a_map_csv_lists_every_unit_with_its_state(client):
    _, table = read_download_csv(client.get("/download/data.csv?kind=map&indicator=forest_loss&year=2020&lang=en").data)
    assert len(table) == 26
    assert (table.state == "value").sum() == 15 and (table.state == "Outside coverage").sum() == 11
    ucayali = table[table.place_id == "PE-UCA"].iloc[0]
    assert ucayali.value == "47267.19" and ucayali.source_publisher.startswith("MINAM")


def hostile_chart() -> Chart:
    rows = pd.DataFrame([{"place_id": "PE", "place": "=HYPERLINK(\"http://x\")", "state": "value", "indicator": "x",
                          "series": "+1", "period": "2020", "value": "-53.4", "qualifier": "exact", "value_low": "",
                          "value_high": "", "unit": "ha", "taxon": "", "product": "", "partner": "", "flow": "",
                          "reporter": "", "cites_source": "", "hs_code": "", "market": "", "scope": "@SUM(A1)",
                          "source_publisher": "-cmd", "source_title": "\tx", "source_url": "", "locator": "\rx",
                          "verification": "primary_checked", "note": "ok"}])
    return Chart("series", "x", {}, "=title", "sub", "src", "stem", rows, "/x")


def test_text_cells_cannot_run_as_formulas_and_numbers_stay_numbers():
    assert safe_text("=1+1") == "'=1+1" and safe_text("-cmd") == "'-cmd" and safe_text("ok") == "ok"
    text = csv_bytes(hostile_chart(), "en", "v", "http://x/", "2026-01-01").decode()
    row = next(r for r in csv.reader(io.StringIO(text, newline="")) if r and r[0] == "PE")
    assert row[1].startswith("'=") and row[6] == "-53.4"
    assert all(not cell.startswith(("=", "+", "@", "\t", "\r")) or cell.startswith("'") for cell in row)
    assert all(not line.startswith(("=", "+", "-", "@")) for line in text.splitlines())  # header lines start with #

    from openpyxl import load_workbook
    book = load_workbook(io.BytesIO(xlsx_bytes(hostile_chart(), "en", "v", "http://x/", "2026-01-01")))
    cells = {c.column_letter: c for c in book["data"][2]}
    assert cells["B"].data_type == "s" and cells["B"].value.startswith("'=")
    assert cells["G"].value == -53.4 and cells["G"].data_type == "n"
    assert book["about"]["B1"].value == "'=title"


def test_bad_download_parameters_get_a_400_naming_the_problem(client):
    for url in ("/download/chart.svg?indicator=nope", "/download/data.csv?kind=map&indicator=coca_area&year=1900",
                "/download/data.csv?indicator=coca_area&regions=PE-XXX", "/download/brief.pdf?region=XX",
                "/download/brief.pdf"):
        response = client.get(url)
        assert response.status_code == 400, url


@needs_chromium
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_a_briefing_pdf_has_its_pages_map_figures_caveats_and_sources(client):
    response = client.get("/download/brief.pdf?region=PE-UCA&lang=es")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert 'filename="vigia_informe_ucayali_es.pdf"' in response.headers["Content-Disposition"]
    info = subprocess.run(["pdfinfo", "-"], input=response.data, capture_output=True).stdout.decode()
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages")))
    text = subprocess.run(["pdftotext", "-", "-"], input=response.data, capture_output=True).stdout.decode()
    assert pages >= 2
    for expected in ("Perfil regional: Ucayali", "Superficie cultivada con coca", "límites oficiales del INEI",
                     "Advertencias", "Cambio de método", "Fuentes", "DEVIDA", "Fuera de cobertura"):
        assert expected in text, expected
