"""Shape the validated sources layer into the package's tidy tables (lists of rows, ordered, as text)."""
from __future__ import annotations

import hashlib

from etl.grammar import decimal_text
from etl.sources_layer import DIMENSIONS, SourcesLayer

OBSERVATION_FIELDS = ["obs_id", "indicator", "series", "preferred", "geography_id", "geography_level", "period",
                      "period_kind", "period_start", "period_end", "year", "value", "qualifier", "value_low",
                      "value_high", "unit", "source_id", "locator", "verification", *DIMENSIONS, "note", "ref",
                      "value_as_published", "period_as_published", "geography_as_published"]


def _iso(d) -> str:
    return d.isoformat() if d else ""


def observations(layer: SourcesLayer) -> list[dict]:
    rows = []
    for r in layer.observations.rows:
        period, value = r["_period"], r["_value"]
        row = {
            "indicator": r["indicator"], "series": r["series"], "preferred": "true" if r["_preferred"] else "false",
            "geography_id": r["_geography_id"], "geography_level": r["geography_level"], "period": period.text,
            "period_kind": period.kind, "period_start": _iso(period.start), "period_end": _iso(period.end),
            "year": str(period.year or ""), "value": decimal_text(value.value), "qualifier": value.qualifier,
            "value_low": decimal_text(value.low), "value_high": decimal_text(value.high), "unit": r["unit"],
            "source_id": r["source_id"], "locator": r["locator"], "verification": r["verification"],
            **{d: r[d] for d in DIMENSIONS}, "note": r["note"], "ref": r["ref"],
            "value_as_published": r["value_as_published"], "period_as_published": r["period_as_published"],
            "geography_as_published": r["geography_as_published"]}
        identity = "|".join(row[k] for k in ("indicator", "series", "geography_id", "period", *DIMENSIONS,
                                              "source_id", "ref", "value", "value_low", "value_high", "qualifier"))
        row["obs_id"] = hashlib.sha256(identity.encode()).hexdigest()[:12]
        rows.append(row)
    rows.sort(key=lambda x: (x["indicator"], x["series"], x["geography_id"], x["period_start"], x["period"],
                             *(x[d] for d in DIMENSIONS), x["source_id"], x["obs_id"]))
    return rows


def indicators(layer: SourcesLayer) -> tuple[list[dict], list[dict], list[dict]]:
    """The catalogue flattened into three tables: indicators, their series, their caveats and method breaks."""
    main, series, notes = [], [], []
    for ind in sorted(layer.indicators, key=lambda i: i["id"]):
        preferred = next((s["id"] for s in ind.get("series", []) if s.get("preferred")), "")
        main.append({"indicator": ind["id"], "theme": ind["theme"], "unit": ind["unit"],
                     "name_es": ind["name"]["es"], "name_en": ind["name"]["en"],
                     "definition_es": ind["definition"]["es"], "definition_en": ind["definition"]["en"],
                     "preferred_series": preferred, "coverage": ";".join(ind.get("coverage", []) or [])})
        for s in ind.get("series", []):
            series.append({"indicator": ind["id"], "series": s["id"], "preferred": "true" if s.get("preferred") else "false",
                           "name_es": s["name"]["es"], "name_en": s["name"]["en"]})
        for n, note in enumerate(ind.get("caveats", []) or [], start=1):
            notes.append({"indicator": ind["id"], "kind": "caveat", "position": str(n), "period": "",
                          "text_es": note["es"], "text_en": note["en"]})
        for n, brk in enumerate(ind.get("method_breaks", []) or [], start=1):
            notes.append({"indicator": ind["id"], "kind": "method_break", "position": str(n),
                          "period": str(brk["period"]), "text_es": brk["es"], "text_en": brk["en"]})
    return main, series, notes


def plain(table, columns: list[str], key: str) -> list[dict]:
    """A catalogue table without its bookkeeping, ordered by its key."""
    return sorted(({c: r[c] for c in columns} for r in table.rows), key=lambda r: (r[key], *r.values()))
