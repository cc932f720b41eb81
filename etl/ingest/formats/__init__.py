"""The formats `etl ingest` reads: one folder each, `etl/ingest/formats/<name>/`, and this registry of them, which
the command line (`--format`), detection, error messages, the ingest and the build's derivations all read.

A format's folder holds:
    format.yaml      `title`, how messages name it ('CEPII BACI'); `layouts`, layout -> the columns that tell it
                     ('YYYY' for any year), so that a header that comes close is refused naming what it lacks;
                     `source`, the source record of every file it reads (publisher, title, url, reliability,
                     language, licence), also the stub of the file's snapshot; `workbook` (optional): the title,
                     variant and sheets (sheet -> level) of the spreadsheet it reads.
    reader.py        the reader: a module that is an `etl.ingest.reader.Reader` (`accepts` a header's column
                     names, `read`s a list of files).
    other files      the reader's own tables (codes, indicator entries as YAML or CSV), loaded once with `table`.
Its tests are tests/etl/ingest/formats/<name>/. Adding a format is adding its folder and its name to NAMES.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    from etl.ingest.reader import Reader

FOLDER = Path(__file__).parent
# The formats, in the order detection tries them: the first whose `accepts` takes a header reads the file.
NAMES = ("cites", "geobosque", "gfw", "fishstat", "comtrade", "fao_capture", "baci", "devida")


@dataclass(frozen=True)
class Source:
    """The source record of a file a format reads (a row of sources.csv before its file is known)."""
    publisher: str
    title: str
    url: str
    reliability: str
    language: str
    licence: str


@dataclass(frozen=True)
class Workbook:
    """The spreadsheet a format reads: how messages name it, its variant, and sheet name -> level."""
    title: str
    variant: str
    sheets: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Format:
    name: str
    title: str
    layouts: dict[str, tuple[str, ...]]
    source: Source
    workbook: Workbook | None = None

    @cached_property
    def reader(self) -> Reader:
        reader: Reader = import_module(f"{__name__}.{self.name}.reader")
        return reader


@cache
def formats() -> dict[str, Format]:
    """Every format by name, in detection order (each folder's format.yaml, read once)."""
    found = {}
    for name in NAMES:
        meta = table(name, "format.yaml")
        book = meta.get("workbook")
        found[name] = Format(name, meta["title"], {k: tuple(v) for k, v in meta["layouts"].items()},
                             Source(**meta["source"]), Workbook(**book) if book else None)
    return found


@cache
def table(name: str, file: str) -> Any:
    """A data file of format `name`'s folder: YAML as read, CSV as a list of rows (column -> text)."""
    path = FOLDER / name / file
    if path.suffix == ".csv":
        with path.open(newline="", encoding="utf-8") as f:
            return list(csv.DictReader(f))
    return yaml.safe_load(path.read_text(encoding="utf-8"))
