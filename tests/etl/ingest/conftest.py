"""Fixtures for the tests of etl/ingest (one test module per shared piece; a format's in formats/<name>/).

The real extracts live in ../shared/research/samples: the `samples` fixture skips, saying why, where they are
absent. Ingests always run against a temporary copy of datasets/ (catalogue + sources), never the real one.
"""
from __future__ import annotations

import csv
import shutil
from datetime import date
from pathlib import Path

import pytest

from etl.ingest.detect import detect
from etl.ingest.files import Context, FileInfo
from etl.ingest.formats import formats
from etl.ingest.reader import Input
from etl.ingest.rows import Tally
from etl.paths import DATASETS
from etl.sources_layer import read_sources_layer

DOWNLOADED = date(2025, 6, 1)


@pytest.fixture(scope="session")
def samples(research) -> Path:
    """../shared/research/samples: the real extracts the readers were written against."""
    folder = research / "samples"
    if not folder.is_dir():
        pytest.skip(f"{folder} is absent: the readers' tests on the real sample files need it")
    return folder


@pytest.fixture(scope="session")
def reader_context() -> Context:
    """The readers' context from the real catalogue and sources layer (places, vocabularies)."""
    layer = read_sources_layer()
    return Context(layer.places, layer.vocabularies)


@pytest.fixture(scope="session")
def read(reader_context):
    """read(path, fmt=None, downloaded=DOWNLOADED, year=None, options=None) -> (tally, observations, detected):
    detect one file and read it with its format's reader (with a derivation's `options`, when given); the tally
    is checked (rows in = kept + rejected + out of scope)."""
    def read(path: Path, fmt: str | None = None, downloaded: date = DOWNLOADED, year: int | None = None,
             options: dict | None = None):
        det = detect(path, fmt)
        ctx = Context(reader_context.places, reader_context.vocabularies, year=year, options=options or {})
        reading = formats()[det.format].reader.read([Input(FileInfo(path, downloaded), det)], ctx)
        [tally] = reading.tallies
        tally.check()
        return tally, reading.observations, det
    return read


@pytest.fixture(scope="session")
def write():
    """write(path, text, encoding="utf-8", newline="\\n") -> path: a test file in that encoding and line ending."""
    def write(path: Path, text: str, encoding: str = "utf-8", newline: str = "\n") -> Path:
        path.write_bytes(text.replace("\n", newline).encode(encoding))
        return path
    return write


@pytest.fixture(scope="session")
def reasons():
    """reasons(tally) -> {line: reason} of the rejected rows."""
    def reasons(tally: Tally) -> dict[int, str]:
        return {r.line: r.reason for r in tally.rejected}
    return reasons


@pytest.fixture(scope="session")
def copy_datasets():
    """copy_datasets(folder) -> folder/datasets: a copy of datasets/catalogue, datasets/snapshots and
    datasets/sources (without earlier ingest folders) for an ingest to write into."""
    def copy_datasets(folder: Path) -> Path:
        root = folder / "datasets"
        shutil.copytree(DATASETS / "catalogue", root / "catalogue")
        shutil.copytree(DATASETS / "snapshots", root / "snapshots")
        shutil.copytree(DATASETS / "sources", root / "sources", ignore=shutil.ignore_patterns("ingest_*"))
        return root
    return copy_datasets


@pytest.fixture(scope="session")
def districts():
    """districts(code) -> [(department, province, district, ubigeo)] of every district that Geobosque's complete
    district table (etl.ingest.formats.geobosque.reader.DISTRICT_TABLE, the yardstick) lists in one department
    (two UBIGEO digits): what a file must hold for the department's figure to be derived."""
    from etl.ingest.formats.geobosque.reader import DISTRICT_TABLE
    with DISTRICT_TABLE.open(newline="", encoding="utf-8") as f:
        table = [(r["DEPARTAMENTO"], r["PROVINCIA"], r["DISTRITO"], r["UBIGEO"]) for r in csv.DictReader(f)]

    def districts(code: str) -> list[tuple[str, str, str, str]]:
        return [row for row in table if row[3].startswith(code)]
    return districts


@pytest.fixture
def no_build(monkeypatch):
    """Ingests in this test stop short of building the package (etl.build's own tests cover that): the ingest
    folder, the report and the summary are written as usual, in well under a second."""
    from etl.ingest import run
    monkeypatch.setattr(run, "build", lambda *args, **kwargs: None)
    monkeypatch.setattr(run, "make_package", lambda *args, **kwargs: None)


@pytest.fixture(scope="session")
def tree():
    """tree(folder) -> {relative path: bytes} of every file under it, to show a folder was left as it was."""
    def tree(folder: Path) -> dict[str, bytes]:
        return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
    return tree


@pytest.fixture(scope="session")
def csv_rows():
    """csv_rows(path) -> the rows of a UTF-8 CSV file as dicts."""
    def csv_rows(path: Path) -> list[dict]:
        with path.open(newline="", encoding="utf-8") as f:
            return list(csv.DictReader(f))
    return csv_rows
