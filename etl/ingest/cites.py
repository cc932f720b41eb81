"""CITES Trade Database: the comparative tabulation (16- and older 13-column exports) and the bulk
shipment-level files (`trade_db_N.csv`, 20 columns; also the R `write.csv` copy with a row-index column).

In scope: records of mahogany and cedar, sharks and rays, parrots and primates (cites_codes.GROUPS) where
Peru is the exporter, the importer, or the country of origin of a re-export by another country. Each
reported quantity becomes one observation in the unit it was reported in (never converted): indicator
`cites_<group>_<unit>` (Peru exporting, re-exporting or importing) or `cites_<group>_<unit>_peru_origin`
(third countries re-exporting Peruvian specimens). Importer- and exporter-reported quantities are separate
observations (`reporter`), never added; source I (confiscated or seized) goes in its own series.

Bulk records are summed per comparative-tabulation key (year, appendix, taxon, importer, exporter, origin,
term, unit, purpose, source) and reporter: the tabulation's own aggregation, one shipment list per figure.

Rows of a comparative tabulation that share that key with different quantities (real exports hold them: 55
keys in one 2013 export) are separate records of the tabulation, and every one is kept, each traceable to its
own line. The package holds one figure per key and reporter, so this reader sums them: the importer-reported
figure for the key is the sum of the importer-reported quantities of its rows (rows with that side blank add
nothing; when no row has it, it is a gap), and likewise for the exporter; the two sides are never added
together. The figure's locator lists the lines summed and its note says it is such a sum; a key held by one
row is that row's quantity as published. A row identical to an earlier one in every field is rejected as a
duplicate of it.

Several files ingested together: files with the same download date are one download (a bulk release split
in files, several exports of one day); for a key found in several downloads, the latest download wins and
the older rows are rejected as superseded, so one figure never mixes two downloads.

A row with fewer fields than the header needs is rejected (it is handed back by the scan even when no Peru
field is left in it); columns the format does not know are ignored, named in the summary, and may be missing
from rows when they come after the format's own columns.
"""
from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from etl.ingest import cites_codes as codes
from etl.ingest.common import (
    Context,
    Detected,
    FileInfo,
    ObservationRow,
    OutOfScope,
    Record,
    RowRejected,
    Tally,
    check_width,
    each_row,
    ignored_columns,
    known_width,
    map_columns,
    number_text,
    observation,
    parse_number,
    parse_year,
)
from etl.ingest.countries import alpha2
from etl.ingest.download import file_sha256
from etl.ingest.stream import Scanner
from etl.problems import Problem

NAME = "cites"
COMMON = {"year": ("Year",), "app": ("App.", "Appendix"), "taxon": ("Taxon",), "class": ("Class",),
          "order": ("Order",), "family": ("Family",), "genus": ("Genus",), "importer": ("Importer",),
          "exporter": ("Exporter",), "origin": ("Origin",), "term": ("Term",), "unit": ("Unit",),
          "purpose": ("Purpose",), "source": ("Source",)}
COMPTAB = {**COMMON, "importer_qty": ("Importer reported quantity",),
           "exporter_qty": ("Exporter reported quantity",)}
BULK = {**COMMON, "id": ("Id",), "quantity": ("Quantity",), "reporter_type": ("Reporter.type", "Reporter type"),
        "import_permit": ("Import.permit.RandomID",), "export_permit": ("Export.permit.RandomID",),
        "origin_permit": ("Origin.permit.RandomID",)}
SIGNATURES: dict[str, tuple[str, ...]] = {   # layout -> the columns that tell it, for messages
    "CITES comparative tabulation": ("Year", "App.", "Taxon", "Importer", "Exporter", "Importer reported quantity",
                                     "Exporter reported quantity"),
    "CITES bulk shipment file": ("Id", "Year", "Taxon", "Importer", "Exporter", "Quantity", "Reporter.type"),
}
REQUIRED = {"year", "app", "taxon", "importer", "exporter", "origin", "term", "unit", "purpose", "source"}
SOURCE = {"publisher": "CITES Secretariat and UNEP-WCMC", "title": "CITES Trade Database",
          "url": "https://trade.cites.org/", "reliability": "official_statistic", "language": "en",
          "licence": "CITES Trade Database terms of use (cite CITES Secretariat and UNEP-WCMC); quoted as a fact"}


