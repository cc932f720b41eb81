"""Shape the validated sources layer into the package's tidy tables (rows of text, ordered, keyed by column)."""
from __future__ import annotations

import hashlib
from datetime import date
from functools import cache
from operator import itemgetter

from etl.catalogue import Catalogue
from etl.grammar import Period, decimal_text
from etl.records import Indicator, Observation, RawRow
from etl.sources_layer import SourcesLayer

Row = dict[str, str]


def _iso(d: date | None) -> str:
    return d.isoformat() if d else ""


@cache
def _period_cells(period: Period) -> tuple[str, str, str, str, str]:
    return period.text, period.kind, _iso(period.start), _iso(period.end), str(period.year or "")


def observation_row(o: Observation) -> Row:
    value = o.value
    text, kind, start, end, year = _period_cells(o.period)
    point, low, high = decimal_text(value.value), decimal_text(value.low), decimal_text(value.high)
    row = {
        "indicator": o.indicator, "series": o.series, "preferred": "true" if o.preferred else "false",
        "geography_id": o.geography_id, "geography_level": o.geography_level, "period": text,
        "period_kind": kind, "period_start": start, "period_end": end, "year": year, "value": point,
        "qualifier": value.qualifier, "value_low": low, "value_high": high, "unit": o.unit,
        "source_id": o.source_id, "locator_es": o.locator.es, "locator_en": o.locator.en,
        "verification": o.verification, **o.dimension_columns, "note_es": o.note.es, "note_en": o.note.en,
        "comparison_group": o.comparison_group, "ref": o.ref, "value_as_published": o.value_as_published,
        "period_as_published": o.period_as_published, "geography_as_published": o.geography_as_published}
    identity = "|".join((o.indicator, o.series, o.geography_id, text, *o.dimensions.values(), o.source_id, o.ref,
                         point, low, high, value.qualifier))
    row["obs_id"] = hashlib.sha256(identity.encode()).hexdigest()[:12]
    return row


def observations(layer: SourcesLayer) -> list[Row]:
    dimensions = layer.catalogue.dimension_keys
    rows = [observation_row(o) for o in layer.observations]
    rows.sort(key=itemgetter("indicator", "series", "geography_id", "period_start", "period", *dimensions,
                             "source_id", "obs_id"))
    return rows


def indicators(layer: SourcesLayer) -> tuple[list[Row], list[Row], list[Row]]:
    """The definitions flattened into three tables: indicators, their series, their caveats and method breaks."""
    main, series, notes = [], [], []
    ordered: list[Indicator] = sorted(layer.indicators, key=lambda i: i.indicator_id)
    for ind in ordered:
        ident = ind.indicator_id
        main.append({"indicator": ident, "theme": ind.theme, "unit": ind.unit,
                     "name_es": ind.name.es, "name_en": ind.name.en,
                     "definition_es": ind.definition.es, "definition_en": ind.definition.en,
                     "preferred_series": ind.preferred_series, "coverage": ";".join(ind.coverage)})
        for s in ind.series:
            series.append({"indicator": ident, "series": s.series_id, "preferred": "true" if s.preferred else "false",
                           "name_es": s.name.es, "name_en": s.name.en, "comparison_group": s.comparison_group})
        for n, note in enumerate(ind.caveats, start=1):
            notes.append({"indicator": ident, "kind": "caveat", "position": str(n), "period": "",
                          "text_es": note.es, "text_en": note.en})
        for n, brk in enumerate(ind.method_breaks, start=1):
            notes.append({"indicator": ident, "kind": "method_break", "position": str(n), "period": brk.period,
                          "text_es": brk.text.es, "text_en": brk.text.en})
    return main, series, notes


def comparison_groups(layer: SourcesLayer) -> list[Row]:
    """Each indicator's comparison groups, in the order its indicators.yaml gives them."""
    return [{"indicator": ind.indicator_id, "comparison_group": g.group_id, "position": str(n),
             "name_es": g.name.es, "name_en": g.name.en}
            for ind in sorted(layer.indicators, key=lambda i: i.indicator_id)
            for n, g in enumerate(ind.comparison_groups, start=1)]


def catalogue_tables(catalogue: Catalogue) -> tuple[list[Row], list[Row]]:
    """The vocabularies and the dimensions as package tables, so that readers of the package get their labels."""
    vocabularies = [{"vocabulary": name, "code": code, "name_es": label.es, "name_en": label.en}
                    for name, codes in sorted(catalogue.vocabularies.items()) for code, label in codes.items()]
    dimensions = [{"dimension": d.name, "position": str(n), "vocabulary": d.vocabulary, "labels": d.labels,
                   "translated": "true" if d.translated else "false", "pattern": d.pattern,
                   "name_es": d.name_label.es, "name_en": d.name_label.en, "rule_es": d.rule.es, "rule_en": d.rule.en}
                  for n, d in enumerate(catalogue.dimensions, start=1)]
    return vocabularies, dimensions


def plain(rows: list[RawRow], columns: list[str], key: str) -> list[Row]:
    """A layer table as package rows, ordered by its key."""
    return sorted(({c: r[c] for c in columns} for r in rows), key=lambda r: (r[key], *r.values()))
