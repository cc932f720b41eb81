"""A small data package written here, whose answers can be worked out by hand; its tables have the published
package's columns (read from its datapackage.json), so it follows the schema.

Two themes with indicators and one without; five map units (Cusco, Lima Región, Lima Metropolitana, Loreto,
Ucayali), INEI's department of Lima (PE-15) standing for the two Limas; four sources, one of each kind the
citation order tells apart: MINAM (official, read in its own document, 2022), DEVIDA (official, read in a third
party's file, 2021), a journal (peer-reviewed, no figure cites it) and an NGO relayed by the press (no title, no
year recorded: said in words).

    loss (forests, ha; coverage: every unit but Cusco)   2020: LOR 10, UCA 30, PE-15 20 (the Limas, via)
                                                          2021: LOR 30, UCA 30, LMA 0; PE 60 -> 66
    protected (forests, %)                                PE 40 -> 45 (a share: a change in points)
    seizures (coca, t)                                    area-border 2020, 2021; LOR 2021 with a market
    coca (coca, ha; method break in 2021)                 UCA 2019, 2021; PE ~2000, 2019, a 2020 range,
                                                          2021, a part of 2022
"""
from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path

import pandas as pd

from dashboard.data import Package
from etl.paths import PACKAGE

VERSION = "2000-01-02+fixture"


@cache
def columns() -> dict[str, list[str]]:
    folder = Path(os.environ.get("VIGIA_PACKAGE") or PACKAGE)  # the package the dashboard reads (dashboard.data)
    meta = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    return {r["name"]: [f["name"] for f in r["schema"]["fields"]] for r in meta["resources"]}


def obs(indicator: str, place: str, period: str, value: str, *, series: str = "official", level: str = "department",
        source: str = "s-minam", qualifier: str = "exact", **more: str) -> dict[str, str]:
    """An observation row; a plain year unless `period_kind` and its dates are given."""
    year = period if period.isdigit() else ""
    return {"obs_id": f"{indicator}-{place}-{period}-{series}", "indicator": indicator, "series": series,
            "preferred": str(series == "official").lower(), "geography_id": place, "geography_level": level,
            "period": period, "period_kind": "year", "period_start": f"{period}-01-01", "period_end": f"{period}-12-31",
            "year": year, "value": value, "qualifier": qualifier, "unit": UNITS[indicator], "source_id": source,
            "verification": "primary_checked", "ref": f"figures.csv#{indicator}-{place}-{period}",
            "comparison_group": series, **more}


UNITS = {"loss": "ha", "protected": "pct", "seizures": "t", "coca": "ha"}