def accepts(names: set[str]) -> str | None:
    if {"year", "taxon", "importer", "exporter", "importerreportedquantity", "exporterreportedquantity"} <= names:
        return "comptab16" if {"class", "genus"} & names else "comptab13"
    if {"year", "taxon", "importer", "exporter", "quantity", "reportertype"} <= names:
        return "bulk"
    return None


class TradeKey(NamedTuple):
    """The comparative tabulation's key: bulk shipments with the same key are summed."""
    year: int
    app: str
    taxon: str
    importer: str
    exporter: str
    origin: str
    term: str
    unit: str       # unit id
    purpose: str
    source: str


class Report(NamedTuple):
    """One side's reported quantity."""
    quantity: Decimal
    as_published: str
    column: str


@dataclass
class Trade:
    info: FileInfo
    rec: Record
    key: TradeKey
    group: str
    unit: codes.Unit
    reports: dict[str, Report]   # reporter ('importer' or 'exporter') -> its report
    bulk: bool
    record_id: str = ""
    countries: dict[str, str] = field(default_factory=dict)   # importer, exporter, origin as in the file


@dataclass
class CitesFile:
    info: FileInfo
    variant: str
    tally: Tally
    trades: list[Trade] = field(default_factory=list)


def read(info: FileInfo, detected: Detected, ctx: Context) -> CitesFile:
    header, variant = detected.header, detected.variant
    assert header is not None   # only spreadsheets have none
    bulk = variant == "bulk"
    mapping = map_columns(header, BULK if bulk else COMPTAB, REQUIRED | (
        {"quantity", "reporter_type"} if bulk else {"importer_qty", "exporter_qty"}), info.name)
    names = {k: header.fields[i] for k, i in mapping.items()}
    r_written = header.fields[0] == ""   # R's write.csv: row-index column, NA for blanks
    known = set(mapping.values()) | ({0} if r_written else set())
    width, needed = len(header.fields), known_width(header, known)
    out = CitesFile(info, variant + ("_r" if r_written else ""), Tally(info.name))
    ignored = ignored_columns(header, known)
    if ignored:
        out.tally.notes.append(ignored)
    scanner = Scanner(info.path, detected.data_offset, header.line + 1, header.delimiter, detected.crlf,
                      ctx.progress, member=info.member, width=width, needed=needed)

    def records() -> Iterator[Record]:
        for line, last, text in scanner.candidates():
            if r_written:
                fields = _split_r(text)
            elif text and not _SPECIAL.intersection(text):   # no quoting: what the csv module would read
                fields = text.split(header.delimiter)
            else:
                fields = next(csv.reader(io.StringIO(text, newline=""), delimiter=header.delimiter), [])
            yield Record(line, fields, text, last)

    def trade(rec: Record) -> Trade:
        check_width(rec, width, needed, header.fields)
        return _parse(rec, mapping, names, header.delimiter, bulk, info, ctx)

    out.trades = each_row(records(), out.tally, trade, keep=False)
    for refused in scanner.refused:
        out.tally.rows_in += 1
        out.tally.rejected.append(Problem(info.name, refused.line, "", refused.preview, "expected " + refused.reason,
                                          refused.last, refused.preview))
    info.sha256, info.size = (scanner.sha256, scanner.size) if scanner.sha256 else file_sha256(info.path, info.member)
    out.tally.skipped(scanner.rows_in - scanner.candidates_seen - len(scanner.refused), "trade not involving Peru")
    if scanner.blank:
        out.tally.notes.append(f"{scanner.blank} blank lines ignored")
    return out


_SPECIAL = frozenset('"\r\n\x00')   # a record holding none of these splits at its delimiters like the csv module


def _split_r(text: str) -> list[str]:
    """A line written by R's write.csv: an unquoted NA is a blank; a quoted "NA" is Namibia."""
    fields: list[str] = []
    i, n = 0, len(text)
    while True:
        if i < n and text[i] == '"':
            j, parts = i + 1, []
            while j < n and not (text[j] == '"' and text[j + 1:j + 2] != '"'):
                parts.append(text[j])
                j += 2 if text[j] == '"' else 1
            fields.append("".join(parts))
            i = text.find(",", j)
        else:
            end = text.find(",", i)
            bare = text[i:] if end < 0 else text[i:end]
            fields.append("" if bare.strip() == "NA" else bare)
            i = end
        if i < 0 or i >= n:
            return fields
        i += 1


