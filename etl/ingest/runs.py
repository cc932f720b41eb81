"""The records of one `etl ingest` run: the files of each format, what they gave, the snapshots staged."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from etl.build import BuildResult
from etl.ingest.files import FileInfo, ObservationRow
from etl.ingest.reader import Reading
from etl.ingest.rows import Tally
from etl.ingest.text import Detected
from etl.problems import Problem


class IngestFailed(Exception):
    def __init__(self, message: str, summary: str = ""):
        self.summary = summary
        super().__init__(message)


class ReadFile(NamedTuple):
    info: FileInfo
    detected: Detected
    tally: Tally         # empty until the file is read


@dataclass
class FormatRun:
    name: str
    files: list[ReadFile] = field(default_factory=list)
    observations: list[ObservationRow] = field(default_factory=list)
    indicators: list[dict[str, object]] = field(default_factory=list)
    units: list[dict[str, str]] = field(default_factory=list)
    sources: list[dict[str, str]] = field(default_factory=list)
    entries: list[Problem] = field(default_factory=list)   # observation-level: superseded, conflicts
    kept: dict[str, dict[int, int]] = field(default_factory=dict)   # file -> kept record: first line -> last (0:
    #                                                                 not known; the records of a CSV pass tell it)
    reading: Reading | None = None   # what the format's reader gave (None until the files are read)
    already: int = 0
    conflicts: int = 0

    @property
    def folder(self) -> str:
        return f"ingest_{self.name}"


@dataclass
class StagedSnapshot:
    """The snapshot of one file given (or of one CSV of a zip over the size limit)."""
    snapshot_id: str
    given: str            # the file as given (`archive.zip:member.csv` for a CSV of a zip)
    file: str             # its file in the snapshot folder
    new: bool             # False: a snapshot with the same sha256 was there already, and is reused
    rows: str = ""        # a kept-rows snapshot: "N of M data rows"
    original_bytes: int = 0


@dataclass
class Outcome:
    runs: dict[str, FormatRun]
    summary: str
    result: BuildResult | None = None   # None for a dry run
    snapshots: list[StagedSnapshot] = field(default_factory=list)
