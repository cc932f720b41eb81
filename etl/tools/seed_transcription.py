"""Draft the sources layer from the research dossier (run once, then curate by hand).

    python -m etl.tools.seed_transcription ../shared/research datasets/sources

Writes `<folder>/observations.seed.csv` and `<folder>/sources.seed.csv` for every theme folder:
mechanical first drafts in the format of `datasets/sources/README.md`, with `??` wherever a human
must decide. The curated `observations.csv` / `sources.csv` are the reviewed files; the seeds are
not read by the ETL and are deleted once curated.
"""
from __future__ import annotations

import csv
import hashlib
import re
import sys
from collections.abc import Mapping
from pathlib import Path

OBS_COLUMNS = ["ref", "indicator", "series", "comparison_group", "geography_level", "geography", "period", "value",
               "unit", "source_id", "locator_es", "locator_en", "verification", "taxon", "product", "partner", "flow",
               "reporter", "cites_source", "hs_code", "market", "scope_es", "scope_en", "value_as_published",
               "period_as_published", "geography_as_published", "note_es", "note_en"]  # the Spanish: by a human
SOURCE_COLUMNS = ["source_id", "origin_publisher", "origin_title", "origin_year", "origin_grade", "channel",
                  "channel_name", "channel_title", "channel_year", "url", "licence", "language", "flags"]

MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
LEVELS = {"national": "country", "country": "country", "department": "department", "zone": "coca_zone",
          "province": "province", "district": "district", "port": "port", "protected_area": "protected_area",
          "city": "city"}
UNITS = {"ha": "ha", "hectares": "ha", "acres": "acres", "tonnes": "t", "metric tons": "t",
         "tonnes live weight": "t_live_weight", "tonnes (net product weight)": "t_product_weight",
         "m3": "m3", "percent": "percent", "%": "percent", "kg": "kg", "million USD": "usd_million",
         "thousand USD (current)": "usd_thousand", "USD": "usd", "score 1-10": "score_1_10",
         "score 1-10 (higher = more crime)": "score_1_10", "specimens": "specimens", "animals": "animals",
         "interventions": "interventions", "complaints": "complaints", "rank": "rank",
         "individuals": "individuals", "species": "species", "board feet": "board_feet"}
PRIMARY_PUBLISHERS = ("UNODC", "FAO", "Global Initiative", "IMARPE", "CITES", "MINAM", "DEVIDA", "SERFOR",
                      "OSINFOR", "US ONDCP", "UN Information Service")


def theme_folder(research_file: str, indicator: str) -> str:
    text = indicator.lower()
    if research_file.startswith("coca_deforestation"):
        return "coca_deforestation"
    if research_file.startswith("sharks_series"):
        return "sharks"
    if research_file.startswith("sharkfin_timber"):
        timber = re.search(r"timber|mahogany|cedar|osinfor|yacukallpa|globalplywood|callao_exports|china_bound|"
                           r"illegal_logging|operacionamazonas|illegal_extraction|sawnwood|share_timber", text)
        return "timber" if timber else "sharks"
    if research_file.startswith("serfor_osinfor"):
        return "wildlife" if re.search(r"wildlife", text) else "timber"
    if text.startswith("gi-toc"):
        return "crime_index"
    if "gold-mining" in text:
        return "mining"
    return "wildlife"


def seed_period(raw: str) -> str:
    s = raw.strip()
    if re.fullmatch(r"\d{4}", s):
        return s
    if m := re.fullmatch(r"(\d{4})-(\d{4})", s):
        return f"{m[1]}/{m[2]}"
    if m := re.fullmatch(r"(\d{4}) \((\w{3})-(\w{3})\)", s):
        a, b = MONTHS.get(m[2].lower()), MONTHS.get(m[3].lower())
        if a and b:
            return f"{m[1]}-{a:02d}/{m[1]}-{b:02d}"
    if m := re.fullmatch(r"(\d{4}) \((\w{3})\)", s):
        if a := MONTHS.get(m[2].lower()):
            return f"{m[1]}-{a:02d}"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
        return s
    if m := re.fullmatch(r"c\.\s?(\d{4})", s):
        return f"~{m[1]}"
    if s == "not stated":
        return "unstated"
    return "??" + s