def _parse(rec: Record, mapping: dict[str, int], names: dict[str, str], delimiter: str, bulk: bool,
           info: FileInfo, ctx: Context) -> Trade:
    fields = rec.fields

    def get(key: str) -> str:
        return " ".join(fields[mapping[key]].split()) if key in mapping else ""

    def raw(key: str) -> str:
        """The field as it is in the file, for messages."""
        return fields[mapping[key]].strip() if key in mapping else ""

    # the scope first, from the few fields it needs: most records handed back by the scan are out of it
    countries = {k: (v, alpha2(v) if v else "") for k in ("importer", "exporter", "origin") for v in (get(k),)}
    if "PE" not in {code for _, code in countries.values()}:
        raise OutOfScope("trade not involving Peru")
    taxon = get("taxon")
    group = codes.group_of(taxon, get("class"), get("order"), get("family"), get("genus"))
    if group is None:
        raise OutOfScope("taxon outside Vigía's groups (mahogany and cedar, sharks and rays, parrots, primates)")
    known: dict[str, str] = {}
    for k, (_, code) in countries.items():
        if code is None:
            raise RowRejected(names[k], raw(k), "an ISO 3166-1 alpha-2 code or XX (unknown country)")
        known[k] = code
    imp, exp, org = known["importer"], known["exporter"], known["origin"]
    if imp == exp == "PE":
        raise RowRejected(names["importer"], raw("importer"),
                          f"different importer and exporter (both Peru: exporter {raw('exporter')!r})")
    year = parse_year(get("year"), names["year"], info.downloaded, earliest=1975)
    app = get("app").upper()
    if app not in codes.APPENDICES:
        raise RowRejected(names["app"], raw("app"), "a CITES appendix: I, II, III or N")
    term = codes.term_of(get("term"))
    if term is None:
        raise RowRejected(names["term"], raw("term"), "a CITES trade term (Trade Database Guide, Annex 1)")
    unit = codes.unit_of(get("unit"))
    if unit is None:
        raise RowRejected(names["unit"], raw("unit"), "a CITES unit (Trade Database Guide), blank for specimens")
    purpose, source = get("purpose").upper(), get("source").upper()
    if purpose and purpose not in codes.PURPOSES:
        raise RowRejected(names["purpose"], raw("purpose"),
                          "a CITES purpose code: " + " ".join(sorted(codes.PURPOSES)))
    if source and source not in ctx.vocabularies["cites_source"]:
        raise RowRejected(names["source"], raw("source"), "a CITES source code of catalogue/vocabularies.yaml: "
                          + " ".join(sorted(ctx.vocabularies["cites_source"])))
    reports: dict[str, Report] = {}
    if bulk:
        column = names["quantity"]
        quantity = parse_number(raw("quantity"), column, delimiter)
        if quantity is None:
            raise RowRejected(column, "", "a quantity (blank)")
        reporter = {"I": "importer", "E": "exporter"}.get(get("reporter_type").upper())
        if reporter is None:
            raise RowRejected(names["reporter_type"], raw("reporter_type"), "reporter type I or E")
        reports[reporter] = Report(quantity, raw("quantity"), column)
    else:
        for reporter in ("importer", "exporter"):
            column = names[f"{reporter}_qty"]
            quantity = parse_number(raw(f"{reporter}_qty"), column, delimiter)
            if quantity is not None:
                reports[reporter] = Report(quantity, raw(f"{reporter}_qty"), column)
        if not reports:
            raise RowRejected(names["importer_qty"], "", "an importer- or exporter-reported quantity (both blank)")
    key = TradeKey(year, app, taxon, imp, exp, org, term, unit.id, purpose, source)
    return Trade(info, rec, key, group, unit, reports, bulk, get("id") if bulk else "",
                 {k: raw(k) for k in ("importer", "exporter", "origin")})


# ---------------------------------------------------------------- several files -> observations

