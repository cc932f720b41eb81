"""CEPII BACI (UN Comtrade reconciled by CEPII) trade in shark fins: the yearly files as CEPII publishes them
(`t, i, j, k, v, q`: year, exporter, importer, HS 6-digit product, value in thousand current US dollars,
quantity in metric tons; the HS revision is in the file name, `BACI_HS17_Y2019_V202401.csv`) and copies with
the columns renamed (`year_t, exporter_i, importer_j, hscode_k, value_v, quantity_q`) and the revision in a
column `hs` (HS12, HS17, ...), as in GitHub mamacneil/GSM_Project. Columns of neither are ignored and named
(such as that copy's own unnamed index column).

In scope: HS 030292, 030392 and 030571 (shark fins fresh or chilled, frozen, dried etc.) with Peru (604) as
exporter or importer. Values go to `shark_fin_trade_value_kusd` (usd_thousand), quantities to
`shark_fin_trade_tonnes` (t), series `baci`; `flow` is Peru's (export when Peru is the exporter) and `partner`
the other country as ISO alpha-2. BACI's country codes are UN Comtrade's numeric codes
(etl.ingest.countries.from_numeric: 842 United States, 251 France, 699 India, ...); an area with no country
code (490 "Other Asia, nes") is kept with a blank partner and named in `scope`; an unknown code is rejected.
BACI reconciles the exporter's and the importer's declarations into one figure, so `reporter` stays blank. A
quantity 'NA' or blank is a gap, never zero.

Repeated rows are never summed:
- an exact repeat (the same revision, year, exporter, importer, product, value and quantity as an earlier row;
  columns the reader does not read, such as an index, are not compared) is a duplicate, counted out of scope:
  the GSM_Project copy holds its 2019 HS17 rows three times;
- a second row for the same revision and flow with other values is rejected, naming the first one's line.

Revisions: one file may hold a flow under several HS revisions (the GSM_Project copy has HS12 and HS17 for
2017-2019). A figure is one flow (year, exporter, importer, product), so the earliest revision that has the flow
gives it, keeping a series in one nomenclature where it can; a later revision's row for that flow is counted
out of scope. A later revision's row is kept where no earlier one has the flow (e.g. HS17 030392 frozen fins,
which the copy's HS12 rows lack). The note names the revision of every figure.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from typing import NamedTuple

from etl.ingest.countries import COMTRADE_AREAS, from_numeric
from etl.ingest.files import Context, FileInfo, ObservationRow, observation
from etl.ingest.reader import Input, Reading, each_file
from etl.ingest.rows import OutOfScope, Record, RowRejected, Tally, cell, check_width, each_row, file_rows
from etl.ingest.text import Detected, ignored_columns, known_width, map_columns
from etl.ingest.values import number_text, parse_number, parse_year

SERIES = "baci"
PERU = 604
FIN_CODES = {"030292", "030392", "030571"}
SPEC = {"year": ("t", "year_t"), "exporter": ("i", "exporter_i"), "importer": ("j", "importer_j"),
        "product": ("k", "hscode_k"), "value": ("v", "value_v"), "quantity": ("q", "quantity_q"),
        "revision": ("hs", "revision")}
REQUIRED = {"year", "exporter", "importer", "product", "value", "quantity"}
MEASURES = (("value", "shark_fin_trade_value_kusd", "usd_thousand", "value in thousand current US dollars"),
            ("quantity", "shark_fin_trade_tonnes", "t", "quantity in metric tons"))
GAPS = {"", "na", "nan", "null"}
REVISION = re.compile(r"(?i)(?<![a-z0-9])HS(\d{2})(?![0-9-])")   # in a file name: BACI_HS17_Y2019_V202401.csv


class Flow(NamedTuple):
    """What one figure is about: a trade flow of one product in one year."""
    year: int
    exporter: int
    importer: int
    product: str


class Row(NamedTuple):
    record: Record
    revision: str                 # 'HS12', or '' when neither the row nor the file name says
    flow: Flow
    year: str                     # as published
    values: tuple[str, str]       # value and quantity as published (what an exact repeat repeats)


def accepts(names: set[str]) -> str | None:
    if {"t", "i", "j", "k", "v", "q"} <= names:
        return "cepii"
    if {"yeart", "exporteri", "importerj", "hscodek", "valuev", "quantityq"} <= names:
        return "renamed"
    return None


def read(inputs: Sequence[Input], ctx: Context) -> Reading:
    return each_file(inputs, ctx, read_file)


def read_file(info: FileInfo, detected: Detected, ctx: Context) -> tuple[Tally, list[ObservationRow]]:
    header = detected.header
    assert header is not None   # only spreadsheets have none
    tally = Tally(info.name, notes=list(detected.notes))
    mapping = map_columns(header, SPEC, REQUIRED, info.name)
    names = {k: header.fields[i] for k, i in mapping.items()}
    file_revision = _file_revision(info.path.name)
    if "revision" not in mapping:
        tally.notes.append(f"HS revision from the file name: {file_revision}" if file_revision
                           else "HS revision not stated (no `hs` column, none in the file name)")
    known = set(mapping.values())
    width, needed = len(header.fields), known_width(header, known)
    ignored = ignored_columns(header, known)
    if ignored:
        tally.notes.append(ignored)
    first_rows: dict[tuple[str, Flow], Row] = {}

    def read_row(rec: Record) -> Row:
        check_width(rec, width, needed, header.fields)
        row = _row(rec, mapping, names, file_revision, info)
        first = first_rows.setdefault((row.revision, row.flow), row)
        if first is not row:
            if first.values == row.values:
                raise OutOfScope("exact repeat of an earlier row (a duplicate, not summed)")
            raise RowRejected(names["value"], row.values[0], reason=f"second row for this flow and revision: line "
                                                                    f"{first.record.line} has other values")
        return row

    by_flow: dict[Flow, list[Row]] = {}
    for row in each_row(file_rows(info, header, tally), tally, read_row, keep=False):
        by_flow.setdefault(row.flow, []).append(row)
    kept: list[Row] = []
    for rows in by_flow.values():
        rows.sort(key=lambda r: (_revision_year(r.revision), r.record.line))
        kept.append(rows[0])
        tally.out(f"flow given by an earlier HS revision ({rows[0].revision})", len(rows) - 1)
    observations: list[ObservationRow] = []
    for row in sorted(kept, key=lambda r: r.record.line):
        try:
            observations += _observations(row, names, header.delimiter, info, ctx)
        except RowRejected as exc:
            tally.reject_error(row.record, exc)
            continue
        tally.kept += 1
    return tally, observations


def _file_revision(name: str) -> str:
    m = REVISION.search(name)
    return f"HS{m[1]}" if m else ""


def _revision_year(revision: str) -> int:
    """HS92 < HS96 < HS02 < ... < HS22; an unstated revision last."""
    if not revision:
        return 9999
    two = int(revision[2:])
    return 1900 + two if two >= 88 else 2000 + two


def _code(rec: Record, mapping: dict[str, int], names: dict[str, str], key: str) -> int:
    text = cell(rec, mapping, key)
    if not text.isdigit():
        raise RowRejected(names[key], text, "a numeric BACI country code")
    return int(text)


def _row(rec: Record, mapping: dict[str, int], names: dict[str, str], file_revision: str, info: FileInfo) -> Row:
    """The row (OutOfScope: why it is not in scope)."""
    exporter, importer = _code(rec, mapping, names, "exporter"), _code(rec, mapping, names, "importer")
    if PERU not in (exporter, importer):
        raise OutOfScope("trade not involving Peru")
    product = cell(rec, mapping, "product")
    if not product.isdigit() or len(product) > 6:
        raise RowRejected(names["product"], product, "an HS 6-digit product code")
    product = product.zfill(6)
    if product not in FIN_CODES:
        raise OutOfScope("HS code not a shark-fin code")
    if exporter == importer:
        raise RowRejected(names["importer"], str(importer), "an importer other than the exporter")
    revision = file_revision
    if "revision" in mapping:
        text = cell(rec, mapping, "revision")
        m = re.fullmatch(r"(?i)HS ?(\d{2})", text)
        if not m:
            raise RowRejected(names["revision"], text, "an HS revision such as HS12 or HS17")
        revision = f"HS{m[1]}"
    year = cell(rec, mapping, "year")
    flow = Flow(parse_year(year, names["year"], info.downloaded), exporter, importer, product)
    return Row(rec, revision, flow, year, (cell(rec, mapping, "value"), cell(rec, mapping, "quantity")))


def _partner(code: int, column: str) -> tuple[str, str]:
    """(ISO alpha-2 partner, scope text) for a BACI country code."""
    if code in COMTRADE_AREAS:
        return "", f"partner: {COMTRADE_AREAS[code]} (BACI {code})"
    found = from_numeric(code)
    if not found:
        raise RowRejected(column, str(code), "a BACI country code known to ISO 3166 (unknown country)")
    return found, ""


def _observations(row: Row, names: dict[str, str], delimiter: str, info: FileInfo,
                  ctx: Context) -> list[ObservationRow]:
    flow = row.flow
    export = flow.exporter == PERU
    partner, scope = _partner(flow.importer if export else flow.exporter, names["importer" if export else "exporter"])
    revision = row.revision or "HS revision not stated"
    locator = (f"row {names['exporter']}={flow.exporter}, {names['importer']}={flow.importer}, "
               f"{names['product']}={flow.product.lstrip('0')}" + (f", {row.revision}" if row.revision else ""))
    observations = []
    for (key, indicator, unit, what), text in zip(MEASURES, row.values, strict=True):
        value: Decimal | None = None if text.strip().casefold() in GAPS else parse_number(text, names[key], delimiter)
        if value is None:
            continue   # a gap, not zero
        observations.append(observation(
            ref=info.ref(row.record.line), indicator=indicator, series=SERIES, geography_level="country",
            geography="PE", period=str(flow.year), value=number_text(value), unit=unit, source_id=info.source_id,
            locator=locator, verification=ctx.verification, partner=partner, flow="export" if export else "import",
            hs_code=flow.product, scope=scope, value_as_published=text, period_as_published=row.year,
            geography_as_published=str(PERU),
            note=f"CEPII BACI, {revision}, HS {flow.product}; {what}; BACI reconciles the exporter's and the "
                 "importer's declarations (not Peruvian customs data as such)"))
    return observations