TABLES: dict[str, list[dict[str, str]]] = {
    "themes": [
        {"theme_id": "coca", "position": "2", "name_es": "Coca", "name_en": "Coca"},
        {"theme_id": "forests", "position": "1", "name_es": "Bosques", "name_en": "Forests"},
        {"theme_id": "empty", "position": "3", "name_es": "Vacío", "name_en": "Empty"}],
    "dimensions": [
        {"dimension": d, "position": p, "name_es": d, "name_en": d} for d, p in (("market", "2"), ("taxon", "1"))],
    "units": [
        {"unit_id": "ha", "symbol_es": "ha", "symbol_en": "ha", "kind": "area"},
        {"unit_id": "pct", "symbol_es": "%", "symbol_en": "%", "kind": "share"},
        {"unit_id": "t", "symbol_es": "t", "symbol_en": "t", "kind": "mass"}],
    "vocabularies": [
        {"vocabulary": v, "code": code, "name_es": es, "name_en": en} for v, code, es, en in (
            ("grade", "official_statistic", "Estadística oficial", "Official statistic"),
            ("grade", "peer_reviewed", "Revisado por pares", "Peer-reviewed"),
            ("grade", "other", "Otra fuente", "Other source"),
            ("verification", "primary_checked", "Verificado en el original", "Checked in the original"),
            ("verification", "third_party_file", "Archivo de un tercero", "A third party's file"),
            ("verification", "relayed_unchecked", "Difundido por la prensa", "Relayed by the press"),
            ("licence", "cc_by_4_0", "CC BY 4.0", "CC BY 4.0"),
            ("licence", "third_party_copy", "Copia de un tercero", "A third party's copy"),
            ("licence", "publisher_terms", "Condiciones del editor", "Publisher's terms"),
            ("source_flag", "title_not_recorded", "título no registrado", "title not recorded"),
            ("source_flag", "year_not_recorded", "fecha no registrada", "date not recorded"))],
    "sources": [
        {"source_id": "s-minam", "origin_publisher": "MINAM", "origin_title": "Bosques perdidos", "origin_year": "2022",
         "origin_grade": "official_statistic", "channel": "primary_checked", "url": "https://minam.example/loss",
         "licence": "cc_by_4_0", "language": "es"},
        {"source_id": "s-devida", "origin_publisher": "DEVIDA", "origin_title": "Monitoreo de coca",
         "origin_year": "2021", "origin_grade": "official_statistic", "channel": "third_party_file",
         "channel_name": "Coca Repo", "channel_title": "coca.csv", "channel_year": "2023",
         "url": "https://devida.example/coca", "licence": "third_party_copy", "language": "es"},
        {"source_id": "s-journal", "origin_publisher": "Journal", "origin_title": "Forests of Peru",
         "origin_year": "2019", "origin_grade": "peer_reviewed", "channel": "primary_checked",
         "licence": "publisher_terms", "language": "en"},
        {"source_id": "s-ngo", "origin_publisher": "Watch NGO", "origin_grade": "other", "channel": "relayed_unchecked",
         "channel_name": "Daily News", "licence": "publisher_terms", "language": "en",
         "flags": "title_not_recorded;year_not_recorded"}],
    "places": [
        {"place_id": "PE", "level": "country", "name_es": "Perú", "name_en": "Peru"},
        {"place_id": "PE-15", "level": "department", "name_es": "Lima", "name_en": "Lima",
         "map_units": "PE-LIM;PE-LMA"},
        {"place_id": "PE-CUS", "level": "department", "name_es": "Cusco", "name_en": "Cusco", "map_units": "PE-CUS"},
        {"place_id": "PE-LIM", "level": "region", "name_es": "Lima Región", "name_en": "Lima Region",
         "map_units": "PE-LIM"},
        {"place_id": "PE-LMA", "level": "province", "name_es": "Lima Metropolitana", "name_en": "Metropolitan Lima",
         "map_units": "PE-LMA"},
        {"place_id": "PE-LOR", "level": "department", "name_es": "Loreto", "name_en": "Loreto", "map_units": "PE-LOR"},
        {"place_id": "PE-UCA", "level": "department", "name_es": "Ucayali", "name_en": "Ucayali",
         "map_units": "PE-UCA"},
        {"place_id": "area-border", "level": "area", "name_es": "Triple frontera", "name_en": "Tri-border area"},
        {"place_id": "district-1", "level": "district", "name_es": "Callería", "name_en": "Calleria"}],
    "indicators": [
        {"indicator": "loss", "theme": "forests", "unit": "ha", "name_es": "Pérdida de bosque",
         "name_en": "Forest loss", "definition_es": "Bosque perdido.", "definition_en": "Forest lost.",
         "preferred_series": "official", "coverage": "PE-LIM;PE-LMA;PE-LOR;PE-UCA"},
        {"indicator": "seizures", "theme": "coca", "unit": "t", "name_es": "Decomisos", "name_en": "Seizures",
         "preferred_series": "official"},
        {"indicator": "protected", "theme": "forests", "unit": "pct", "name_es": "Bosque protegido",
         "name_en": "Protected forest", "preferred_series": "official"},
        {"indicator": "coca", "theme": "coca", "unit": "ha", "name_es": "Superficie de coca", "name_en": "Coca area",
         "preferred_series": "official"}],
    "indicator_series": [
        {"indicator": i, "series": "official", "preferred": "true", "name_es": "Oficial", "name_en": "Official",
         "comparison_group": "official"} for i in UNITS] + [
        {"indicator": "loss", "series": "ngo", "preferred": "false", "name_es": "ONG", "name_en": "NGO",
         "comparison_group": "ngo"}],
    "comparison_groups": [
        {"indicator": i, "comparison_group": "official", "position": "1", "name_es": "Oficial", "name_en": "Official"}
        for i in UNITS] + [
        {"indicator": "loss", "comparison_group": "ngo", "position": "2", "name_es": "ONG", "name_en": "NGO"}],
    "indicator_notes": [
        {"indicator": "coca", "kind": "method_break", "position": "1", "period": "2021",
         "text_es": "Nuevo método.", "text_en": "New method."},
        {"indicator": "coca", "kind": "caveat", "position": "1", "text_es": "Solo valles.", "text_en": "Valleys only."},
        {"indicator": "loss", "kind": "caveat", "position": "1", "text_es": "Satélite.", "text_en": "Satellite."}],
    "facts": [
        {"ref": "context/1", "fact_id": "f1", "theme": "coca", "statement_es": "Un hecho.",
         "statement_en": "A fact.", "source_id": "s-devida", "period": "2021"}],
    "events": [
        {"event_id": "law", "date": "2020-05", "title_es": "Ley", "title_en": "Law", "source_id": "s-devida",
         "indicators": "coca;seizures"},
        {"event_id": "undated", "date": "unstated", "title_es": "Sin fecha", "title_en": "Undated",
         "source_id": "s-devida", "indicators": "coca"}],
    "observations": [
        obs("loss", "PE-LOR", "2020", "10"), obs("loss", "PE-UCA", "2020", "30", locator_es="p. 3", locator_en="p. 3"),
        obs("loss", "PE-15", "2020", "20"),
        obs("loss", "PE-LOR", "2021", "30"), obs("loss", "PE-UCA", "2021", "30"),
        obs("loss", "PE-LMA", "2021", "0", level="province"),
        obs("loss", "PE", "2020", "60", level="country"), obs("loss", "PE", "2021", "66", level="country"),
        obs("loss", "PE", "2021", "70", level="country", series="ngo", source="s-ngo", qualifier="more_than"),
        obs("loss", "district-1", "2021", "5", level="district", ref="snapshot/gfw/districts.csv#L2"),
        obs("protected", "PE", "2020", "40", level="country"), obs("protected", "PE", "2021", "45", level="country"),
        obs("seizures", "area-border", "2020", "2", level="area", source="s-ngo"),
        obs("seizures", "area-border", "2021", "4", level="area", source="s-ngo"),
        obs("seizures", "PE-LOR", "2021", "1", source="s-ngo", market="port"),
        obs("coca", "PE-UCA", "2019", "5", source="s-devida"), obs("coca", "PE-UCA", "2021", "7", source="s-devida"),
        obs("coca", "PE", "~2000", "100", level="country", source="s-ngo", qualifier="approximate",
            period_kind="approximate", period_start="2000-01-01", period_end="2000-12-31"),
        obs("coca", "PE", "2019", "50", level="country", source="s-devida"),
        obs("coca", "PE", "2020", "", level="country", source="s-devida", qualifier="range", value_low="40",
            value_high="60"),
        obs("coca", "PE", "2021", "70", level="country", source="s-devida"),
        obs("coca", "PE", "2022-01/2022-06", "3", level="country", source="s-devida", period_kind="part_year",
            period_start="2022-01-01", period_end="2022-06-30")],
}


def small_package(edit=None) -> Package:
    """The small package; `edit(tables)` may change its rows (name -> list of row dicts) first."""
    rows = {name: [dict(r) for r in table] for name, table in TABLES.items()}
    if edit:
        edit(rows)
    tables = {name: pd.DataFrame([{**dict.fromkeys(fields, ""), **r} for r in rows.get(name, [])], columns=fields,
                                 dtype=str) for name, fields in columns().items()}
    return Package(VERSION, VERSION[:10], tables)