def combine(files: list[CitesFile], ctx: Context) -> list[ObservationRow]:
    """Duplicates within a download rejected, older downloads superseded per key, bulk shipments and
    tabulation rows sharing a key summed (see the module docstring)."""
    by_download: dict[date, list[Trade]] = defaultdict(list)
    for f in files:
        by_download[f.info.downloaded].extend(f.trades)
    tallies = {id(f.info): f.tally for f in files}

    def reject(trade: Trade, reason: str, column: str = "", value: str = "", superseded: bool = False) -> None:
        tallies[id(trade.info)].reject(trade.rec, column, value, reason, superseded=superseded)

    keyed: dict[TradeKey, dict[date, list[Trade]]] = defaultdict(dict)   # key -> download -> trades
    for downloaded, trades in by_download.items():
        seen_comptab: dict[tuple[TradeKey, tuple[str, ...]], Trade] = {}
        seen_ids: dict[str, Trade] = {}
        bulk_keys = {t.key for t in trades if t.bulk}
        for t in trades:
            if t.bulk and t.record_id:
                first = seen_ids.setdefault(t.record_id, t)
                if first is not t:
                    reject(t, f"duplicate Id {t.record_id} (also {_where(first)})", "Id", t.record_id)
                    continue
            elif not t.bulk:
                if t.key in bulk_keys:
                    reject(t, "same trade also in a bulk file of the same download date")
                    continue
                earlier = seen_comptab.setdefault((t.key, tuple(t.rec.fields)), t)
                if earlier is not t:
                    reject(t, f"duplicate of {_where(earlier)} (every field the same)")
                    continue
            keyed[t.key].setdefault(downloaded, []).append(t)
    observations = []
    for key, downloads in keyed.items():
        latest = max(downloads)
        for downloaded, trades in downloads.items():
            if downloaded != latest:
                winner = downloads[latest][0]
                for t in trades:
                    reject(t, f"superseded by {_where(winner)} (a later download: {latest.isoformat()})",
                           superseded=True)
        kept = downloads[latest]
        for t in kept:
            tallies[id(t.info)].kept += 1
        observations += _observations(key, kept, ctx)
    return observations


def _where(trade: Trade) -> str:
    return f"{trade.info.name}:{trade.rec.line}"


def _observations(key: TradeKey, trades: list[Trade], ctx: Context) -> list[ObservationRow]:
    year, app, taxon, imp, exp, org, term, unit_id, purpose, source = key
    first = trades[0]
    if exp == "PE":
        indicator, flow, partner, peru = f"cites_{first.group}_{unit_id}", \
            ("export" if org in ("", "PE") else "re_export"), imp, "exporter"
    elif imp == "PE":
        indicator, flow, partner, peru = f"cites_{first.group}_{unit_id}", "import", exp, "importer"
    else:
        indicator, flow, partner, peru = f"cites_{first.group}_{unit_id}_peru_origin", "re_export", exp, "origin"
    as_published = first.countries.get(peru) or {"exporter": exp, "importer": imp, "origin": org}[peru]
    scope = [f"App. {app}", f"purpose {purpose}" if purpose else "purpose not reported"]
    if org:
        scope.append(f"origin {org}")
    if indicator.endswith("_peru_origin"):
        scope.append(f"re-exported by {exp} to {imp}")
    rows = []
    for reporter in ("exporter", "importer"):
        parts = [(t, t.reports[reporter]) for t in trades if reporter in t.reports]
        if not parts:
            continue   # no report from this side: a gap, not zero
        total = sum((report.quantity for _, report in parts), Decimal(0))
        t0, (_, text0, column) = parts[0]
        if first.bulk:
            lines = ", ".join(_where(t) for t, _ in parts[:5]) + (" …" if len(parts) > 5 else "")
            locator = f"sum of {len(parts)} shipment record(s) with Reporter.type {reporter[0].upper()}: {lines}"
            published = text0 if len(parts) == 1 else number_text(total)
            note = "" if len(parts) == 1 else f"sum of {len(parts)} shipment records (comparative-tabulation key)"
        elif len(parts) > 1:
            lines = ", ".join(t.rec.lines for t, _ in parts[:10]) + (" …" if len(parts) > 10 else "")
            locator = f"sum of {len(parts)} rows with the same key, column '{column}': lines {lines}"
            published = " + ".join(report.as_published for _, report in parts[:10]) + (
                " …" if len(parts) > 10 else "")
            note = (f"sum of {len(parts)} rows of the comparative tabulation with the same key (year, appendix, "
                    "taxon, countries, term, unit, purpose, source): separate records, each kept")
        else:
            locator, published, note = f"column '{column}'", text0, ""
        rows.append(observation(
            ref=t0.info.ref(t0.rec.line), indicator=indicator, series="seized" if source == "I" else "reported",
            geography_level="country", geography="PE", period=str(year), value=number_text(total), unit=unit_id,
            source_id=t0.info.source_id, locator=locator, verification=ctx.verification, taxon=taxon,
            product=term, partner=partner, flow=flow, reporter=reporter, cites_source=source,
            scope="; ".join(scope), value_as_published=published, period_as_published=str(year),
            geography_as_published=as_published, note=note))
    return rows


