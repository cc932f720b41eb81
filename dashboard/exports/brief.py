"""Briefing PDFs: an A4 document for a department or a theme with a map, key figures, charts, the caveats,
method breaks and disagreements, and the full source list, in Spanish or English.

Figures are rendered to SVG (kaleido); the page is HTML from the Jinja2 templates in templates/ (autoescaped),
printed to PDF by Debian's Chromium. Both steps are bounded in time; the server caches the PDFs
(dashboard.exports.routes.brief_file), and a process keeps the SVGs it drew (a map is in many briefs).

    python -m dashboard.exports.brief --region PE-UCA --lang es --out briefs/
    python -m dashboard.exports.brief --all-regions --lang en --out briefs/
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pandas as pd
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from dashboard import citation as cite
from dashboard import i18n
from dashboard.catalog import Catalog
from dashboard.chromium import CHROMIUM, OFFLINE_ARGS
from dashboard.exports.charts import map_chart, series_chart, slug
from dashboard.exports.framing import inline_geojson
from dashboard.exports.render import renderer
from dashboard.panels import change_text, panel

PRINT_TIMEOUT_S = 60
MAX_CHARTS = 4
CHROMIUM_FLAGS = ["--headless", *OFFLINE_ARGS, "--no-pdf-header-footer"]
TEMPLATES = Environment(loader=FileSystemLoader(Path(__file__).with_name("templates")),
                        autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True,
                        undefined=StrictUndefined)


@dataclass
class Brief:
    title: str
    stem: str
    html: str


# --- what a brief shows: plain text (the template escapes it) and the charts' SVG ------------------------
@dataclass(frozen=True)
class MapSection:
    title: str
    year: int
    svg: Markup
    subtitle: str
    source: str
    no_data: str  # the units without a figure that year, comma-separated; "" when every unit has one


@dataclass(frozen=True)
class LatestRow:
    name: str  # the indicator, and the dimensions of the figure when it has any
    value: str
    period: str
    change: str
    source: str  # who the figure is from (dashboard.citation.short)


@dataclass(frozen=True)
class ChartSection:
    title: str
    svg: Markup
    subtitle: str
    source: str


@dataclass(frozen=True)
class Note:
    indicator: str
    text: str


@dataclass(frozen=True)
class BriefContent:
    lang: str
    title: str
    as_of: str
    maps: tuple[MapSection, ...]
    latest: tuple[LatestRow, ...]
    charts: tuple[ChartSection, ...]
    notes: tuple[Note, ...]
    sources: tuple[cite.Entry, ...]  # in the citation order


_svgs: dict[tuple, bytes] = {}
SVG_ITEMS = 256


def _svg(figure: dict, width: int, height: int, key: tuple) -> Markup:
    data = _svgs.get(key)
    if data is None:
        data = renderer.render(lambda: inline_geojson(
            {"data": figure["data"], "layout": {**figure["layout"], "width": width, "height": height}}),
            "svg", width, height)
        while len(_svgs) >= SVG_ITEMS:
            _svgs.pop(next(iter(_svgs)))
        _svgs[key] = data
    text = data.decode("utf-8")
    return Markup(text[text.index("<svg"):])  # kaleido's own drawing: the one part the template does not escape


def _indicators_for(catalog: Catalog, rows: pd.DataFrame) -> list[str]:
    """The indicators of these figures, those with the most yearly figures first."""
    counts = rows[rows.period_kind == "year"].groupby("indicator").size().sort_values(ascending=False)
    others = [i for i in dict.fromkeys(rows.indicator) if i not in counts.index]
    return list(counts.index) + others


def brief_content(catalog: Catalog, lang: str, region: str | None = None, theme: str | None = None
                  ) -> tuple[BriefContent, str]:
    """What the brief of a region or a theme shows, and its file name stem."""
    version = catalog.package.version
    if region:
        places = catalog.region_places(region)
        title = i18n.t(lang, "region_title", name=catalog.place_name(region, lang))
        stem = f"vigia_informe_{slug(catalog.place_name(region, 'es'))}_{lang}"
    elif theme:
        places = ["PE"]
        title = f"{catalog.theme_name(theme, lang)} — {catalog.place_name('PE', lang)}"
        stem = f"vigia_informe_{slug(theme)}_{lang}"
    else:
        raise ValueError("a brief is for a region or a theme")
    figures = catalog.figures(places, theme)
    indicators = _indicators_for(catalog, figures)

    maps = [i for i in catalog.map_indicators if i in indicators or (theme and i in catalog.indicators_of(theme))]
    map_sections = []
    for indicator in [i for i in maps if not i.endswith("_change")][:2]:
        year = catalog.map_years(indicator)[-1]
        chart = map_chart(catalog, indicator, year, lang)
        map_sections.append(MapSection(
            chart.title, year, _svg(chart.figure, 900, 620, (version, "brief-map", indicator, year, lang)),
            chart.subtitle, chart.source,
            ", ".join(chart.rows.loc[chart.rows.state == i18n.t(lang, "no_data"), "place"])))

    latest_rows = []
    for indicator in indicators:
        place = next((p for p in places if p in catalog.places_of(indicator)), places[0])
        p = panel(catalog, indicator, place)
        latest: dict | None
        if p.latest is not None:
            latest, change = p.latest, change_text(p, lang)
        else:  # no yearly figure of the preferred series: the latest of any
            latest, change = catalog.latest(catalog.rows(indicator, place)), ""
        if latest is None:
            continue
        dims = catalog.dims_text(latest, lang)
        latest_rows.append(LatestRow(catalog.name(indicator, lang) + (f" · {dims}" if dims else ""),
                                     catalog.value_text(latest, lang), catalog.period_text(latest, lang), change,
                                     cite.short(catalog, catalog.source(latest["source_id"]), lang)))

    charts = []
    for indicator in indicators:
        rows = catalog.rows(indicator)
        if len(rows[rows.geography_id.isin(places) & (rows.period_kind == "year")]) < 2:
            continue
        regions = [p for p in places if p in catalog.places_of(indicator)]
        chart = series_chart(catalog, indicator, regions, lang)
        svg = _svg(chart.figure, 900, 420, (version, "brief-series", indicator, tuple(regions), lang))
        charts.append(ChartSection(chart.title, svg, chart.subtitle, chart.source))
        if len(charts) == MAX_CHARTS:
            break

    notes = []
    for indicator in indicators:
        name = catalog.name(indicator, lang)
        for n in catalog.caveats(indicator) + catalog.method_breaks(indicator):
            is_break = n["kind"] == "method_break"
            label = i18n.t(lang, "indicator_method_break") + f" ({n['period']}): " if is_break else ""
            notes.append(Note(name, label + n[f"text_{lang}"]))
        other = catalog.rows(indicator)
        other = other[other.geography_id.isin(places) & (other.series != catalog.preferred(indicator))]
        for r in other.head(6).to_dict("records"):
            notes.append(Note(name, f"{catalog.series_name(indicator, r['series'], lang)} — "
                                    f"{catalog.value_text(r, lang)} ({catalog.period_text(r, lang)}). "
                                    f"{catalog.note_text(r, lang)}"))

    sources = tuple(cite.entries(catalog, figures, lang))
    as_of = i18n.t(lang, "data_as_of", date=catalog.package.release_date, version=version)
    content = BriefContent(lang, title, as_of, tuple(map_sections), tuple(latest_rows), tuple(charts), tuple(notes),
                           sources)
    return content, stem


def render_brief(content: BriefContent) -> str:
    return TEMPLATES.get_template("brief.html").render(
        brief=content, lang=content.lang, title=content.title, t=partial(i18n.t, content.lang))


def build_brief(catalog: Catalog, lang: str, region: str | None = None, theme: str | None = None) -> Brief:
    content, stem = brief_content(catalog, lang, region, theme)
    return Brief(content.title, stem, render_brief(content))


def print_pdf(page: str) -> bytes:
    with tempfile.TemporaryDirectory(prefix="vigia-brief-") as folder:
        source, target = Path(folder) / "brief.html", Path(folder) / "brief.pdf"
        source.write_text(page, encoding="utf-8")
        run = subprocess.run([CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={folder}/profile",
                              f"--print-to-pdf={target}", source.as_uri()],
                             capture_output=True, text=True, timeout=PRINT_TIMEOUT_S)
        if not target.exists():
            raise RuntimeError(f"Chromium did not print the brief (exit {run.returncode}): {run.stderr[-400:]}")
        return target.read_bytes()


def brief_pdf(catalog: Catalog, lang: str, region: str | None = None, theme: str | None = None) -> tuple[str, bytes]:
    """(file name stem, PDF); the server caches it (dashboard.exports.routes.brief_file)."""
    brief = build_brief(catalog, lang, region, theme)
    return brief.stem, print_pdf(brief.html)


def main(argv: list[str] | None = None) -> int:
    from dashboard.data import load_package
    parser = argparse.ArgumentParser(prog="python -m dashboard.exports.brief", description=__doc__.splitlines()[0])
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--region", help="map unit id, e.g. PE-UCA")
    target.add_argument("--theme", help="a theme id of the package's themes table, e.g. coca_deforestation")
    target.add_argument("--all-regions", action="store_true", help="one brief per map unit")
    parser.add_argument("--lang", choices=i18n.LANGS, default=i18n.DEFAULT_LANG)
    parser.add_argument("--out", type=Path, default=Path("briefs"))
    args = parser.parse_args(argv)
    catalog = Catalog(load_package())
    args.out.mkdir(parents=True, exist_ok=True)
    jobs = ([{"region": r} for r in catalog.map_units] if args.all_regions
            else [{"region": args.region}] if args.region else [{"theme": args.theme}])
    if args.region and args.region not in catalog.map_units:
        parser.error(f"unknown region {args.region!r}; one of {', '.join(catalog.map_units)}")
    if args.theme and args.theme not in catalog.themes.index:
        parser.error(f"unknown theme {args.theme!r}; one of {', '.join(catalog.themes.index)}")
    start = time.perf_counter()
    for n, job in enumerate(jobs, start=1):
        t = time.perf_counter()
        stem, pdf = brief_pdf(catalog, args.lang, **job)
        (args.out / f"{stem}.pdf").write_bytes(pdf)
        print(f"[{n}/{len(jobs)}] {args.out / stem}.pdf  {len(pdf) / 1024:.0f} KiB  {time.perf_counter() - t:.1f} s")
    print(f"{len(jobs)} brief(s) in {time.perf_counter() - start:.1f} s")
    renderer.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
