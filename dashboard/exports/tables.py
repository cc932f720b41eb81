"""The data behind a chart as CSV or Excel: exactly the rows shown, with qualifiers, sources and locators,
and a header saying what they are, whose they are and how to cite them.

Text cells that a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage return)
are neutralised with a leading apostrophe; numbers stay numbers.
"""
from __future__ import annotations

import csv
import io

from dashboard import i18n
from dashboard.exports.charts import NUMBER_COLUMNS, Chart

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
ABOUT = ("title", "subtitle", "citation", "licence", "downloaded", "package_version", "view")


def safe_text(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_START) else value


def about(chart: Chart, lang: str, version: str, url: str, downloaded: str) -> list[tuple[str, str]]:
    """The file's header, named in the user's language (locale `about_keys`, in ABOUT's order)."""
    citation = i18n.t(lang, "citation", year=version[:4], title=chart.title, sources=chart.source, version=version,
                      url=url)
    values = (chart.title, chart.subtitle, citation, i18n.t(lang, "data_licence"), downloaded, version, url)
    names = i18n.raw(lang, "about_keys")
    return [(names[key], value) for key, value in zip(ABOUT, values, strict=True)]


def headers(chart: Chart) -> list[str]:
    columns = list(chart.rows.columns)
    return [(chart.headers or {}).get(c, c) for c in columns]


def csv_bytes(chart: Chart, lang: str, version: str, url: str, downloaded: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for key, value in about(chart, lang, version, url, downloaded):
        out.write(f"# {key}: {' '.join(value.split())}\n")
    columns = list(chart.rows.columns)
    writer.writerow(headers(chart))
    for row in chart.rows.to_dict("records"):
        writer.writerow([row[c] if c in NUMBER_COLUMNS else safe_text(str(row[c])) for c in columns])
    return out.getvalue().encode("utf-8")


def xlsx_bytes(chart: Chart, lang: str, version: str, url: str, downloaded: str) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    data = book.active
    data.title = i18n.t(lang, "sheet_data")
    columns = list(chart.rows.columns)
    data.append(headers(chart))
    for row in chart.rows.to_dict("records"):
        cells = []
        for c in columns:
            value = row[c]
            cells.append(float(value) if c in NUMBER_COLUMNS and value != "" else (None if value == "" else value))
        data.append(cells)
        for cell, column in zip(data[data.max_row], columns, strict=True):
            if column not in NUMBER_COLUMNS and cell.value is not None:
                cell.value = safe_text(str(cell.value))
                cell.data_type = "s"  # a string cell: never evaluated as a formula
    sheet = book.create_sheet(i18n.t(lang, "sheet_about"))
    for key, value in about(chart, lang, version, url, downloaded):
        sheet.append([key, safe_text(value)])
        sheet.cell(sheet.max_row, 2).data_type = "s"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
