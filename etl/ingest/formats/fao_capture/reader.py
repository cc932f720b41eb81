"""FAO Global Capture Production in long form: one row per country, species item, FAO area and year, as the R
package sofia-taf/fishstat25 holds it (`data/capture.RData` joined to its species table `data/species.RData`)
once converted to CSV: `species, species_name, scientific, isscaap, year, area, country, value, measure, status`,
in any order and punctuation (FishStat's own column names, `SPECIES.ALPHA_3_CODE`, `COUNTRY.UN_CODE`,
`AREA.CODE`, `PERIOD`, `VALUE`, `MEASURE`, `STATUS`, are read too, provided the file carries the scientific name).

In scope: Peru's catch (country 604, or Peru's name or ISO code) of sharks in FAO area 87 (Pacific, Southeast),
in tonnes of live weight (measure Q_tlw), to `shark_capture`, series `fao_capture`: one figure per FAO species
item and year, the item's FAO scientific name as `taxon` ('Prionace glauca', 'Mustelus spp'). An item is a
shark when the first word of its scientific name (a genus, a family or an order) is in codes.yaml's shark_taxa,
the shark (Selachimorpha) genera, families and orders of FAO's species list; FAO's catch-all item "Sharks, rays, skates,
etc. NEI" (Elasmobranchii) is kept too, noted as mixing sharks and rays. Rays, skates, chimaeras and any taxon
the table does not know as a shark are out of scope, counted under their scientific name. Other countries, FAO
areas, ISSCAAP groups and measures are out of scope, counted.

FAO status: A official figure (no note), N not significant (less than half a tonne: `<0.5`), other flags (E
estimate, I imputed, ...) kept in the note. A value the R-to-CSV conversion wrote as a float ('578.0') is read
as 578; other digits are kept as written. A blank value is a gap, never zero.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from etl.ingest.countries import alpha2
from etl.ingest.files import Context, FileInfo, ObservationRow, observation
from etl.ingest.formats import table
from etl.ingest.reader import Input, Reading, each_file
from etl.ingest.rows import (
    FirstRows,
    OutOfScope,
    Record,
    RowRejected,
    Tally,
    cell,
    check_width,
    each_row,
    file_rows,
    first_row,
)
from etl.ingest.text import Detected, ignored_columns, known_width, map_columns, squash
from etl.ingest.values import number_text, parse_number, parse_year

INDICATOR, SERIES, UNIT = "shark_capture", "fao_capture", "t_live_weight"
PERU = 604
AREA = "87"
SPEC = {"species": ("species", "species_code", "SPECIES.ALPHA_3_CODE"),
        "species_name": ("species_name", "english_name", "Name_En"),
        "scientific": ("scientific", "scientific_name", "Scientific_Name"),
        "isscaap": ("isscaap", "isscaap_group"), "year": ("year", "PERIOD"), "area": ("area", "AREA.CODE"),
        "country": ("country", "COUNTRY.UN_CODE"), "value": ("value", "VALUE"), "measure": ("measure", "MEASURE"),
        "status": ("status", "STATUS")}
REQUIRED = {"species", "scientific", "year", "area", "country", "value"}
ISSCAAP_SHARKS = {"sharksrayschimaeras", "38"}
MEASURE = "qtlw"   # Q_tlw: tonnes of live weight
_CODES = table("fao_capture", "codes.yaml")
STATUS: dict[str, str] = _CODES["status"]
SHARK_TAXA = frozenset(name for line in _CODES["shark_taxa"] for name in line.split())
MIXED = {"elasmobranchii": "this NEI item mixes sharks and rays"}   # kept: FAO's catch-all for sharks and rays

RowKey = tuple[str, str, str, int, str]   # country, species, area, year, measure


def accepts(names: set[str]) -> str | None:
    def has(key: str) -> bool:
        return any(squash(n) in names for n in SPEC[key])
    return "long" if all(has(k) for k in REQUIRED) else None


def read(inputs: Sequence[Input], ctx: Context) -> Reading:
    return each_file(inputs, ctx, read_file)


def read_file(info: FileInfo, detected: Detected, ctx: Context) -> tuple[Tally, list[ObservationRow]]:
    header = detected.header
    assert header is not None   # only spreadsheets have none
    tally = Tally(info.name, notes=list(detected.notes))
    mapping = map_columns(header, SPEC, REQUIRED, info.name)
    names = {k: header.fields[i] for k, i in mapping.items()}
    if "measure" not in mapping:
        tally.notes.append("no measure column: values read as tonnes of live weight (FAO capture's unit)")
    known = set(mapping.values())
    width, needed = len(header.fields), known_width(header, known)
    ignored = ignored_columns(header, known)
    if ignored:
        tally.notes.append(ignored)
    seen: FirstRows[RowKey, str] = {}

    def row(rec: Record) -> ObservationRow | None:
        check_width(rec, width, needed, header.fields)
        reason = _out_of_scope(rec, mapping)
        if reason:
            raise OutOfScope(reason)
        key, found = _observation(rec, mapping, names, header.delimiter, info, ctx)
        first_row(seen, key, rec, found["value"] if found else "", "this species, area and year")
        return found

    observations = [o for o in each_row(file_rows(info, header, tally), tally, row) if o is not None]
    return tally, observations


def _out_of_scope(rec: Record, mapping: dict[str, int]) -> str | None:
    """Why a row is not Peru's shark catch in area 87 in tonnes of live weight, or None when it is."""
    country = cell(rec, mapping, "country")
    if not (int(country) == PERU if country.isdigit() else alpha2(country) == "PE"):
        return "not Peru"
    if "isscaap" in mapping and squash(cell(rec, mapping, "isscaap")) not in ISSCAAP_SHARKS:
        return "ISSCAAP group other than sharks, rays, chimaeras"
    if cell(rec, mapping, "area") != AREA:
        return f"FAO area other than {AREA} (Pacific, Southeast)"
    if "measure" in mapping and squash(cell(rec, mapping, "measure")) != MEASURE:
        return f"measure {cell(rec, mapping, 'measure') or 'blank'} (only Q_tlw, tonnes of live weight, is read)"
    scientific = " ".join(cell(rec, mapping, "scientific").split())
    first = scientific.split(" ", 1)[0].casefold()
    if scientific and first not in SHARK_TAXA and first not in MIXED:
        return f"not a shark: {scientific}"
    return None


