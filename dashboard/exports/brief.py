"""Briefing PDFs: an A4 document for a department or a theme with a map, key figures, charts, the caveats,
method breaks and disagreements, and the full source list, in Spanish or English.

Figures are rendered to SVG (kaleido); the page is HTML printed to PDF by Debian's Chromium. Both steps are
bounded in time; results are cached by package version.

    python -m dashboard.exports.brief --region PE-UCA --lang es --out briefs/
    python -m dashboard.exports.brief --all-regions --lang en --out briefs/
"""
from __future__ import annotations

import argparse
import html
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

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
CSS = """
@page { size: A4; margin: 14mm 14mm 16mm; }
body { font-family: "DejaVu Sans", sans-serif; font-size: 9.5pt; color: #222; }
h1 { font-size: 18pt; margin: 0 0 2mm; } h2 { font-size: 12pt; margin: 5mm 0 2mm; border-bottom: 1px solid #999; }
.meta { color: #555; } table { border-collapse: collapse; width: 100%; } td, th { border-bottom: 1px solid #ddd;
padding: 1.2mm 2mm; text-align: left; vertical-align: top; } .num { text-align: right; white-space: nowrap; }
figure { margin: 2mm 0; page-break-inside: avoid; } figure svg { width: 100%; height: auto; }
li { margin-bottom: 1mm; } .sources li { font-size: 8pt; }
"""


@dataclass
class Brief:
    title: str
    stem: str
    html: str


def _svg(figure: dict, width: int, height: int, key: tuple) -> str:
    data = renderer.render(key, lambda: inline_geojson(
        {"data": figure["data"], "layout": {**figure["layout"], "width": width, "height": height}}),
        "svg", width, height)
    text = data.decode("utf-8")
    return text[text.index("<svg"):]


def _indicators_for(catalog: Catalog, places: list[str], theme: str | None) -> list[str]:
    rows = catalog.obs[catalog.obs.geography_id.isin(places)]
    if theme:
        rows = rows[rows.indicator.map(lambda i: catalog.indicators.at[i, "theme"] == theme)]
    counts = rows[rows.period_kind == "year"].groupby("indicator").size().sort_values(ascending=False)
    others = [i for i in dict.fromkeys(rows.indicator) if i not in counts.index]
    return list(counts.index) + others


