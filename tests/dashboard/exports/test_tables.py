"""The data behind a chart as CSV or Excel: a header saying what, whose and how to cite; the rows shown; no
cell a spreadsheet would run as a formula."""
from __future__ import annotations

import csv
import io

import pandas as pd

from dashboard import i18n
from dashboard.exports.charts import Chart
from dashboard.exports.tables import ABOUT, about, csv_bytes, safe_text, xlsx_bytes


def hostile_chart() -> Chart:
    rows = pd.DataFrame([{"place_id": "PE", "place": "=HYPERLINK(\"http://x\")", "state": "value", "indicator": "x",
                          "series": "+1", "period": "2020", "value": "-53.4", "qualifier": "exact", "value_low": "",
                          "value_high": "", "unit": "ha", "taxon": "", "product": "", "partner": "", "flow": "",
                          "reporter": "", "cites_source": "", "hs_code": "", "market": "", "scope": "@SUM(A1)",
                          "source_origin": "-cmd", "source_origin_title": "\tx", "source_url": "", "locator": "\rx",
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
    cells = {c.column_letter: c for c in book[i18n.t("en", "sheet_data")][2]}
    assert cells["B"].data_type == "s" and cells["B"].value.startswith("'=")
    assert cells["G"].value == -53.4 and cells["G"].data_type == "n"
    assert book[i18n.t("en", "sheet_about")]["B1"].value == "'=title"


def test_the_header_says_what_whose_how_to_cite_and_when():
    chart = hostile_chart()
    lines = about(chart, "es", "2026-02-03+abc", "https://vigia.example/x", "2026-03-01")
    names = i18n.raw("es", "about_keys")
    assert [key for key, _ in lines] == [names[k] for k in ABOUT]  # named in the user's language
    assert dict(lines)[names["citation"]] == i18n.t("es", "citation", year="2026", title="=title", sources="src",
                                                    version="2026-02-03+abc", url="https://vigia.example/x")
    assert dict(lines)[names["licence"]] == i18n.t("es", "data_licence")
    text = csv_bytes(chart, "es", "2026-02-03+abc", "https://vigia.example/x", "2026-03-01").decode()
    header = [line for line in text.splitlines() if line.startswith("# ")]
    assert header == [f"# {key}: {' '.join(value.split())}" for key, value in lines]  # one line each
    assert text.splitlines()[len(header)] == ",".join(chart.rows.columns)  # no names given: the keys
    named = Chart(**{**chart.__dict__, "headers": {"place": "lugar"}})
    assert csv_bytes(named, "es", "v", "u", "d").decode().splitlines()[len(header)].startswith("place_id,lugar,")


def test_an_empty_cell_is_empty_in_excel_and_a_number_column_without_value_too():
    book_bytes = xlsx_bytes(hostile_chart(), "en", "v", "http://x/", "2026-01-01")
    from openpyxl import load_workbook
    cells = {c.column_letter: c.value for c in load_workbook(io.BytesIO(book_bytes))[i18n.t("en", "sheet_data")][2]}
    assert cells["I"] is None and cells["J"] is None  # value_low, value_high: ""