def _observation(rec: Record, mapping: dict[str, int], names: dict[str, str], delimiter: str, info: FileInfo,
                 ctx: Context) -> tuple[RowKey, ObservationRow | None]:
    species, scientific = cell(rec, mapping, "species"), " ".join(cell(rec, mapping, "scientific").split())
    if not species:
        raise RowRejected(names["species"], "", "an FAO species code")
    if not scientific:
        raise RowRejected(names["scientific"], "", "a scientific name (it tells sharks from rays)")
    year_text = cell(rec, mapping, "year")
    year = parse_year(year_text, names["year"], info.downloaded)
    key = (cell(rec, mapping, "country"), species, cell(rec, mapping, "area"), year, cell(rec, mapping, "measure"))
    text = cell(rec, mapping, "value")
    number = parse_number(re.sub(r"(?<=\d)\.0$", "", text), names["value"], delimiter)
    if number is None:
        return key, None   # a gap, never zero
    status = cell(rec, mapping, "status").upper()
    value = number_text(number)
    notes = [f"FAO capture, area {AREA}, species item {species}"
             + (f" ({cell(rec, mapping, 'species_name')})" if cell(rec, mapping, "species_name") else "")]
    if status == "N":
        if number >= Decimal("0.5"):
            raise RowRejected(names["value"], text, "a value under half a tonne for FAO status N (not significant)")
        value = "<0.5"
        notes.append("FAO status N: not significant (less than half a tonne)")
    elif status and status != "A":
        notes.append(f"FAO status {status}" + (f": {STATUS[status]}" if status in STATUS else ""))
    mixed = MIXED.get(scientific.split(" ", 1)[0].casefold())
    if mixed:
        notes.append(mixed)
    return key, observation(
        ref=info.ref(rec.line), indicator=INDICATOR, series=SERIES, geography_level="country", geography="PE",
        period=str(year), value=value, unit=UNIT, source_id=info.source_id,
        locator=f"row {names['country']}={key[0]}, {names['species']}={species}, {names['area']}={key[2]}, "
                f"{names['year']}={year_text}",
        verification=ctx.verification, taxon=scientific, value_as_published=text, period_as_published=year_text,
        geography_as_published=key[0], note="; ".join(notes))
