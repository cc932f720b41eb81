"""A file given to a reader (`FileInfo`), what every reader needs besides it (`Context`), and the observation row
a reader writes."""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path, PurePosixPath
from typing import Any

from etl.catalogue import repository_catalogue
from etl.ingest import download
from etl.ingest.text import decode
from etl.places import PlaceIndex

ObservationRow = dict[str, str]   # a row of observations.csv, column -> text


@dataclass
class FileInfo:
    path: Path
    downloaded: date
    sha256: str = ""
    size: int = 0
    member: str = ""      # the CSV inside a zip archive (see download.py), '' for a file read as it is

    @property
    def name(self) -> str:
        return f"{self.path.name}:{PurePosixPath(self.member).name}" if self.member else self.path.name

    @property
    def source_id(self) -> str:
        return f"ingest-{self.sha256[:12]}"

    def ref(self, line: int) -> str:
        return f"ingest/{self.name}#L{line}"


def hash_file(info: FileInfo) -> bytes:
    """Read a small input whole, filling in its checksum and size (of the file as given, or of the zip member);
    returns its delimited text as bytes (gzip decompressed)."""
    data = download.stored_bytes(info.path, info.member)
    info.sha256, info.size = hashlib.sha256(data).hexdigest(), len(data)
    return download.unpack(info.name, data)


def observation(**values: str) -> ObservationRow:
    """A row of observations.csv as a reader writes it (every column, blank unless given)."""
    blank = _blank_observation()
    row = {**blank, **values}
    if len(row) != len(blank):
        raise KeyError(f"not observation columns: {sorted(set(values) - set(blank))}")
    return row


@cache
def _blank_observation() -> dict[str, str]:
    return dict.fromkeys(repository_catalogue().reader_columns, "")


@dataclass
class Context:
    """What every reader needs besides the file: the catalogue's places, vocabularies and unit names, how the
    figures are graded, and where to print progress."""
    places: PlaceIndex
    vocabularies: Mapping[str, Any]   # catalogue/vocabularies.yaml as read
    verification: str = "publisher_file"  # an ingested figure is never primary_checked
    year: int | None = None           # for files that carry no year (FishStat partner layout)
    progress: Callable[[str], None] | None = None
    options: Mapping[str, Any] = field(default_factory=dict)  # what a derivation asks of its reader (derived.yaml)
    unit_names: Mapping[str, tuple[str, str]] = field(default_factory=dict)   # catalogue unit id -> (es, en)


def load_text(info: FileInfo, notes: list[str]) -> str:
    """A small file, checksummed and decoded (see `decode`)."""
    return decode(hash_file(info), notes)


def figure_key(o: ObservationRow, geography_id: str | None = None) -> tuple[str, ...]:
    """Indicator, series, place, period and every dimension: what one figure of the package is about."""
    return (o["indicator"], o["series"], geography_id or o["geography"], o["period"],
            *(o[d] for d in repository_catalogue().dimension_names))


def ref_line(o: ObservationRow) -> int:
    """The line of the file an observation was read from (its `ref`, `ingest/<file>#L<line>`)."""
    return int(o["ref"].rsplit("#L", 1)[1])
