"""Helpers shared by the tests/test_ingest_*.py modules, plus tests of the pieces every reader uses
(numbers, decoding, header detection, the row accounting).

The real extracts live in ../shared/research/samples; tests that need them skip, saying why, where absent.
Ingests always run against a temporary copy of datasets/ (catalogue + sources), never the real one.
"""
from __future__ import annotations

import csv
import functools
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from etl.ingest.common import Context, FileInfo, RowRejected, Tally, decode, parse_number, parse_year, repair_mojibake
from etl.ingest.detect import READERS, detect
from etl.paths import DATASETS, RESEARCH
from etl.sources_layer import read_sources_layer

SAMPLES = RESEARCH / "samples"
needs_samples = pytest.mark.skipif(not SAMPLES.is_dir(), reason=f"real samples not found at {SAMPLES}")
DOWNLOADED = date(2025, 6, 1)


@functools.lru_cache(maxsize=1)
def context() -> Context:
    layer = read_sources_layer()
    return Context(layer.places, layer.vocabularies)


def read(path: Path, fmt: str | None = None, downloaded: date = DOWNLOADED, year: int | None = None):
    """Detect and read one file with its format's reader: (tally, observations, detected)."""
    det = detect(path, fmt)
    info = FileInfo(path, downloaded)
    ctx = context() if year is None else Context(context().places, context().vocabularies, year=year)
    if det.format == "cites":
        module = READERS["cites"]
        f = module.read(info, det, ctx)
        observations = module.combine([f], ctx)
        f.tally.check()
        return f.tally, observations, det
    tally, observations = READERS[det.format].read(info, det, ctx)
    tally.check()
    return tally, observations, det


def write(path: Path, text: str, encoding: str = "utf-8", newline: str = "\n") -> Path:
    path.write_bytes(text.replace("\n", newline).encode(encoding))
    return path


def reasons(tally: Tally) -> dict[int, str]:
    return {r.line: r.reason for r in tally.rejected}


def copy_datasets(tmp_path: Path) -> Path:
    root = tmp_path / "datasets"
    shutil.copytree(DATASETS / "catalogue", root / "catalogue")
    shutil.copytree(DATASETS / "sources", root / "sources", ignore=shutil.ignore_patterns("ingest_*"))
    return root


def csv_rows(path: Path) -> list[dict]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


# ---------------------------------------------------------------- the shared pieces

@pytest.mark.parametrize("text, delimiter, expected", [
    ("2,403.72", ",", "2403.72"), ("1234.5", ",", "1234.5"), ("12.80", ",", "12.80"), ("0", ",", "0"),
    ("1.234,5", ";", "1234.5"), ("1234,5", ";", "1234.5"), ("1234.5", ";", "1234.5"), ("1e3", ",", "1E+3"),
    (" 7 ", ",", "7"), ("", ",", None),
])
def test_numbers_follow_the_file_convention(text, delimiter, expected):
    value = parse_number(text, "q", delimiter)
    assert (value, expected) == (None, None) or value == Decimal(expected)


@pytest.mark.parametrize("text, why", [("-5", "negative"), ("abc", "non-numeric"), ("2,4", "non-numeric"),
                                       ("1.2.3", "non-numeric"), ("(5)", "non-numeric")])
def test_bad_numbers_are_rejected_with_the_reason(text, why):
    with pytest.raises(RowRejected) as bad:
        parse_number(text, "Quantity")
    assert why in bad.value.reason and bad.value.column == "Quantity" and bad.value.value == text


def test_future_and_malformed_years_are_rejected():
    assert parse_year("2024", "Year", date(2024, 10, 16)) == 2024
    for text, why in (("2025", "future"), ("2099", "future"), ("20x4", "four-digit"), ("1970", "from 1975")):
        with pytest.raises(RowRejected) as bad:
            parse_year(text, "Year", date(2024, 10, 16), earliest=1975)
        assert why in bad.value.reason


def test_mixed_encodings_bom_and_double_encoding_are_read_and_noted():
    notes = []
    text = decode(b"\xef\xbb\xbfname\r\nHu\xc3\xa1nuco\r\nJun\xedn\r\n", notes)
    assert text.splitlines() == ["name", "Huánuco", "Junín"]
    assert any("byte-order mark" in n for n in notes) and any("Windows-1252" in n for n in notes)
    assert repair_mojibake("CaÃ±ete") == "Cañete" and repair_mojibake("Cañete") is None


def test_unknown_format_stops_before_anything_is_read(tmp_path):
    from etl.ingest.common import FileRejected
    path = write(tmp_path / "x.csv", "a,b,c\n1,2,3\n")
    with pytest.raises(FileRejected) as bad:
        detect(path)
    assert bad.value.line == 1 and "header line of a known format" in bad.value.reason


def test_title_rows_separator_and_reordered_columns_are_detected(tmp_path):
    path = write(tmp_path / "t.csv", "Exportado de trade.cites.org\n\n"
                 "Taxon;Year;Exporter;Importer;Origin;App.;Importer reported quantity;Exporter reported quantity;"
                 "Term;Unit;Purpose;Source;Family\n")
    det = detect(path)
    assert (det.format, det.variant, det.header.delimiter, det.header.line) == ("cites", "comptab13", ";", 3)
    assert any("title line" in n for n in det.notes)


def test_tally_refuses_to_lose_a_row():
    tally = Tally("f.csv", rows_in=3, kept=1)
    tally.out("x")
    with pytest.raises(AssertionError):
        tally.check()
