"""CITES Trade Database: the comparative tabulation (16- and older 13-column exports) and the bulk
shipment-level files (`trade_db_N.csv`, 20 columns; also the R `write.csv` copy with a row-index column).

In scope: records of mahogany and cedar, sharks and rays, parrots and primates (codes.yaml, groups) where
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
import gc
import io
import os
import re
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from multiprocessing import get_context

from etl.ingest.download import file_sha256
from etl.ingest.files import Context, FileInfo
from etl.ingest.formats.cites.combine import combine
from etl.ingest.formats.cites.indicators import indicators, units
from etl.ingest.formats.cites.trades import CitesFile, Trade, TradeParser
from etl.ingest.reader import Input, Reading
from etl.ingest.rows import Record, Tally, check_width, each_row
from etl.ingest.stream import Scanner, to_stderr
from etl.ingest.text import Detected, ignored_columns, known_width, map_columns
from etl.problems import Problem

PARALLEL_MIN_BYTES = 64 * 1024 * 1024
COMMON = {"year": ("Year",), "app": ("App.", "Appendix"), "taxon": ("Taxon",), "class": ("Class",),
          "order": ("Order",), "family": ("Family",), "genus": ("Genus",), "importer": ("Importer",),
          "exporter": ("Exporter",), "origin": ("Origin",), "term": ("Term",), "unit": ("Unit",),
          "purpose": ("Purpose",), "source": ("Source",)}
COMPTAB = {**COMMON, "importer_qty": ("Importer reported quantity",),
           "exporter_qty": ("Exporter reported quantity",)}
BULK = {**COMMON, "id": ("Id",), "quantity": ("Quantity",), "reporter_type": ("Reporter.type", "Reporter type"),
        "import_permit": ("Import.permit.RandomID",), "export_permit": ("Export.permit.RandomID",),
        "origin_permit": ("Origin.permit.RandomID",)}
REQUIRED = {"year", "app", "taxon", "importer", "exporter", "origin", "term", "unit", "purpose", "source"}


def accepts(names: set[str]) -> str | None:
    if {"year", "taxon", "importer", "exporter", "importerreportedquantity", "exporterreportedquantity"} <= names:
        return "comptab16" if {"class", "genus"} & names else "comptab13"
    if {"year", "taxon", "importer", "exporter", "quantity", "reportertype"} <= names:
        return "bulk"
    return None


def read(inputs: Sequence[Input], ctx: Context) -> Reading:
    """Every file's records in scope, then combined across the files (combine.py)."""
    collecting = gc.isenabled()
    gc.disable()   # tens of thousands of records and no reference cycle among them: collecting while they pile up
    try:           # (and while a worker's come back) would only walk them over and over
        return _read(inputs, ctx)
    finally:
        if collecting:
            gc.enable()


def _read(inputs: Sequence[Input], ctx: Context) -> Reading:
    files = _read_files(inputs, ctx)
    for f, (info, detected) in zip(files, inputs, strict=True):   # what a worker process found, back in the inputs
        info.sha256, info.size, detected.variant = f.info.sha256, f.info.size, f.variant
    observations = combine(files, ctx)
    kept = {}
    for f in files:   # every record read is kept or rejected (with its line)
        rejected = {r.line for r in f.tally.rejected}
        kept[f.info.name] = {t.rec.line: max(t.rec.last, t.rec.line) for t in f.trades if t.rec.line not in rejected}
    return Reading([f.tally for f in files], observations, [], kept, indicators(observations, ctx), units())


def _read_files(inputs: Sequence[Input], ctx: Context) -> list[CitesFile]:
    """Large CITES files (a bulk release) are read two at a time in worker processes, one per core; the
    results come back in the order of the files, so the output does not depend on it."""
    infos, detected = [i.info for i in inputs], [i.detected for i in inputs]
    big = sum(info.path.stat().st_size for info in infos) >= PARALLEL_MIN_BYTES
    workers = min(len(infos), os.cpu_count() or 1, 2)
    if not big or workers < 2:
        return [read_file(info, det, ctx) for info, det in zip(infos, detected, strict=True)]
    worker_ctx = replace(ctx, progress=to_stderr if ctx.progress else None)
    with ProcessPoolExecutor(workers, mp_context=get_context("fork")) as pool:
        return list(pool.map(read_file, infos, detected, [worker_ctx] * len(infos)))


def read_file(info: FileInfo, detected: Detected, ctx: Context) -> CitesFile:
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
            elif text and not _SPECIAL.search(text):   # no quoting: what the csv module would read
                fields = text.split(header.delimiter)
            else:
                fields = next(csv.reader(io.StringIO(text, newline=""), delimiter=header.delimiter), [])
            yield Record(line, fields, text, last)

    parse = TradeParser(mapping, names, header.delimiter, bulk, info, ctx)

    def trade(rec: Record) -> Trade:
        check_width(rec, width, needed, header.fields)
        return parse(rec)

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


_SPECIAL = re.compile('["\r\n\x00]')   # a record holding none splits at its delimiters like the csv module


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
