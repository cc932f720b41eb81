"""UN Comtrade shark-fin trade (HS 030292 fresh or chilled, 030392 frozen, 030571 dried etc.; 030530 is
dried fish fillets, not fins): the legacy API CSV (35 columns, `Commodity Code`, `Trade Flow Code`,
`Netweight (kg)`, `Trade Value (US$)`, …, in any punctuation; older legacy files give the flow only as text,
`Trade Flow` = Import, Export, Re-Export, Re-Import) and the current API/ComtradePlus CSV (`cmdCode`,
`flowCode`, `netWgt`, `primaryValue`, …; bulk files with codes only are read too). Columns of neither
layout are ignored and named in the summary.

In scope: totals (all customs procedures, modes of transport and second partners) of imports, exports and
re-exports reported by Peru, or by another country with Peru as partner (a mirror figure: `reporter` says
which side reported, `partner` is that country). Net weight goes to `shark_fin_trade_comtrade_kg`, trade
value to `shark_fin_trade_comtrade_usd`, series `un_comtrade`. A blank weight or value is a gap.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import partial

from etl.ingest.countries import COMTRADE_AREAS, alpha2, from_numeric
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
from etl.ingest.text import Detected, ignored_columns, known_width, map_columns, missing_columns, squash
from etl.ingest.values import number_text, parse_number, parse_year

SERIES = "un_comtrade"
FIN_CODES = {"030292", "030392", "030571"}
PERU = 604
SPEC = {
    "year": ("Year", "refYear"), "period": ("Period", "period"), "freq": ("freqCode",),
    "flow": ("Trade Flow Code", "flowCode"), "flow_text": ("Trade Flow",),
    "reporter_code": ("Reporter Code", "reporterCode"),
    "reporter_iso": ("Reporter ISO", "reporterISO"), "reporter": ("Reporter", "reporterDesc"),
    "partner_code": ("Partner Code", "partnerCode"), "partner_iso": ("Partner ISO", "partnerISO"),
    "partner": ("Partner", "partnerDesc"), "partner2": ("2nd Partner Code", "partner2Code"),
    "customs": ("Customs Proc. Code", "customsCode"), "mot": ("Mode of Transport Code", "motCode"),
    "cmd": ("Commodity Code", "cmdCode"), "netweight": ("Netweight (kg)", "Netweightkg", "netWgt"),
    "value": ("Trade Value (US$)", "TradeValueUS", "primaryValue"), "flag": ("Flag",),
    "netweight_estimated": ("isNetWgtEstimated",),
}
FLOWS = {"1": "import", "2": "export", "3": "re_export", "M": "import", "X": "export", "RX": "re_export"}
TEXT_FLOWS = {"import": "1", "imports": "1", "export": "2", "exports": "2", "reexport": "3", "reexports": "3",
              "reimport": "4", "reimports": "4"}   # legacy `Trade Flow` text (squashed) -> its code
KNOWN = {squash(c) for layout in table("comtrade", "columns.yaml").values() for c in layout}
MEASURES = (("netweight", "shark_fin_trade_comtrade_kg", "kg"), ("value", "shark_fin_trade_comtrade_usd", "usd"))


def accepts(names: set[str]) -> str | None:
    if {"commoditycode", "reportercode", "partnercode"} <= names and {"tradeflowcode", "tradeflow"} & names:
        return "legacy"
    if {"cmdcode", "flowcode", "reportercode", "partnercode"} <= names:
        return "current"
    return None


def read(inputs: Sequence[Input], ctx: Context) -> Reading:
    return each_file(inputs, ctx, read_file, table("comtrade", "indicators.yaml"))


def read_file(info: FileInfo, detected: Detected, ctx: Context) -> tuple[Tally, list[ObservationRow]]:
    header = detected.header
    assert header is not None   # only spreadsheets have none
    tally = Tally(info.name, notes=list(detected.notes))
    mapping = map_columns(header, SPEC, {"reporter_code", "partner_code", "cmd"}, info.name)
    missing = [m for m, alternatives in (("'Trade Flow Code' or 'Trade Flow' or 'flowCode'", ("flow", "flow_text")),
                                          ("'Year' or 'refYear' or 'Period'", ("year", "period")),
                                          ("'Netweight (kg)' or 'Trade Value (US$)'", ("netweight", "value")))
               if not set(alternatives) & set(mapping)]
    if missing:
        raise missing_columns(info.name, header, missing)
    names = {k: header.fields[i] for k, i in mapping.items()}
    known = set(mapping.values()) | {i for i, f in enumerate(header.fields) if squash(f) in KNOWN}
    width, needed = len(header.fields), known_width(header, known)
    ignored = ignored_columns(header, known)
    if ignored:
        tally.notes.append(ignored)
    seen: FirstRows[tuple[str, ...], list[str]] = {}

    def row(rec: Record) -> list[ObservationRow]:
        check_width(rec, width, needed, header.fields)
        get = partial(cell, rec, mapping)
        cmd = get("cmd").zfill(6) if get("cmd").isdigit() else get("cmd")
        reporter_code, partner_code = _int(get("reporter_code")), _int(get("partner_code"))
        if PERU not in (reporter_code, partner_code):
            raise OutOfScope("trade not involving Peru")
        if cmd == "030530":
            raise OutOfScope("HS 030530 (dried or salted fish fillets, not fins)")
        if cmd not in FIN_CODES:
            raise OutOfScope("HS code not a shark-fin code")
        flow_text = get("flow") if "flow" in mapping else get("flow_text")
        flow_code = flow_text.upper() if "flow" in mapping else TEXT_FLOWS.get(squash(flow_text), flow_text)
        if flow_code not in FLOWS:
            raise OutOfScope(f"flow {flow_text or 'blank'} (re-imports, domestic/foreign and processing breakdowns "
                             "not read)")
        if _int(get("partner2") or "0") not in (0, None) or get("customs") not in ("", "C00") or \
                get("mot") not in ("", "0"):
            raise OutOfScope("breakdown by second partner, customs procedure or mode of transport (totals are read)")
        key, cells = _parse(rec, get, names, cmd, flow_code, reporter_code, partner_code, info, ctx)
        first_row(seen, key, rec, [c["value"] for c in cells], "this period, flow, partner and code")
        return cells

    observations = [o for cells in each_row(file_rows(info, header, tally), tally, row) for o in cells]
    return tally, observations


def _int(text: str) -> int | None:
    try:
        return int(float(text))
    except ValueError:
        return None


def _period(get: Callable[[str], str], names: dict[str, str], info: FileInfo) -> tuple[str, str]:
    period = get("period")
    if re.fullmatch(r"\d{6}", period) and get("freq").upper() != "A" and period[4:] != "52":
        year = parse_year(period[:4], names["period"], info.downloaded)
        month = int(period[4:])
        if not 1 <= month <= 12:
            raise RowRejected(names["period"], period, "a period YYYY or YYYYMM")
        return f"{year}-{period[4:]}", period
    text = get("year") or period[:4]
    column = names["year"] if "year" in names else names["period"]
    return str(parse_year(text, column, info.downloaded)), text


def _country(iso: str, code: int | None, name: str, column: str) -> tuple[str, str]:
    """(ISO alpha-2 partner, scope text) for a Comtrade partner or reporter."""
    if code in COMTRADE_AREAS:
        return "", f"partner: {COMTRADE_AREAS[code]} (Comtrade {code})"
    found = alpha2(iso) if iso and iso.upper() not in ("WLD", "W00") else None
    if not found and code is not None:
        found = from_numeric(code)
    if not found and name:
        found = alpha2(name)
    if not found:
        raise RowRejected(column, iso or name or str(code), "a country code known to ISO 3166 (unknown country)")
    return found, ""


def _parse(rec: Record, get: Callable[[str], str], names: dict[str, str], cmd: str, flow_code: str,
           reporter_code: int | None, partner_code: int | None, info: FileInfo,
           ctx: Context) -> tuple[tuple[str, ...], list[ObservationRow]]:
    if reporter_code == partner_code:
        raise RowRejected(names["partner_code"], get("partner_code"), "a partner other than the reporter")
    period, period_text = _period(get, names, info)
    their_flow = FLOWS[flow_code]
    if reporter_code == PERU:
        partner, scope = _country(get("partner_iso"), partner_code, get("partner"), names["partner_code"])
        flow = their_flow
        reporter = "importer" if flow == "import" else "exporter"
    else:
        partner, scope = _country(get("reporter_iso"), reporter_code, get("reporter"), names["reporter_code"])
        flow = "export" if their_flow == "import" else "import"
        reporter = "importer" if their_flow == "import" else "exporter"
        scope = f"reported by {get('reporter') or get('reporter_iso') or reporter_code}" + (
            " as a re-export" if their_flow == "re_export" else "")
    weight_notes: list[str] = []   # estimation flags concern quantities and weights, not values
    if get("flag") not in ("", "0"):
        weight_notes.append(f"Comtrade flag {get('flag')} (quantity or weight estimated)")
    if get("netweight_estimated").lower() in ("true", "1"):
        weight_notes.append("net weight estimated by UN Comtrade")
    cells: list[ObservationRow] = []
    for column_key, indicator, unit in MEASURES:
        if column_key not in names:
            continue
        text = get(column_key)
        value = parse_number(text, names[column_key]) if text.lower() not in ("null", "na", "none") else None
        if value is None:
            continue   # a gap, not zero
        cells.append(observation(
            ref=info.ref(rec.line), indicator=indicator, series=SERIES, geography_level="country", geography="PE",
            period=period, value=number_text(value), unit=unit, source_id=info.source_id,
            locator=f"column '{names[column_key]}'", verification=ctx.verification, partner=partner, flow=flow,
            reporter=reporter, hs_code=cmd, scope=scope, value_as_published=text, period_as_published=period_text,
            geography_as_published="Peru" if reporter_code == PERU else (get("partner") or str(partner_code)),
            note="; ".join(weight_notes) if column_key == "netweight" else ""))
    key = (period, flow, partner, reporter, cmd, scope)
    return key, cells
