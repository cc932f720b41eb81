"""Download endpoints: chart images (SVG, PNG), the data behind a chart (CSV, Excel), briefing PDFs."""
from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from flask import Response, abort, request

from dashboard import i18n
from dashboard.exports.charts import Chart, map_chart, series_chart
from dashboard.exports.framing import HEIGHT, WIDTH, framed
from dashboard.exports.render import RenderError, renderer
from dashboard.exports.tables import csv_bytes, xlsx_bytes
from dashboard.state import catalog
from dashboard.urlstate import lang_of

if TYPE_CHECKING:
    from dash import html

MEDIA = {"svg": "image/svg+xml", "png": "image/png", "csv": "text/csv; charset=utf-8",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "pdf": "application/pdf"}


def chart_from_request() -> tuple[Chart, str]:
    """The chart a download link names; a bad parameter is a 400 that says which, never a traceback."""
    c, args = catalog(), request.args
    lang = lang_of(args.get("lang"))
    indicator = args.get("indicator", "")
    if indicator not in c.indicators.index:
        abort(400, f"unknown indicator {indicator[:60]!r}")
    if args.get("kind") == "map":
        years = sorted(c.map_cells(indicator))
        try:
            year = int(args.get("year", years[-1] if years else ""))
        except ValueError:
            abort(400, "year must be a whole year")
        if year not in years:
            abort(400, f"{indicator} has no map for {year}")
        return map_chart(c, indicator, year, lang), lang
    places = set(c.rows(indicator).geography_id)
    regions = [r for r in args.get("regions", "PE").split(",") if r]
    if not regions or any(r not in places for r in regions):
        abort(400, f"regions must be places with figures for {indicator}")
    return series_chart(c, indicator, regions, lang), lang


def _attachment(data: bytes, fmt: str, stem: str) -> Response:
    return Response(data, mimetype=MEDIA[fmt], headers={
        "Content-Disposition": f'attachment; filename="{stem}.{fmt}"', "Cache-Control": "no-store"})


def register(server) -> None:
    @server.route("/download/chart.<fmt>")
    def download_chart(fmt: str):
        if fmt not in ("svg", "png"):
            abort(404)
        chart, lang = chart_from_request()
        version = catalog().package.version
        key = (version, fmt, request.query_string)
        try:
            data = renderer.render(key, lambda: framed(chart.figure, chart.title, chart.subtitle, chart.source, lang,
                                                       version), fmt, WIDTH, HEIGHT)
        except RenderError as exc:
            abort(503, str(exc))
        return _attachment(data, fmt, chart.stem)

    @server.route("/download/brief.pdf")
    def download_brief():
        from dashboard.exports.brief import brief_pdf

        c, args = catalog(), request.args
        lang = lang_of(args.get("lang"))
        region, theme = args.get("region"), args.get("theme")
        if region and region not in c.map_units:
            abort(400, f"unknown region {region[:20]!r}")
        if theme and theme not in set(c.indicators.theme):
            abort(400, f"unknown theme {theme[:40]!r}")
        if bool(region) == bool(theme):
            abort(400, "give either region or theme")
        try:
            stem, data = brief_pdf(c, lang, region=region, theme=theme)
        except (RenderError, RuntimeError, OSError) as exc:
            abort(503, f"the brief could not be made: {exc}")
        return _attachment(data, "pdf", stem)

    @server.route("/download/data.<fmt>")
    def download_data(fmt: str):
        if fmt not in ("csv", "xlsx"):
            abort(404)
        chart, lang = chart_from_request()
        version = catalog().package.version
        url = request.host_url.rstrip("/") + chart.view_path
        make = csv_bytes if fmt == "csv" else xlsx_bytes
        return _attachment(make(chart, lang, version, url, date.today().isoformat()), fmt, chart.stem)


def brief_link(lang: str, **target) -> html.A:
    from dash import html

    from dashboard.urlstate import href
    return html.A(i18n.t(lang, "brief_pdf"), href=href("/download/brief.pdf", lang=lang, **target),
                  className="download brief")


def download_links(kind: str, lang: str, **params) -> list:
    """The 'PNG · SVG · CSV · Excel' links under a chart."""
    from dash import html

    from dashboard.urlstate import href
    links = []
    for label, path in (("PNG", "/download/chart.png"), ("SVG", "/download/chart.svg"), ("CSV", "/download/data.csv"),
                        ("Excel", "/download/data.xlsx")):
        data_format: dict[str, Any] = {"data-format": label.lower()}  # Any: mypy checks a ** dict against every keyword
        links.append(html.A(label, href=href(path, kind=kind, lang=lang, **params), className="download",
                            **data_format))
    return [html.Span(i18n.t(lang, "download") + ": ", className="download-label"), *links]
