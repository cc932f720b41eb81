"""The charts that can leave the dashboard, each with its title, subtitle, source line, file name and the
exact rows it shows (for the CSV beside it)."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import pandas as pd

from dashboard import citation as cite
from dashboard import i18n
from dashboard.catalog import Catalog
from dashboard.figures.map import map_figure
from dashboard.figures.timeseries import series_figure
from dashboard.urlstate import href

NUMBER_COLUMNS = ("value", "value_low", "value_high")


def row_columns(catalog: Catalog) -> list[str]:
    """The columns of a chart's rows (its CSV and Excel download), the package's dimensions included."""
    return ["place_id", "place", "state", "indicator", "series", "period", "value", "qualifier", "value_low",
            "value_high", "unit", *catalog.dimensions, *SOURCE_COLUMNS, "locator", "verification", "note"]


def column_labels(catalog: Catalog, lang: str) -> dict[str, str]:
    """The names of a chart's columns in its files (CSV, Excel), in the user's language: the locale's, and the
    dimensions table's for the dimensions."""
    names = i18n.raw(lang, "data_columns")
    dimensions = catalog.package["dimensions"].set_index("dimension")
    return {key: str(dimensions.at[key, f"name_{lang}"]) if key in catalog.dimensions else names[key]
            for key in row_columns(catalog)}


# a figure's source in a chart's rows, origin first, the channel after (dashboard.citation)
SOURCE_COLUMNS = ("source_origin", "source_origin_year", "source_origin_title", "source_grade", "source_channel",
                  "source_channel_name", "source_channel_year", "source_channel_title", "source_url",
                  "source_licence", "source_not_recorded")


@dataclass
class Chart:
    kind: str
    indicator: str
    figure: dict  # {} when made for its rows only (drawn=False)
    title: str
    subtitle: str
    source: str
    stem: str
    rows: pd.DataFrame  # by the columns' keys (row_columns); a file writes their names (headers)
    view_path: str
    headers: dict[str, str] | None = None  # the columns' names in the chart's language; the keys when None


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _source_line(catalog: Catalog, figures: pd.DataFrame | list[dict], lang: str, limit: int = cite.SHOWN) -> str:
    return cite.line(catalog, figures, lang, limit).text(lang)


def _source_cells(catalog: Catalog, source_id: str, lang: str) -> dict[str, str]:
    e = cite.entry(catalog, catalog.source(source_id), lang)
    return dict(zip(SOURCE_COLUMNS, (e.origin, e.origin_year, e.origin_title, e.grade, e.how, e.channel,
                                     e.channel_year, e.channel_title, e.url, e.licence, "; ".join(e.missing)),
                    strict=True))


def _rows(catalog: Catalog, records: list[tuple[str, str, dict | None]], lang: str) -> pd.DataFrame:
    out, columns = [], row_columns(catalog)
    for place, state, r in records:
        base = dict.fromkeys(columns, "")
        base.update(place_id=place, place=catalog.place_name(place, lang), state=state)
        if r is not None:
            base.update({k: r[k] for k in ("indicator", "series", "period", "value", "value_low", "value_high",
                                           "unit")})
            base.update({d: catalog.dimension_text(d, str(r[d]), lang) if r[d] else "" for d in catalog.dimensions})
            base.update(qualifier=catalog.label("qualifier", r["qualifier"], lang),
                        verification=catalog.label("verification", r["verification"], lang))
            base.update(_source_cells(catalog, r["source_id"], lang), locator=cite.locator_of(r, lang),
                        note=catalog.note_text(r, lang))
        out.append(base)
    return pd.DataFrame(out, columns=columns)


def map_chart(catalog: Catalog, indicator: str, year: int, lang: str, drawn: bool = True) -> Chart:
    """The map of a year; not `drawn`: without its figure (for a file of its rows)."""
    figure = map_figure(catalog, indicator, lang, year) if drawn else {}
    cells = catalog.map_cells(indicator)[year]
    states = {"value": i18n.t(lang, "state_value"), "no_data": i18n.t(lang, "no_data"),
              "outside": i18n.t(lang, "outside_coverage")}
    records = [(u, states[c.state], c.row) for u, c in cells.items()]
    rows = _rows(catalog, records, lang)
    unit = catalog.unit_symbol(indicator, lang)
    return Chart("map", indicator, figure, catalog.name(indicator, lang),
                 f"{i18n.t(lang, 'map_title')} · {year} · {unit}",
                 _source_line(catalog, [c.row for c in cells.values() if c.row is not None], lang),
                 f"vigia_{slug(indicator)}_mapa_{year}_{lang}", rows,
                 href("/mapa", indicator=indicator, year=year, lang=lang), column_labels(catalog, lang))


def series_chart(catalog: Catalog, indicator: str, regions: list[str], lang: str, drawn: bool = True) -> Chart:
    """The time series of `regions`; not `drawn`: without its figure (for a file of its rows: the rows are the
    catalog's, and drawing them is most of the cost)."""
    figure = series_figure(catalog, indicator, lang, regions) if drawn else {}
    shown = catalog.series_figures(indicator, regions).sort_values(["geography_id", "series", "period_start"])
    rows = _rows(catalog, [(r["geography_id"], i18n.t(lang, "state_value"), r) for r in shown.to_dict("records")], lang)
    years = sorted(shown.x)
    span = f"{years[0]}–{years[-1]}" if years else ""
    places = ", ".join(catalog.place_name(p, lang) for p in regions)
    return Chart("series", indicator, figure, catalog.name(indicator, lang),
                 f"{places} · {span} · {catalog.unit_symbol(indicator, lang)}",
                 _source_line(catalog, shown, lang),
                 f"vigia_{slug(indicator)}_{slug('-'.join(regions))}_{span.replace('–', '-')}_{lang}", rows,
                 href(f"/indicador/{indicator}", regions=",".join(regions), lang=lang), column_labels(catalog, lang))
