"""Series derived from snapshots: each theme's `derived.yaml` names a snapshot, the `etl ingest` reader that
reads it, the source its figures cite and, where the reader takes them, `options` (what to take from the file
when another snapshot or source already gives some of its cells). The rows come out of the same reader a
fresh download goes through, and are then validated like every transcribed row; each carries its snapshot in
its `ref` (`snapshot/<id>#L<line>`) and the verification its file allows (`publisher_file` or
`third_party_file`).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from etl.ingest.detect import detect
from etl.ingest.files import Context, FileInfo, hash_file
from etl.ingest.formats import formats
from etl.ingest.reader import Input
from etl.places import PlaceIndex
from etl.problems import FileRejected, Location, Problems
from etl.records import RawRow
from etl.snapshots import Snapshot

DERIVED_FILE = "derived.yaml"
REQUIRED = ("snapshot", "format", "source_id")


@dataclass(frozen=True)
class Derivation:
    where: Path  # the derived.yaml that asks for it
    snapshot: Snapshot
    format: str
    source_id: str
    options: Mapping[str, Any]  # what the reader is asked beyond reading the file (the reader's docstring)


def read_derivations(paths: list[Path], snapshots: Mapping[str, Snapshot], problems: Problems) -> list[Derivation]:
    derivations = []
    for path in paths:
        try:
            entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        except yaml.YAMLError as exc:
            problems.add(path, 0, "", str(exc).splitlines()[0], "valid YAML")
            continue
        for entry in entries if isinstance(entries, list) else [entries]:
            if not isinstance(entry, Mapping) or any(not entry.get(k) for k in REQUIRED):
                problems.add(path, 0, "", repr(entry), "entries with " + ", ".join(REQUIRED))
                continue
            snapshot = snapshots.get(str(entry["snapshot"]))
            if snapshot is None:
                problems.add(path, 0, "snapshot", entry["snapshot"], "a snapshot of datasets/snapshots")
            elif entry["format"] not in formats():
                problems.add(path, 0, "format", entry["format"], "one of " + ", ".join(sorted(formats())))
            else:
                derivations.append(Derivation(path, snapshot, str(entry["format"]), str(entry["source_id"]),
                                              entry.get("options") or {}))
    return derivations


def derived_rows(derivation: Derivation, places: PlaceIndex, vocabularies: Mapping[str, object],
                 problems: Problems) -> list[RawRow]:
    """The snapshot read by its reader, as located rows of observations.csv. A row the reader rejects is a
    build problem: a snapshot the build cannot read whole is not half-published."""
    snapshot = derivation.snapshot
    info = FileInfo(snapshot.path, _day(snapshot))
    try:
        hash_file(info)
        detected = detect(snapshot.path, derivation.format)
        ctx = Context(places, vocabularies, snapshot.verification, options=derivation.options)
        reading = formats()[derivation.format].reader.read([Input(info, detected)], ctx)
        tally, rows = reading.tallies[0], reading.observations
    except FileRejected as exc:
        problems.found_in(snapshot.path, exc.problem)
        return []
    for rejected in tally.rejected:
        problems.found_in(snapshot.path, rejected)
    prefix = f"ingest/{snapshot.path.name}#L"
    located = []
    for row in rows:
        line = int(row["ref"].removeprefix(prefix))
        located.append(RawRow(Location(snapshot.path, line),
                              {**row, "ref": f"snapshot/{snapshot.snapshot_id}#L{line}",
                               "source_id": derivation.source_id, "verification": snapshot.verification}))
    return located


def _day(snapshot: Snapshot) -> date:
    """The day the file was taken, for readers that refuse years after it; a snapshot that records none is
    read as of the day it entered the repository."""
    return date.fromisoformat(snapshot.accessed if snapshot.accessed != "unstated" else snapshot.copied)
