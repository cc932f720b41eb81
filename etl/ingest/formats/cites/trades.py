"""One CITES record read into a trade: its comparative-tabulation key, taxon group, unit and the quantities
each side reported; or why it is out of scope or rejected."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from etl.ingest.countries import alpha2
from etl.ingest.files import Context, FileInfo
from etl.ingest.formats.cites import codes
from etl.ingest.rows import OutOfScope, Record, RowRejected, Tally
from etl.ingest.values import parse_number, parse_year

COUNTRIES = ("importer", "exporter", "origin")


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


class TradeParser:
    """Reads one file's records into trades (the positions of its columns looked up once)."""

    def __init__(self, mapping: dict[str, int], names: dict[str, str], delimiter: str, bulk: bool, info: FileInfo,
                 ctx: Context):
        self.mapping, self.names, self.delimiter, self.bulk, self.info = mapping, names, delimiter, bulk, info
        self.sources = ctx.vocabularies["cites_source"]
        self.countries = tuple(mapping[k] for k in COUNTRIES)
        self.classification = tuple(mapping.get(k) for k in ("class", "order", "family", "genus"))

    def __call__(self, rec: Record) -> Trade:
        fields, names = rec.fields, self.names

        def get(key: str) -> str:
            return " ".join(fields[self.mapping[key]].split()) if key in self.mapping else ""

        def raw(key: str) -> str:
            """The field as it is in the file, for messages."""
            return fields[self.mapping[key]].strip() if key in self.mapping else ""

        # the scope first, from the few fields it needs: most records handed back by the scan are out of it
        written = [" ".join(fields[i].split()) for i in self.countries]
        if "PE" not in written and "PE" not in {alpha2(v) for v in written if v}:   # a code, else any country
            raise OutOfScope("trade not involving Peru")
        taxon = get("taxon")
        group = codes.group_of(taxon, *(" ".join(fields[i].split()) if i is not None else ""
                                        for i in self.classification))
        if group is None:
            raise OutOfScope("taxon outside Vigía's groups (mahogany and cedar, sharks and rays, parrots, primates)")
        known: dict[str, str] = {}
        for k, v in zip(COUNTRIES, written, strict=True):
            code = alpha2(v) if v else ""
            if code is None:
                raise RowRejected(names[k], raw(k), "an ISO 3166-1 alpha-2 code or XX (unknown country)")
            known[k] = code
        imp, exp, org = known["importer"], known["exporter"], known["origin"]
        if imp == exp == "PE":
            raise RowRejected(names["importer"], raw("importer"),
                              f"different importer and exporter (both Peru: exporter {raw('exporter')!r})")
        year = parse_year(get("year"), names["year"], self.info.downloaded, earliest=1975)
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
        if source and source not in self.sources:
            raise RowRejected(names["source"], raw("source"), "a CITES source code of catalogue/vocabularies.yaml: "
                              + " ".join(sorted(self.sources)))
        reports = self._reports(raw, get)
        key = TradeKey(year, app, taxon, imp, exp, org, term, unit.id, purpose, source)
        return Trade(self.info, rec, key, group, unit, reports, self.bulk, get("id") if self.bulk else "",
                     {k: raw(k) for k in COUNTRIES})

    def _reports(self, raw: Callable[[str], str], get: Callable[[str], str]) -> dict[str, Report]:
        """What each side reported: a bulk record one side's shipment, a tabulation row either side or both."""
        names, reports = self.names, {}
        if self.bulk:
            column = names["quantity"]
            quantity = parse_number(raw("quantity"), column, self.delimiter)
            if quantity is None:
                raise RowRejected(column, "", "a quantity (blank)")
            reporter = {"I": "importer", "E": "exporter"}.get(get("reporter_type").upper())
            if reporter is None:
                raise RowRejected(names["reporter_type"], raw("reporter_type"), "reporter type I or E")
            reports[reporter] = Report(quantity, raw("quantity"), column)
            return reports
        for reporter in ("importer", "exporter"):
            column = names[f"{reporter}_qty"]
            quantity = parse_number(raw(f"{reporter}_qty"), column, self.delimiter)
            if quantity is not None:
                reports[reporter] = Report(quantity, raw(f"{reporter}_qty"), column)
        if not reports:
            raise RowRejected(names["importer_qty"], "", "an importer- or exporter-reported quantity (both blank)")
        return reports
