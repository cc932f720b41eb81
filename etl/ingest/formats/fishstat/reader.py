"""FAO FishStat (FishStatJ export) trade in shark fins and shark meat: the wide layout (`[1985]` … `[2019]`
year columns, optionally a symbol column after each year, footer lines), the partner layout (`Reporting
country, Country, …, Quantity|Value`, one year, which the file does not state: give it with --year), and the
long layout some users save (`reporting_country, commodity_fao, trade_flow, unit, year, trade_quantity`).

In scope: shark fins and shark meat reported by Peru, or reported by another country as trade with Peru (a
mirror figure: `reporter` says who reported, `partner` is that country). Fins are the commodities named
"Shark fins, …": quantities (tonnes of net product weight) go to `shark_fin_trade_volume`, values (USD 1000) to
`shark_fin_trade_value_fao`. Meat is every other commodity naming sharks or dogfish ("Sharks nei, fresh or
chilled", "Dogfish (Squalidae) and other sharks, meat, frozen", …) except those that also name rays or skates
and shark oil, livers, skins and cartilage: quantities go to `shark_meat_trade_volume` (its values have no
indicator: out of scope). Series `fao_fishstat`.

FAO symbols: '...' not available (a gap), '-' nil or zero (0, noted), '0 0' or N more than zero but under half
the unit (<0.5), E/F/I/X estimates and other flags kept in the note. A 0 with no symbol (the long layout has no
symbol column) is kept as 0, noted as published with no FAO symbol.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

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

SERIES = "fao_fishstat"
SPEC = {"reporter": ("Reporting country (Name)", "reporting_country", "Country (Name)"),
        "partner": ("Country", "Partner country (Name)", "Partner (Name)"),
        "commodity": ("Commodity (Name)", "commodity_fao"), "flow": ("Trade flow (Name)", "trade_flow"),
        "unit": ("Unit (Name)", "unit", "Unit"), "year": ("year",),
        "value": ("Quantity", "Value", "trade_quantity", "trade_value")}
SYMBOL_HEADERS = {"s", "symbol", "symbols", "flag", "flags", "status"}
KNOWN = {squash(n) for names in SPEC.values() for n in names}   # and year and symbol columns
SYMBOLS: dict[str, str] = table("fishstat", "codes.yaml")["symbols"]
GAP_TEXTS = {"...", "…", "..", "M", "nd", "n.d."}
FOOTER = re.compile(r"(?i)(totals?|sources?|fuente|notes?|symbols?|fao\b|data\b|\*)")
FLOWS = {"exports": "export", "imports": "import", "reexports": "re_export"}
UNITS = {"t_product_weight": "FAO FishStat, tonnes of net product weight",
         "usd_thousand": "FAO FishStat, value in thousand US dollars"}
INDICATORS = {"fins": {"t_product_weight": "shark_fin_trade_volume", "usd_thousand": "shark_fin_trade_value_fao"},
              "meat": {"t_product_weight": "shark_meat_trade_volume"}}   # commodity kind -> unit -> indicator
SHARK = re.compile(r"(?i)\b(sharks?|dogfish(es)?)\b")
RAYS = re.compile(r"(?i)\b(rays?|skates?|rajidae)\b")
NOT_MEAT = re.compile(r"(?i)\b(oils?|livers?|skins?|cartilage|fins?)\b")


class YearColumn(NamedTuple):
    """A year column of the wide layout."""
    year: int
    name: str
    symbol: int | None   # index of the symbol column after it, if any


class YearCell(NamedTuple):
    """One year of a row: its observation, or None for a gap."""
    observation: ObservationRow | None
    year: int
    value: str | None


RowKey = tuple[str | int | None, ...]   # reporter, partner, commodity, flow, unit[, year]


def accepts(names: set[str]) -> str | None:
    if {"reportingcountryname", "commodityname", "tradeflowname"} <= names:
        if "country" in names and names & {"quantity", "value"}:
            return "partner"
        if any(re.fullmatch(r"\d{4}", n) for n in names):
            return "wide"
    if {"reportingcountry", "commodityfao", "tradeflow", "year"} <= names and names & {"tradequantity", "tradevalue"}:
        return "long"
    return None


def commodity_kind(text: str) -> str:
    """'fins' or 'meat' for a commodity in scope, else why it is not."""
    if squash(text).startswith("sharkfins"):
        return "fins"
    if not SHARK.search(text):
        return "commodity not shark fins or shark meat"
    if RAYS.search(text):
        return "commodity mixing sharks with rays or skates"
    if NOT_MEAT.search(text):
        return "shark oil, liver, skin, cartilage or another fin product (not meat)"
    return "meat"


def _unit(text: str) -> str | None:
    s = squash(text)
    if "tonne" in s and "netproductweight" in s:
        return "t_product_weight"
    if "usd1000" in s or s == "1000usd":
        return "usd_thousand"
    return None


def _value(text: str, symbol: str, column: str) -> tuple[str | None, str]:
    """(value in the sources-layer grammar or None for a gap, note) from a FishStat cell and its symbol."""
    s = " ".join(text.split())
    m = re.fullmatch(r"(\S+) ([A-Z])", s)
    if m and m[1] != "0":
        s, symbol = m[1], m[2]
    symbol = symbol.strip()
    if s in GAP_TEXTS or (not s and symbol in ("", "...", "M")):
        return None, ""
    if s == "-" or symbol == "-":
        return "0", "FAO symbol '-': nil or zero"
    if s == "0 0" or symbol == "N":
        return "<0.5", "FAO: more than zero but less than half the unit"
    number = parse_number(s, column)
    if number is None:
        return None, ""
    if symbol:
        note = f"FAO symbol {symbol!r}" + (f": {SYMBOLS[symbol]}" if symbol in SYMBOLS else "")
    else:
        note = "0 as published, with no FAO symbol" if number == 0 else ""
    return number_text(number), note


def read(inputs: Sequence[Input], ctx: Context) -> Reading:
    return each_file(inputs, ctx, read_file, table("fishstat", "indicators.yaml"))


def read_file(info: FileInfo, detected: Detected, ctx: Context) -> tuple[Tally, list[ObservationRow]]:
    header, variant = detected.header, detected.variant
    assert header is not None   # only spreadsheets have none
    tally = Tally(info.name, notes=list(detected.notes))
    required = {"reporter", "commodity", "flow", "unit"} | ({"year", "value"} if variant == "long" else set()) | (
        {"partner", "value"} if variant == "partner" else set())
    spec = dict(SPEC)
    if variant != "partner":
        spec.pop("partner")
    mapping = map_columns(header, spec, required, info.name)
    names = {k: header.fields[i] for k, i in mapping.items()}
    years: dict[int, YearColumn] = {}   # by column index
    if variant == "wide":
        squashed = [squash(f) for f in header.fields]
        for i, name in enumerate(squashed):
            if re.fullmatch(r"\d{4}", name):
                symbol = i + 1 if i + 1 < len(squashed) and (squashed[i + 1] in SYMBOL_HEADERS
                                                            or squashed[i + 1] == "s" + name) else None
                years[i] = YearColumn(int(name), header.fields[i], symbol)
    known = set(mapping.values()) | {i for i, f in enumerate(header.fields) if squash(f) in KNOWN} | set(years) | {
        y.symbol for y in years.values() if y.symbol is not None}
    width, needed = len(header.fields), known_width(header, known)
    ignored = ignored_columns(header, known)
    if ignored:
        tally.notes.append(ignored)
    seen: FirstRows[RowKey, list[tuple[int, str | None]]] = {}

    def row(rec: Record) -> list[YearCell]:
        non_empty = [f for f in rec.fields if f.strip()]
        if len(non_empty) <= 1 or FOOTER.match(rec.fields[0].strip()):
            raise OutOfScope("footer or note line")
        check_width(rec, width, needed, header.fields)
        reporter_name = cell(rec, mapping, "reporter")
        reporter = alpha2(reporter_name)
        partner_name = cell(rec, mapping, "partner")
        partner = alpha2(partner_name) if partner_name else ""
        if "PE" not in (reporter, partner):
            raise OutOfScope("trade not involving Peru")
        kind = commodity_kind(cell(rec, mapping, "commodity"))
        if kind not in INDICATORS:
            raise OutOfScope(kind)
        if kind == "meat" and _unit(cell(rec, mapping, "unit")) == "usd_thousand":
            raise OutOfScope("value of shark meat trade (no indicator for it)")
        key, cells = _parse_row(rec, mapping, names, years, variant, kind, reporter_name, reporter, partner_name,
                                partner, info, ctx)
        first_row(seen, key, rec, [(c.year, c.value) for c in cells], "this commodity and flow")
        return cells

    observations = [c.observation for cells in each_row(file_rows(info, header, tally), tally, row)
                    for c in cells if c.observation]
    return tally, observations


def _parse_row(rec: Record, mapping: dict[str, int], names: dict[str, str], years: dict[int, YearColumn],
               variant: str, kind: str, reporter_name: str, reporter: str | None, partner_name: str,
               partner: str | None, info: FileInfo, ctx: Context) -> tuple[RowKey, list[YearCell]]:
    commodity = " ".join(cell(rec, mapping, "commodity").split())
    flow_text = cell(rec, mapping, "flow")
    their_flow = FLOWS.get(squash(flow_text))
    if their_flow is None:
        raise RowRejected(names["flow"], flow_text, "a trade flow: Exports, Imports or Re-exports")
    unit = _unit(cell(rec, mapping, "unit"))
    if unit is None:
        raise RowRejected(names["unit"], cell(rec, mapping, "unit"),
                          "a unit 'Tonnes - net product weight' or 'Value (USD 1000)'")
    if partner is None:   # named but unknown ('' when the row names no partner)
        raise RowRejected(names["partner"], partner_name, "a country name (unknown country)")
    if reporter == "PE":
        flow, partner_code, reporter_dim, scope = their_flow, partner, "", ""
    else:
        if reporter is None:
            raise RowRejected(names["reporter"], reporter_name, "a country name (unknown country)")
        flow = "export" if their_flow == "import" else "import"
        partner_code, reporter_dim = reporter, "importer" if their_flow == "import" else "exporter"
        scope = f"reported by {reporter_name}" + (" as a re-export" if their_flow == "re_export" else "")
    if variant == "wide":
        values = [(year, column, rec.fields[i] if i < len(rec.fields) else "",
                   rec.fields[s] if s is not None and s < len(rec.fields) else "")
                  for i, (year, column, s) in years.items()]
    else:
        if variant == "partner":
            if ctx.year is None:
                raise RowRejected("", "", "a year: this layout has no year column (give --year)")
            year, column = ctx.year, "--year"
        else:
            year, column = parse_year(cell(rec, mapping, "year"), names["year"], info.downloaded), names["year"]
        values = [(year, column, cell(rec, mapping, "value"), "")]
    indicator, note = INDICATORS[kind][unit], UNITS[unit]
    cells: list[YearCell] = []
    for year, column, text, symbol in values:
        if year > info.downloaded.year:
            raise RowRejected(column, text, f"a year up to {info.downloaded.year} (future year)")
        value, symbol_note = _value(text, symbol, names.get("value", column))
        if value is None:
            cells.append(YearCell(None, year, None))
            continue
        cells.append(YearCell(observation(
            ref=info.ref(rec.line), indicator=indicator, series=SERIES, geography_level="country", geography="PE",
            period=str(year), value=value, unit=unit, source_id=info.source_id,
            locator=f"row {reporter_name}/{commodity}/{flow_text}, column '{column}'", verification=ctx.verification,
            product=commodity, partner=partner_code, flow=flow, reporter=reporter_dim, scope=scope,
            value_as_published=text.strip() or symbol, period_as_published=column if column != "--year" else str(year),
            geography_as_published=reporter_name if reporter == "PE" else partner_name,
            note="; ".join(filter(None, (note, symbol_note)))), year, value))
    key = (reporter, partner, commodity, flow_text, unit) + ((values[0][0],) if variant != "wide" else ())
    return key, cells
