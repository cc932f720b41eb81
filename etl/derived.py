"""Series derived from snapshots: each theme's `derived.yaml` names a snapshot (`snapshot: <id>`) or several read
together (`snapshots: [<id>, <id>]`: one format's files, combined by its reader as in one ingest, e.g. two CITES
exports of overlapping years where the later download wins), the `etl ingest` reader that reads them, the
source their figures cite and, where the reader takes them, `options` (what to take from the file when another
snapshot or source already gives some of its cells). Each file is read as downloaded on its snapshot's
`download_day`. The rows come out of the same reader a fresh download goes through, and are then validated
like every transcribed row; each carries its snapshot in its `ref` (`snapshot/<id>#L<line>`) and the
verification its file allows (`publisher_file` or `third_party_file`).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from etl.ingest.detect import detect
from etl.ingest.files import Context, FileInfo, hash_file, ref_line
from etl.ingest.formats import formats
from etl.ingest.reader import Input
from etl.places import PlaceIndex
from etl.problems import FileRejected, Location, Problems
from etl.records import RawRow
from etl.snapshots import Snapshot

DERIVED_FILE = "derived.yaml"
REQUIRED = ("format", "source_id")
ENTRY = "entries with snapshot (or snapshots, a list of them), format, source_id"


@dataclass(frozen=True)
class Derivation:
    where: Path  # the derived.yaml that asks for it
    snapshots: tuple[Snapshot, ...]  # read together, as one ingest of their files
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
            ids = _snapshot_ids(entry)
            if not ids or any(not entry.get(k) for k in REQUIRED):
                problems.add(path, 0, "", repr(entry), ENTRY)
                continue
            column = "snapshot" if "snapshot" in entry else "snapshots"
            unknown = [i for i in ids if i not in snapshots]
            if unknown:
                problems.add(path, 0, column, ", ".join(unknown), "a snapshot of datasets/snapshots")
            elif len(set(ids)) < len(ids):
                problems.add(path, 0, column, ", ".join(ids), "each snapshot once")
            elif entry["format"] not in formats():
                problems.add(path, 0, "format", entry["format"], "one of " + ", ".join(sorted(formats())))
            else:
                derivations.append(Derivation(path, tuple(snapshots[i] for i in ids), str(entry["format"]),
                                              str(entry["source_id"]), entry.get("options") or {}))
    return derivations


def _snapshot_ids(entry: object) -> list[str]:
    """The snapshots an entry names: `snapshot: <id>` or `snapshots: [<id>, ...]`, not both; [] when neither."""
    if not isinstance(entry, Mapping) or ("snapshot" in entry) == ("snapshots" in entry):
        return []
    if "snapshot" in entry:
        return [str(entry["snapshot"])] if entry["snapshot"] else []
    listed = entry["snapshots"]
    return [str(i) for i in listed] if isinstance(listed, list) and all(listed) else []


def derived_rows(derivation: Derivation, places: PlaceIndex, vocabularies: Mapping[str, object],
                 problems: Problems) -> list[RawRow]:
    """The snapshots read by their reader, as located rows of observations.csv. A row the reader rejects is a
    build problem (a snapshot the build cannot read whole is not half-published), except a row a later
    download of the same derivation supersedes."""
    inputs, by_source = [], {}
    first = derivation.snapshots[0]
    try:
        for snapshot in derivation.snapshots:
            info = FileInfo(snapshot.path, snapshot.download_day)
            hash_file(info)
            inputs.append(Input(info, detect(snapshot.path, derivation.format)))
            by_source[info.source_id] = snapshot
        ctx = Context(places, vocabularies, first.verification, options=derivation.options)
        reading = formats()[derivation.format].reader.read(inputs, ctx)
    except FileRejected as exc:
        where = next((s for s in derivation.snapshots if s.path.name == exc.problem.file), first)
        problems.found_in(where.path, exc.problem)
        return []
    for (info, _), tally in zip(inputs, reading.tallies, strict=True):
        for rejected in tally.rejected:
            if not rejected.superseded:
                problems.found_in(by_source[info.source_id].path, rejected)
    located = []
    for row in reading.observations:
        snapshot, line = by_source[row["source_id"]], ref_line(row)
        located.append(RawRow(Location(snapshot.path, line),
                              {**row, "ref": f"snapshot/{snapshot.snapshot_id}#L{line}",
                               "source_id": derivation.source_id, "verification": snapshot.verification}))
    return located
