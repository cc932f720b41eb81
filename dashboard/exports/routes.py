"""Download endpoints: chart images (SVG, PNG), the data behind a chart (CSV, Excel), briefing PDFs.

The files are cached builders (dashboard.cache) of their checked parameters and the package: a request
checks its parameters (a bad one is a 400, never cached), then asks the builder."""
from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from flask import Response, abort, request

from dashboard import i18n
from dashboard.cache import memoize
from dashboard.catalog import Catalog
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


def chart_params() -> tuple[str, str, str, str]:
    """(kind, indicator, year or regions, lang) of the chart a download link names; a bad parameter is a 400
    that says which, never a traceback."""
    c, args = catalog(), request.args
    lang = lang_of(args.get("lang"))
    indicator = args.get("indicator", "")
    if indicator not in c.indicators.index:
        abort(400, f"unknown indicator {indicator[:60]!r}")
    if args.get("kind") == "map":
        years = c.map_years(indicator)
        try:
            year = int(args.get("year", years[-1] if years else ""))
        except ValueError:
            abort(400, "year must be a whole year")
        if year not in years:
            abort(400, f"{indicator} has no map for {year}")
        return "map", indicator, str(year), lang
    places = c.places_of(indicator)
    regions = [r for r in args.get("regions", ",".join(c.default_places(indicator))).split(",") if r]
    if not regions or any(r not in places for r in regions):
        abort(400, f"regions must be places with figures for {indicator}")
    return "series", indicator, ",".join(regions), lang


def chart_of(c: Catalog, kind: str, indicator: str, where: str, lang: str, drawn: bool = True) -> Chart:
    if kind == "map":
        return map_chart(c, indicator, int(where), lang, drawn)
    return series_chart(c, indicator, where.split(","), lang, drawn)


@memoize
def chart_file(c: Catalog, fmt: str, kind: str, indicator: str, where: str, lang: str) -> tuple[str, bytes]:
    """(file name stem, PNG or SVG) of a chart, framed with its title and source."""
    chart = chart_of(c, kind, indicator, where, lang)
    figure = framed(chart.figure, chart.title, chart.subtitle, chart.source, lang, c.package.version)
    data = renderer.render(lambda: figure, fmt, WIDTH, int(figure["layout"].get("height", HEIGHT)))
    return chart.stem, data


@memoize
def data_file(c: Catalog, fmt: str, kind: str, indicator: str, where: str, lang: str, base: str,
              today: str) -> tuple[str, bytes]:
    """(file name stem, CSV or Excel) of a chart's figures; the site's address and the day are in the file."""
    chart = chart_of(c, kind, indicator, where, lang, drawn=False)  # the rows only: no figure to build
    make = csv_bytes if fmt == "csv" else xlsx_bytes
    return chart.stem, make(chart, lang, c.package.version, base + chart.view_path, today)


@memoize
def brief_file(c: Catalog, lang: str, region: str | None, theme: str | None) -> tuple[str, bytes]:
    from dashboard.exports.brief import brief_pdf
    return brief_pdf(c, lang, region=region, theme=theme)


def _attachment(data: bytes, fmt: str, stem: str) -> Response:
    return Response(data, mimetype=MEDIA[fmt], headers={
        "Content-Disposition": f'attachment; filename="{stem}.{fmt}"', "Cache-Control": "no-store"})


def register(server) -> None:
    @server.route("/download/chart.<fmt>")
    def download_chart(fmt: str):
        if fmt not in ("svg", "png"):
            abort(404)
        params = chart_params()
        try:
            stem, data = chart_file(catalog(), fmt, *params)
        except RenderError as exc:
            abort(503, str(exc))
        return _attachment(data, fmt, stem)

    @server.route("/download/brief.pdf")
    def download_brief():
        c, args = catalog(), request.args
        lang = lang_of(args.get("lang"))
        region, theme = args.get("region"), args.get("theme")
        if region and region not in c.map_units:
            abort(400, f"unknown region {region[:20]!r}")
        if theme and not c.indicators_of(theme):
            abort(400, f"unknown theme {theme[:40]!r}")
        if bool(region) == bool(theme):
            abort(400, "give either region or theme")
        try:
            stem, data = brief_file(c, lang, region or None, theme or None)
        except (RenderError, RuntimeError, OSError) as exc:
            abort(503, f"the brief could not be made: {exc}")
        return _attachment(data, "pdf", stem)

    @server.route("/download/data.<fmt>")
    def download_data(fmt: str):
        if fmt not in ("csv", "xlsx"):
            abort(404)
        stem, data = data_file(catalog(), fmt, *chart_params(), request.host_url.rstrip("/"), date.today().isoformat())
        return _attachment(data, fmt, stem)


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