# ---------------------------------------------------------------- catalogue entries

def indicator(indicator_id: str, units: dict[str, tuple[str, str]]) -> dict[str, object]:
    """The definition of a `cites_<group>_<unit>[_peru_origin]` indicator."""
    origin = indicator_id.endswith("_peru_origin")
    body = indicator_id[len("cites_"):-len("_peru_origin")] if origin else indicator_id[len("cites_"):]
    group, unit_id = body.split("_", 1)
    theme, group_es, group_en = codes.GROUPS[group]
    unit_es, unit_en = units[unit_id]
    if origin:
        name = {"es": f"Comercio CITES de {group_es} de origen peruano reexportado por terceros ({unit_es})",
                "en": f"CITES trade in {group_en} of Peruvian origin re-exported by other countries ({unit_en})"}
        what = {"es": "reexportaciones por otros países de especímenes cuyo país de origen es el Perú",
                "en": "re-exports by other countries of specimens whose country of origin is Peru"}
    else:
        name = {"es": f"Comercio CITES de {group_es} del Perú ({unit_es})",
                "en": f"CITES trade in {group_en} involving Peru ({unit_en})"}
        what = {"es": "exportaciones, reexportaciones e importaciones del Perú",
                "en": "Peru's exports, re-exports and imports"}
    return {
        "id": indicator_id, "theme": theme, "unit": unit_id, "name": name,
        "definition": {
            "es": f"Cantidades declaradas en los informes anuales CITES (Base de Datos sobre el Comercio CITES) para "
                  f"{what['es']}, en {unit_es}. Cada cifra es la declaración de una sola parte: el exportador o el "
                  f"importador.",
            "en": f"Quantities reported in CITES annual reports (CITES Trade Database) for {what['en']}, in {unit_en}. "
                  f"Each figure is one party's report: the exporter's or the importer's."},
        "caveats": [
            {"es": "Las cantidades declaradas por el importador y por el exportador son dos informes del mismo "
                   "comercio: nunca se suman.",
             "en": "Importer- and exporter-reported quantities are two reports of the same trade: never add them."},
            {"es": "Sin declaración de una parte es un vacío, no un cero.",
             "en": "No report from one side is a gap, not a zero."},
            {"es": "Los especímenes decomisados o confiscados (fuente I) forman una serie aparte.",
             "en": "Confiscated or seized specimens (source I) are a separate series."},
        ],
        "series": [
            {"id": "reported", "preferred": True,
             "name": {"es": "Comercio declarado (todas las fuentes salvo I)",
                      "en": "Reported trade (all sources but I)"}},
            {"id": "seized",
             "name": {"es": "Decomisados o confiscados (fuente I)", "en": "Confiscated or seized (source I)"}},
        ],
    }


class UnitRow(NamedTuple):
    """A CITES unit with the symbol the catalogue shows for it."""
    id: str
    name_es: str
    name_en: str
    kind: str
    symbol: str


def unit_rows(observations: list[ObservationRow]) -> dict[str, UnitRow]:
    """unit id -> its definition, for every unit the observations use."""
    by_id: dict[str, UnitRow] = {}
    for wording, unit in codes.UNITS.items():
        by_id.setdefault(unit.id, UnitRow(*unit, "µg" if wording == "microgrammes" else wording))
    return {o["unit"]: by_id[o["unit"]] for o in observations}
