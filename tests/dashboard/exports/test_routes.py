"""The download endpoints: images carry their own title and source, the data beside them is the package's,
briefs print, and a bad parameter is a 400 that says which."""
from __future__ import annotations

import io
import shutil
import struct
import subprocess

import pandas as pd
import pytest

from dashboard import citation as cite
from dashboard import i18n
from dashboard.exports.charts import column_labels, slug
from dashboard.exports.routes import brief_link, download_links
from etl.paths import PACKAGE
from tests.dashboard.trees import app_catalog

needs_chromium = pytest.mark.skipif(shutil.which("chromium") is None, reason="Debian chromium is not installed")


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def read_download_csv(data: bytes, lang: str = "en") -> tuple[dict, pd.DataFrame]:
    """(header, rows) of a downloaded CSV, named by their keys (the file names them in `lang`)."""
    text = data.decode("utf-8")
    keys = {name: key for key, name in i18n.raw(lang, "about_keys").items()}
    about = {keys[k]: v for k, v in (line[2:].split(": ", 1) for line in text.splitlines() if line.startswith("# "))}
    table = pd.read_csv(io.StringIO(text), comment=None, skiprows=len(about), dtype=str, keep_default_na=False)
    columns = {name: key for key, name in column_labels(app_catalog(), lang).items()}
    assert set(table.columns) <= set(columns), "every column named in the user's language"
    return about, table.rename(columns=columns)


@needs_chromium
def test_a_downloaded_svg_carries_its_title_subtitle_and_source(client):
    c = app_catalog()
    year = c.map_years("coca_area")[-1]
    response = client.get(f"/download/chart.svg?kind=map&indicator=coca_area&year={year}&lang=es")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == f'attachment; filename="vigia_coca-area_mapa_{year}_es.svg"'
    svg = response.data.decode()
    for text in (c.name("coca_area", "es"), str(year), f"{i18n.t('es', 'source')}: DEVIDA", "Vigía",
                 i18n.t("es", "outside_coverage")):
        assert text in svg, text
    english = client.get("/download/chart.svg?kind=series&indicator=coca_area&regions=PE,PE-LOR&lang=en").data.decode()
    assert c.name("coca_area", "en") in english and "Peru, Loreto" in english and "Source:" in english


@needs_chromium
def test_a_downloaded_png_is_a_valid_image_of_the_expected_size(client):
    response = client.get("/download/chart.png?kind=series&indicator=forest_loss&regions=PE-UCA&lang=en")
    assert response.status_code == 200 and response.mimetype == "image/png"
    width, height = png_size(response.data)
    assert width == 1200 and height >= 800  # taller when the chart has several panels
    years = sorted(app_catalog().series_figures("forest_loss", ["PE-UCA"]).x)
    assert f"vigia_forest-loss_pe-uca_{years[0]}-{years[-1]}_en.png" in response.headers["Content-Disposition"]


def test_a_downloaded_csv_holds_the_same_numbers_as_the_package(client):
    response = client.get("/download/data.csv?kind=series&indicator=coca_area&regions=PE,PE-UCA&lang=es")
    assert response.mimetype == "text/csv" and response.headers["Cache-Control"] == "no-store"
    about, table = read_download_csv(response.data, "es")
    assert about["package_version"] == app_catalog().package.version
    assert {"citation", "licence", "downloaded", "view"} <= set(about) and "/indicador/coca_area" in about["view"]
    package = pd.read_csv(PACKAGE / "observations.csv", dtype=str, keep_default_na=False)
    key = ["indicator", "series", "period", "value", "value_low", "value_high"]
    merged = table.merge(package, left_on=["place_id", *key], right_on=["geography_id", *key], how="left",
                         indicator=True)
    assert (merged["_merge"] == "both").all()
    assert len(table) == len(app_catalog().series_figures("coca_area", ["PE", "PE-UCA"]))


