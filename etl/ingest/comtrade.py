"""UN Comtrade shark-fin trade (HS 030292 fresh or chilled, 030392 frozen, 030571 dried etc.; 030530 is
dried fish fillets, not fins): the legacy API CSV (35 columns, `Commodity Code`, `Trade Flow Code`,
`Netweight (kg)`, `Trade Value (US$)`, …, in any punctuation) and the current API/ComtradePlus CSV
(`cmdCode`, `flowCode`, `netWgt`, `primaryValue`, …; bulk files with codes only are read too).

In scope: totals (all customs procedures, modes of transport and second partners) of imports, exports and
re-exports reported by Peru, or by another country with Peru as partner (a mirror figure: `reporter` says
which side reported, `partner` is that country). Net weight goes to `shark_fin_trade_comtrade_kg`, trade
value to `shark_fin_trade_comtrade_usd`, series `un_comtrade`. A blank weight or value is a gap.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial

from etl.ingest.common import (
    Context,
    Detected,
    FileInfo,
    FileRejected,
    FirstRows,
    ObservationRow,
    Record,
    RowRejected,
    Tally,
    cell,
    check_width,
    map_columns,
    number_text,
    observation,
    parse_number,
    parse_year,
    read_rows,
)
from etl.ingest.countries import COMTRADE_AREAS, alpha2, from_numeric

NAME = "comtrade"
SERIES = "un_comtrade"
FIN_CODES = {"030292", "030392", "030571"}
PERU = 604
SPEC = {
    "year": ("Year", "refYear"), "period": ("Period", "period"), "freq": ("freqCode",),
    "flow": ("Trade Flow Code", "flowCode"), "reporter_code": ("Reporter Code", "reporterCode"),
    "reporter_iso": ("Reporter ISO", "reporterISO"), "reporter": ("Reporter", "reporterDesc"),
    "partner_code": ("Partner Code", "partnerCode"), "partner_iso": ("Partner ISO", "partnerISO"),
    "partner": ("Partner", "partnerDesc"), "partner2": ("2nd Partner Code", "partner2Code"),
    "customs": ("Customs Proc. Code", "customsCode"), "mot": ("Mode of Transport Code", "motCode"),
    "cmd": ("Commodity Code", "cmdCode"), "netweight": ("Netweight (kg)", "Netweightkg", "netWgt"),
    "value": ("Trade Value (US$)", "TradeValueUS", "primaryValue"), "flag": ("Flag",),
    "netweight_estimated": ("isNetWgtEstimated",),
}
FLOWS = {"1": "import", "2": "export", "3": "re_export", "M": "import", "X": "export", "RX": "re_export"}
MEASURES = (("netweight", "shark_fin_trade_comtrade_kg", "kg"), ("value", "shark_fin_trade_comtrade_usd", "usd"))
SOURCE = {"publisher": "United Nations Statistics Division", "title": "UN Comtrade Database",
          "url": "https://comtradeplus.un.org/", "reliability": "official_statistic", "language": "en",
          "licence": "UN Comtrade terms of use; quoted as a fact"}


def accepts(names: set[str]) -> str | None:
    if {"commoditycode", "tradeflowcode", "reportercode", "partnercode"} <= names:
        return "legacy"
    if {"cmdcode", "flowcode", "reportercode", "partnercode"} <= names:
        return "current"
    return None


def read(info: FileInfo, detected: Detected, ctx: Context) -> tuple[Tally, list[ObservationRow]]:
    header = detected.header
    assert header is not None   # only spreadsheets have none
    tally = Tally(info.name, notes=list(detected.notes))
    mapping = map_columns(header, SPEC, {"flow", "reporter_code", "partner_code", "cmd"}, info.name)
    if not {"year", "period"} & set(mapping) or not {"netweight", "value"} & set(mapping):
        missing = "Year/refYear or Period" if not {"year", "period"} & set(mapping) else "Netweight or Trade Value"
        raise FileRejected(info.name, header.line, missing, ",".join(header.fields), f"a column {missing}")
    names = {k: header.fields[i] for k, i in mapping.items()}
    seen: FirstRows[tuple[str, ...], list[str]] = {}
    observations: list[ObservationRow] = []
    for rec in read_rows(info, header, tally):
        get = partial(cell, rec, mapping)
        cmd = get("cmd").zfill(6) if get("cmd").isdigit() else get("cmd")
        reporter_code, partner_code = _int(get("reporter_code")), _int(get("partner_code"))
        if PERU not in (reporter_code, partner_code):
            tally.out("trade not involving Peru")
            continue
        if cmd == "030530":
            tally.out("HS 030530 (dried or salted fish fillets, not fins)")
            continue
        if cmd not in FIN_CODES:
            tally.out("HS code not a shark-fin code")
            continue
        flow_code = get("flow").upper()
        if flow_code not in FLOWS:
            tally.out(f"flow {flow_code or 'blank'} (re-imports, domestic/foreign and processing breakdowns not read)")
            continue
        if _int(get("partner2") or "0") not in (0, None) or get("customs") not in ("", "C00") or \
                get("mot") not in ("", "0"):
            tally.out("breakdown by second partner, customs procedure or mode of transport (totals are read)")
            continue
        try:
            check_width(rec, len(header.fields))
            found = _parse(rec, get, names, cmd, flow_code, reporter_code, partner_code, info, ctx)
        except RowRejected as exc:
            tally.reject_error(rec, exc)
            continue
        key, cells = found
        if not tally.keep_first(seen, key, rec, [c["value"] for c in cells], "this period, flow, partner and code"):
            continue
        tally.kept += 1
        observations += cells
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


def indicators() -> list[dict[str, object]]:
    common = {
        "theme": "sharks",
        "caveats": [
            {"es": "Las cifras declaradas por el Perú y las declaradas por sus socios (espejo) son informes distintos "
                   "del mismo comercio: nunca se suman.",
             "en": "Figures reported by Peru and by its partners (mirror) are separate reports of the same trade: "
                   "never add them."},
            {"es": "Solo cuenta lo declarado bajo las tres subpartidas de aletas de tiburón; lo declarado bajo otros "
                   "códigos no está incluido.",
             "en": "Only trade declared under the three shark-fin subheadings is counted; trade declared under other "
                   "codes is not included."}],
        "series": [{"id": SERIES, "preferred": True, "name": {"es": "UN Comtrade", "en": "UN Comtrade"}}],
    }
    return [
        {"id": "shark_fin_trade_comtrade_kg", "unit": "kg",
         "name": {"es": "Comercio de aletas de tiburón, peso neto (UN Comtrade)",
                  "en": "Shark fin trade, net weight (UN Comtrade)"},
         "definition": {"es": "Peso neto en kilogramos del comercio declarado bajo las subpartidas SA 030292, 030392 "
                              "y 030571.",
                        "en": "Net weight in kilograms of trade declared under HS 030292, 030392 and 030571."},
         **common},
        {"id": "shark_fin_trade_comtrade_usd", "unit": "usd",
         "name": {"es": "Comercio de aletas de tiburón, valor (UN Comtrade)",
                  "en": "Shark fin trade, value (UN Comtrade)"},
         "definition": {"es": "Valor en dólares estadounidenses corrientes del comercio declarado bajo las "
                              "subpartidas SA 030292, 030392 y 030571.",
                        "en": "Value in current US dollars of trade declared under HS 030292, 030392 and 030571."},
         **common},
    ]