def build_brief(catalog: Catalog, lang: str, region: str | None = None, theme: str | None = None) -> Brief:
    version = catalog.package.version
    if region:
        places = [region] + [p for p in catalog.places.index if region in catalog.units_of(p) and p != region]
        title = i18n.t(lang, "region_title", name=catalog.place_name(region, lang))
        stem = f"vigia_informe_{slug(catalog.place_name(region, 'es'))}_{lang}"
    elif theme:
        places = ["PE"]
        title = f"{catalog.theme_name(theme, lang)} — {catalog.place_name('PE', lang)}"
        stem = f"vigia_informe_{slug(theme)}_{lang}"
    else:
        raise ValueError("a brief is for a region or a theme")
    indicators = _indicators_for(catalog, places, theme)
    as_of = i18n.t(lang, "data_as_of", date=catalog.package.release_date, version=version)
    parts = [f"<h1>{html.escape(title)}</h1>", f"<p class='meta'>Vigía · {html.escape(as_of)}</p>"]

    maps = [i for i in catalog.map_indicators
            if i in indicators or (theme and catalog.indicators.at[i, "theme"] == theme)]
    maps = [i for i in maps if not i.endswith("_change")][:2]
    for indicator in maps:
        year = max(catalog.map_cells(indicator))
        chart = map_chart(catalog, indicator, year, lang)
        svg = _svg(chart.figure, 900, 620, (version, "brief-map", indicator, year, lang))
        no_data = ", ".join(chart.rows.loc[chart.rows.state == i18n.t(lang, "no_data"), "place"])
        parts.append(f"<h2>{html.escape(chart.title)} · {year}</h2><figure class='map'>{svg}"
                     f"<figcaption>{html.escape(chart.subtitle)}. {html.escape(i18n.t(lang, 'source'))}: "
                     f"{html.escape(chart.source)}. {html.escape(i18n.t(lang, 'map_boundaries_note'))}"
                     + (f" {html.escape(i18n.t(lang, 'no_data'))}: {html.escape(no_data)}." if no_data else "")
                     + "</figcaption></figure>")

    rows = []
    for indicator in indicators:
        place = next((p for p in places if len(catalog.rows(indicator, p))), places[0])
        p = panel(catalog, indicator, place)
        latest = p.latest
        if latest is None:
            mine = catalog.rows(indicator, place).sort_values(["period_end", "period"])
            if not len(mine):
                continue
            latest = mine.iloc[-1].to_dict()
            change = ""
        else:
            change = change_text(p, lang)
        dims = " · ".join(latest[d] for d in catalog.dimensions if latest[d])
        rows.append(f"<tr><td>{html.escape(catalog.name(indicator, lang))}"
                    f"{html.escape(' · ' + dims) if dims else ''}</td>"
                    f"<td class='num'>{html.escape(catalog.value_text(latest, lang))}</td>"
                    f"<td>{html.escape(catalog.period_text(latest, lang))}</td><td>{html.escape(change)}</td>"
                    f"<td>{html.escape(catalog.publisher(latest['source_id']))}</td></tr>")
    head = "".join(f"<th>{html.escape(i18n.t(lang, k))}</th>" for k in
                   ("indicator_title", "table_value", "table_period", "trend", "table_source"))
    body = "".join(rows) or f"<tr><td>{html.escape(i18n.t(lang, 'no_data'))}</td></tr>"
    parts.append(f"<h2>{html.escape(i18n.t(lang, 'latest'))}</h2><table><thead><tr>{head}</tr></thead>"
                 f"<tbody>{body}</tbody></table>")

    charted = [i for i in indicators
               if len(catalog.rows(i)[catalog.rows(i).geography_id.isin(places)
                                      & (catalog.rows(i).period_kind == "year")]) >= 2][:MAX_CHARTS]
    for indicator in charted:
        regions = [p for p in places if len(catalog.rows(indicator, p))]
        chart = series_chart(catalog, indicator, regions, lang)
        svg = _svg(chart.figure, 900, 420, (version, "brief-series", indicator, tuple(regions), lang))
        parts.append(f"<figure><h2>{html.escape(chart.title)}</h2>{svg}<figcaption>{html.escape(chart.subtitle)}. "
                     f"{html.escape(i18n.t(lang, 'source'))}: {html.escape(chart.source)}</figcaption></figure>")

    notes = []
    for indicator in indicators:
        for n in catalog.caveats(indicator) + catalog.method_breaks(indicator):
            is_break = n["kind"] == "method_break"
            label = i18n.t(lang, "indicator_method_break") + f" ({n['period']}): " if is_break else ""
            notes.append(f"<li><b>{html.escape(catalog.name(indicator, lang))}</b>: "
                         f"{html.escape(label + n[f'text_{lang}'])}</li>")
        other = catalog.rows(indicator)
        other = other[other.geography_id.isin(places) & (other.series != catalog.preferred(indicator))]
        for r in other.head(6).to_dict("records"):
            notes.append(f"<li><b>{html.escape(catalog.name(indicator, lang))}</b>: "
                         f"{html.escape(catalog.series_name(indicator, r['series'], lang))} — "
                         f"{html.escape(catalog.value_text(r, lang))} ({html.escape(catalog.period_text(r, lang))}). "
                         f"{html.escape(r['note'])}</li>")
    parts.append(f"<h2>{html.escape(i18n.t(lang, 'indicator_caveats'))}</h2><ul>{''.join(notes)}</ul>")

    obs = catalog.obs
    used = sorted(set(obs[obs.geography_id.isin(places) & obs.indicator.isin(indicators)].source_id))
    items = []
    for sid in used:
        s = catalog.sources.loc[sid]
        items.append(f"<li>{html.escape(s.publisher)} ({html.escape(s.year)}). {html.escape(s.title)}. "
                     f"{html.escape(s.url)} — {html.escape(catalog.label('reliability', s.reliability, lang))}</li>")
    parts.append(f"<h2>{html.escape(i18n.t(lang, 'sources'))}</h2><ol class='sources'>{''.join(items)}</ol>")
    page = (f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
            f"<style>{CSS}</style></head><body>{''.join(parts)}</body></html>")
    return Brief(title, stem, page)


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


_cache: dict[tuple, tuple[str, bytes]] = {}


def brief_pdf(catalog: Catalog, lang: str, region: str | None = None, theme: str | None = None) -> tuple[str, bytes]:
    key = (catalog.package.version, lang, region, theme)
    if key not in _cache:
        brief = build_brief(catalog, lang, region, theme)
        _cache[key] = (brief.stem, print_pdf(brief.html))
    return _cache[key]


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
