"""The reader contract: what a format's reader (etl/ingest/formats/<name>/reader.py) provides and gives.

A reader is a module with two functions:

    accepts(names) -> variant | None
        The layout a header is (a name such as 'bulk'), told from the set of its squashed column names
        (`text.squash`), or None when the header is not of this format. Detection asks every format in turn.

    read(inputs, ctx) -> Reading
        Read the files given (each with what detection found): every data row of each goes through the one
        row loop (`rows.each_row`) and ends kept, rejected or out of scope in that file's Tally. The files are one
        format's files of one ingest or derivation, and combining them is the reader's business: a reader of
        files that stand alone reads them one at a time with `each_file` (a figure two files give comes from the
        latest download); the CITES reader combines records across files.

A file that cannot be read at all raises `etl.problems.FileRejected`; a row that cannot be used is listed in its
Tally (`etl.problems.Problem`, with file, line, column and value). What the reader knows beyond the file comes
in `ctx` (files.Context).
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple, Protocol

from etl.grammar import parse_value
from etl.ingest.download import reading
from etl.ingest.files import Context, FileInfo, ObservationRow, figure_key, ref_line
from etl.ingest.rows import Tally
from etl.ingest.text import Detected
from etl.problems import Problem

IndicatorEntry = dict[str, Any]   # a catalogue entry of an indicator, as indicators.yaml holds it


class Input(NamedTuple):
    """A file to read and what detection found in it."""
    info: FileInfo
    detected: Detected


class UnitEntry(NamedTuple):
    """A unit a reader defines for the catalogue (only where the catalogue lacks it)."""
    id: str
    name_es: str
    name_en: str
    kind: str
    symbol: str


@dataclass
class Reading:
    """What a reader gives for the files it was handed."""
    tallies: list[Tally]                       # one per input, in order
    observations: list[ObservationRow]
    superseded: list[Problem] = field(default_factory=list)   # figures another input gives (a later download)
    kept: dict[str, dict[int, int]] = field(default_factory=dict)   # file -> kept record: first line -> last line
    #                                                                  (0: not known; a CSV pass tells it)
    indicators: Mapping[str, IndicatorEntry] = field(default_factory=dict)   # entries for the indicators it writes
    units: Mapping[str, UnitEntry] = field(default_factory=dict)             # and for their units


class Reader(Protocol):
    """A format's reader module (see the module docstring)."""

    def accepts(self, names: set[str]) -> str | None: ...

    def read(self, inputs: Sequence[Input], ctx: Context) -> Reading: ...


FileReader = Callable[[FileInfo, Detected, Context], tuple[Tally, list[ObservationRow]]]


def each_file(inputs: Sequence[Input], ctx: Context, read_file: FileReader,
              indicators: Sequence[IndicatorEntry] = ()) -> Reading:
    """Files that stand alone, read one at a time by `read_file`; two files giving the same figure: the later
    download's is kept, the other listed as superseded (on the same download date, the first file's)."""
    results = []
    for info, detected in inputs:
        with reading(info.name):
            tally, observations = read_file(info, detected, ctx)
        results.append((info, tally, observations))
    kept = {info.name: {ref_line(o): 0 for o in observations} for info, _, observations in results}
    best: dict[tuple[str, ...], tuple[FileInfo, ObservationRow]] = {}
    superseded = []
    for info, _, observations in results:
        for o in observations:
            key = figure_key(o)
            if key not in best:
                best[key] = (info, o)
                continue
            loser, winner = (best[key], (info, o)) if info.downloaded > best[key][0].downloaded else \
                ((info, o), best[key])
            best[key] = winner
            same = "same" if parse_value(loser[1]["value"]) == parse_value(winner[1]["value"]) else "other"
            if loser[0].downloaded < winner[0].downloaded:
                reason = f"superseded by {winner[0].name} (a later download: {winner[0].downloaded}; {same} value)"
            else:
                reason = f"same figure also in {winner[0].name}, downloaded the same day ({same} value); first kept"
            superseded.append(Problem(loser[0].name, ref_line(loser[1]), loser[1]["locator"], loser[1]["value"],
                                      reason, superseded=True))
    return Reading([tally for _, tally, _ in results], [o for _, o in best.values()], superseded, kept,
                   {entry["id"]: entry for entry in indicators})