def seed_value(raw: str) -> str:
    s = raw.strip()
    num = r"\d+(?:\.\d+)?"
    plain = s.replace(",", "")
    if re.fullmatch(r"-?" + num, plain):
        return plain
    for prefix, mark in ((">=", ">="), (">", ">"), ("~", "~"), ("up to ", "<=")):
        if plain.startswith(prefix) and re.fullmatch(num, plain[len(prefix):]):
            return mark + plain[len(prefix):]
    if m := re.fullmatch(f"({num})\\+", plain):
        return ">=" + m[1]
    if m := re.fullmatch(f"({num})-({num})", plain):
        return f"{m[1]}..{m[2]}"
    return "??" + s


def source_id(row: Mapping[str, str]) -> str:
    words = re.findall(r"[a-z0-9]+", row["source_publisher"].lower())[:2]
    digest = hashlib.sha1("|".join(row[k] for k in ("source_publisher", "source_title", "source_url"))
                          .encode()).hexdigest()[:4]
    return "-".join(words + [row["source_year"] or "nd", digest])


def verification(publisher: str) -> str:
    relayed = re.search(r"transcri|\bvia\b|citing|quoting|copy|aggregated|reprint|\(", publisher, re.I)
    return "primary_checked" if publisher.startswith(PRIMARY_PUBLISHERS) and not relayed else "relayed_unchecked"


def main(research_dir: Path, out_dir: Path) -> None:
    observations: dict[str, list[dict[str, str]]] = {}
    sources: dict[str, dict[str, dict[str, str]]] = {}
    for path in sorted(research_dir.glob("*_figures.csv")):
        with path.open(newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f)
            line = 2  # the header is line 1
            for row in reader:
                folder = theme_folder(path.name, row["indicator"])
                sid = source_id(row)
                sources.setdefault(folder, {})[sid] = {  # a relay's publisher is split into origin and channel by hand
                    **dict.fromkeys(SOURCE_COLUMNS, ""), "source_id": sid, "origin_publisher": row["source_publisher"],
                    "origin_title": row["source_title"], "origin_year": row["source_year"], "origin_grade": "??",
                    "channel": verification(row["source_publisher"]), "url": row["source_url"], "licence": "??",
                    "language": "??"}
                observations.setdefault(folder, []).append({
                    "ref": f"{path.name}#L{line}", "indicator": row["indicator"], "series": "??",
                    "geography_level": LEVELS.get(row["geography_level"], "??" + row["geography_level"]),
                    "geography": row["geography"], "period": seed_period(row["year"]),
                    "value": seed_value(row["value"]), "unit": UNITS.get(row["unit"], "??" + row["unit"]),
                    "source_id": sid, "locator_en": row["source_locator"],
                    "verification": verification(row["source_publisher"]),
                    "value_as_published": row["value"], "period_as_published": row["year"],
                    "geography_as_published": row["geography"], "note_en": row["notes"]})
                line = reader.line_num + 1
    for folder, rows in observations.items():
        target = out_dir / folder
        target.mkdir(parents=True, exist_ok=True)
        for name, columns, data in (("observations.seed.csv", OBS_COLUMNS, rows),
                                    ("sources.seed.csv", SOURCE_COLUMNS, list(sources[folder].values()))):
            with (target / name).open("w", newline="", encoding="utf-8") as f:
                writer = csv.DictWriter(f, columns, lineterminator="\n", restval="")
                writer.writeheader()
                writer.writerows(data)
        print(f"{folder}: {len(rows)} rows, {len(sources[folder])} sources")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