def test_a_map_csv_lists_every_unit_with_its_state(client):
    c = app_catalog()
    year = c.map_years("forest_loss")[0]
    _, table = read_download_csv(
        client.get(f"/download/data.csv?kind=map&indicator=forest_loss&year={year}&lang=en").data)
    cells = c.map_cells("forest_loss")[year]
    assert list(table.place_id) == list(cells)
    states = {"value": i18n.t("en", "state_value"), "no_data": i18n.t("en", "no_data"),
              "outside": i18n.t("en", "outside_coverage")}
    assert list(table.state) == [states[cell.state] for cell in cells.values()]
    ucayali = table[table.place_id == "PE-UCA"].iloc[0]
    assert ucayali.value == cells["PE-UCA"].row["value"]
    assert ucayali.source_origin == cite.origin_name(c, c.source(cells["PE-UCA"].row["source_id"]), "en")


def test_an_excel_download_is_a_workbook_of_the_same_rows(client):
    from openpyxl import load_workbook
    query = "kind=series&indicator=coca_area&regions=PE&lang=en"
    response = client.get(f"/download/data.xlsx?{query}")
    assert response.status_code == 200 and 'filename="vigia_coca-area_pe_' in response.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.data))
    _, table = read_download_csv(client.get(f"/download/data.csv?{query}").data)
    sheet = book[i18n.t("en", "sheet_data")]
    names = column_labels(app_catalog(), "en")
    assert sheet.max_row == len(table) + 1 and [c.value for c in sheet[1]] == [names[k] for k in table.columns]


def test_a_series_download_without_places_shows_the_indicators_default_places(client):
    c = app_catalog()
    indicator = next((i for i in c.indicators.index if c.default_places(i) and c.default_places(i) != ["PE"]),
                     "coca_area")
    response = client.get(f"/download/data.csv?kind=series&indicator={indicator}&lang=en")
    assert response.status_code == 200
    assert set(read_download_csv(response.data)[1].place_id) <= set(c.default_places(indicator))


def test_bad_download_parameters_get_a_400_naming_the_problem(client):
    for url, says in (("/download/chart.svg?indicator=nope", "unknown indicator"),
                      ("/download/data.csv?kind=map&indicator=coca_area&year=1900", "no map for 1900"),
                      ("/download/data.csv?kind=map&indicator=coca_area&year=soon", "whole year"),
                      ("/download/data.csv?indicator=coca_area&regions=PE-XXX", "regions must be"),
                      ("/download/brief.pdf?region=XX", "unknown region"),
                      ("/download/brief.pdf?theme=nope", "unknown theme"),
                      ("/download/brief.pdf", "either region or theme")):
        response = client.get(url)
        assert response.status_code == 400 and says in response.data.decode(), url
    assert client.get("/download/chart.gif?indicator=coca_area").status_code == 404


def test_the_download_links_name_the_chart_and_the_language():
    label, *links = download_links("map", "en", indicator="coca_area", year=2020)
    assert label.children == i18n.t("en", "download") + ": "
    assert [(a.children, a.href) for a in links] == [
        (name, f"{path}?kind=map&lang=en&indicator=coca_area&year=2020")
        for name, path in (("PNG", "/download/chart.png"), ("SVG", "/download/chart.svg"),
                           ("CSV", "/download/data.csv"), ("Excel", "/download/data.xlsx"))]
    assert brief_link("es", region="PE-UCA").href == "/download/brief.pdf?lang=es&region=PE-UCA"


@needs_chromium
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_a_briefing_pdf_has_its_pages_map_figures_caveats_and_sources(client):
    c = app_catalog()
    response = client.get("/download/brief.pdf?region=PE-UCA&lang=es")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert f'filename="vigia_informe_{slug(c.place_name("PE-UCA", "es"))}_es.pdf"' in (
        response.headers["Content-Disposition"])
    info = subprocess.run(["pdfinfo", "-"], input=response.data, capture_output=True).stdout.decode()
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages")))
    text = subprocess.run(["pdftotext", "-", "-"], input=response.data, capture_output=True).stdout.decode()
    assert pages >= 2
    for expected in (i18n.t("es", "region_title", name="Ucayali"), c.name("coca_area", "es"),
                     "límites oficiales del INEI", "Advertencias", "Cambio de método", "Fuentes", "DEVIDA",
                     i18n.t("es", "outside_coverage")):
        assert expected in " ".join(text.split()), expected
