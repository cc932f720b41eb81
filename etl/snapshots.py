"""Snapshots: the real data files the package is derived from, each in datasets/snapshots/<id>/ with its
provenance.yaml (who produced it, who made the file, where it was taken from, what was selected, what is
known to be wrong with it, and its sha256).

The build checks every snapshot against its provenance: a file that changed, went missing or has no record
stops the build, naming it. The package lists every snapshot (the `snapshots` table).

`python -m etl ingest` adds snapshots: the file as given, or, for a download over MAX_FILE_BYTES, the rows its
reader kept, with the original's name, size and sha256 under `original`. Its stub marks what the command line
cannot tell with values starting "TO FILL": they are values (the build accepts them), counted by `to_fill`.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from etl.problems import Problems
from etl.yamlfile import load_yaml

PROVENANCE = "provenance.yaml"
REQUIRED = ("snapshot", "file", "bytes", "sha256", "producer", "title", "made_by", "made_by_name", "taken_from",
            "accessed", "licence", "selection", "known_issues", "copied_into_vigia")
VERIFICATION_OF = {"publisher": "publisher_file", "third_party": "third_party_file"}
MAX_FILE_BYTES = 20_000_000   # a larger download is not copied: its snapshot holds the rows a reader kept
TO_FILL = "TO FILL"           # how a stub marks a value still to be filled in by hand
ORIGINAL = ("file", "bytes", "sha256")   # required fields of `original` (optional: member, the CSV in a zip)


@dataclass(frozen=True)
class Snapshot:
    snapshot_id: str
    path: Path  # the file as taken
    bytes: int
    sha256: str
    producer: str
    title: str
    made_by: str  # publisher | third_party
    made_by_name: str
    taken_from: Mapping[str, str]  # url, or repository + commit + path
    accessed: str  # YYYY-MM-DD, or `unstated` when the record gives a commit instead of a day
    licence: str
    selection: str
    converted: str  # "" for a file whose bytes are as taken; else by whom, from what, how
    known_issues: tuple[str, ...]
    copied: str  # the day it entered the repository (YYYY-MM-DD)
    original: Mapping[str, str] = field(default_factory=dict)  # file, bytes, sha256 (+ member) of a download not
    #                                                            copied whole; empty for a file as taken
    to_fill: tuple[str, ...] = ()  # fields whose value is still marked TO FILL (`taken_from.url`)
    downloaded: str = ""  # YYYY-MM-DD the file was downloaded from its publisher, where `accessed` does not say it

    @property
    def download_day(self) -> date:
        """The day the file was downloaded from its publisher (for readers that refuse years after it, and to tell
        the later of two downloads): `downloaded`, else `accessed`, else the day it entered the repository."""
        day = self.downloaded or (self.accessed if self.accessed != "unstated" else self.copied)
        return date.fromisoformat(day)

    @property
    def verification(self) -> str:
        """How a figure read from this file was obtained (vocabulary verification)."""
        return VERIFICATION_OF[self.made_by]

    def row(self) -> dict[str, str]:
        """The snapshot as a row of the package's snapshots table."""
        where = self.taken_from
        return {"snapshot_id": self.snapshot_id, "file": self.path.name, "bytes": str(self.bytes),
                "sha256": self.sha256, "producer": self.producer, "title": self.title, "made_by": self.made_by,
                "made_by_name": self.made_by_name, "url": where.get("url", ""),
                "repository": where.get("repository", ""), "commit": where.get("commit", ""),
                "path": where.get("path", ""), "accessed": self.accessed, "licence": self.licence,
                "selection": self.selection, "converted": self.converted,
                "known_issues": " | ".join(self.known_issues),
                "original_file": "" if not self.original else self.original["file"] + (
                    f" ({self.original['member']})" if self.original.get("member") else ""),
                "original_bytes": self.original.get("bytes", ""), "original_sha256": self.original.get("sha256", "")}


def _text(value: Any) -> str:
    if isinstance(value, Mapping):
        return "; ".join(f"{k}: {v}" for k, v in value.items())
    return "" if value is None else str(value).strip()


def _snapshot(folder: Path, problems: Problems) -> Snapshot | None:
    record = folder / PROVENANCE
    try:
        meta = load_yaml(record.read_text(encoding="utf-8"))
    except FileNotFoundError:
        problems.add(folder, 0, "", folder.name, f"a {PROVENANCE} beside the file (every snapshot has one)")
        return None
    except yaml.YAMLError as exc:
        problems.add(record, 0, "", str(exc).splitlines()[0], "valid YAML")
        return None
    if not isinstance(meta, Mapping):
        problems.add(record, 0, "", type(meta).__name__, "a mapping of provenance fields")
        return None
    before = len(problems)
    for key in REQUIRED:
        if key not in meta or (key != "known_issues" and not _text(meta[key])):
            problems.add(record, 0, key, "", "a value (see datasets/snapshots/README.md)")
    if len(problems) > before:
        return None
    if meta["snapshot"] != folder.name:
        problems.add(record, 0, "snapshot", meta["snapshot"], f"the folder's name, {folder.name}")
    if meta["made_by"] not in VERIFICATION_OF:
        problems.add(record, 0, "made_by", meta["made_by"], "publisher or third_party")
    if not (meta["accessed"] == "unstated" or re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(meta["accessed"]))):
        problems.add(record, 0, "accessed", meta["accessed"], "YYYY-MM-DD, or unstated")
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(meta["copied_into_vigia"])):
        problems.add(record, 0, "copied_into_vigia", meta["copied_into_vigia"], "YYYY-MM-DD")
    if "downloaded" in meta and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(meta["downloaded"])):
        problems.add(record, 0, "downloaded", meta["downloaded"], "YYYY-MM-DD, the day the file was downloaded from "
                     "its publisher (optional)")
    original = meta.get("original")
    if original is not None and not (
            isinstance(original, Mapping) and all(_text(original.get(k)) for k in ORIGINAL)
            and isinstance(original["bytes"], int) and re.fullmatch(r"[0-9a-f]{64}", str(original["sha256"]))):
        problems.add(record, 0, "original", _text(original), "file, bytes and sha256 of the original download")
    taken = meta["taken_from"]
    if not (isinstance(taken, Mapping) and ("url" in taken or {"repository", "commit", "path"} <= set(taken))):
        problems.add(record, 0, "taken_from", _text(taken), "a url, or a repository, commit and path")
    path = folder / str(meta["file"])
    others = sorted(p.name for p in folder.iterdir() if p.name not in (PROVENANCE, path.name))
    if others:
        problems.add(folder, 0, "", ", ".join(others), f"only {path.name} and {PROVENANCE} in a snapshot folder")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        problems.add(record, 0, "file", path.name, "a file present in the snapshot folder")
        return None
    digest = hashlib.sha256(data).hexdigest()
    if digest != meta["sha256"] or len(data) != meta["bytes"]:
        problems.add(path, 0, "sha256", f"{digest} ({len(data)} bytes)",
                     f"{meta['sha256']} ({meta['bytes']} bytes) as recorded in {PROVENANCE}: a snapshot is never "
                     "edited; a new download is a new snapshot")
    if len(problems) > before:
        return None
    return Snapshot(folder.name, path, len(data), digest, _text(meta["producer"]), _text(meta["title"]),
                    meta["made_by"], _text(meta["made_by_name"]), {k: str(v) for k, v in taken.items()},
                    str(meta["accessed"]), _text(meta["licence"]), _text(meta["selection"]),
                    _text(meta.get("converted")), tuple(str(i) for i in meta["known_issues"] or ()),
                    str(meta["copied_into_vigia"]), {k: str(v) for k, v in (original or {}).items()},
                    tuple(fields_to_fill(meta)), str(meta.get("downloaded") or ""))


def read_snapshots(folder: Path, problems: Problems) -> dict[str, Snapshot]:
    """Every snapshot under `folder` (datasets/snapshots), checked against its provenance."""
    if not folder.is_dir():
        return {}
    found = (_snapshot(sub, problems) for sub in sorted(folder.iterdir()) if sub.is_dir())
    return {s.snapshot_id: s for s in found if s is not None}


# ---------------------------------------------------------------- stubs written by `python -m etl ingest`

def fields_to_fill(meta: Mapping[str, Any], prefix: str = "") -> list[str]:
    """The fields of a record whose value is still marked TO FILL (`taken_from.url`, `known_issues[0]`)."""
    found = []
    for key, value in meta.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            found += fields_to_fill(value, f"{name}.")
        elif isinstance(value, list):
            found += [f"{name}[{i}]" for i, v in enumerate(value) if str(v).startswith(TO_FILL)]
        elif str(value).startswith(TO_FILL):
            found.append(name)
    return found


def write_provenance(folder: Path, meta: Mapping[str, Any], written_by: str) -> list[str]:
    """Write `folder/provenance.yaml` from `meta` (fields in order), under a comment naming who wrote it and the
    fields still marked TO FILL; returns those fields."""
    missing = fields_to_fill(meta)
    still = (f"Still to fill (marked \"{TO_FILL}\"): {', '.join(missing)}." if missing
             else f"Nothing is marked \"{TO_FILL}\".")
    header = ("# Provenance of this snapshot (datasets/snapshots/README.md). The build checks sha256 and bytes.\n"
              f"# {written_by}\n# {still} Check producer, title and licence; list known_issues.\n")
    text = yaml.safe_dump(dict(meta), allow_unicode=True, sort_keys=False, width=110)
    (folder / PROVENANCE).write_text(header + text, encoding="utf-8")
    return missing


def _records(folder: Path) -> dict[str, Mapping[str, Any]]:
    """snapshot id -> its provenance record as written (records that cannot be read are left out)."""
    found: dict[str, Mapping[str, Any]] = {}
    for record in sorted(folder.glob(f"*/{PROVENANCE}")) if folder.is_dir() else []:
        try:
            meta = load_yaml(record.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError):
            continue
        if isinstance(meta, Mapping) and not record.parent.name.startswith("."):
            found[record.parent.name] = meta
    return found


def recorded_checksums(folder: Path) -> dict[str, str]:
    """Checksum -> snapshot id, for every snapshot under `folder`: the sha256 of its file, and for a kept-rows
    snapshot that of its original download (`<sha256>` of a file, `<sha256>:<member>` of a CSV in a zip)."""
    found: dict[str, str] = {}
    for snapshot_id, meta in _records(folder).items():
        if meta.get("sha256"):
            found.setdefault(str(meta["sha256"]), snapshot_id)
        original = meta.get("original")
        if isinstance(original, Mapping) and original.get("sha256"):
            member = f":{original['member']}" if original.get("member") else ""
            found.setdefault(f"{original['sha256']}{member}", snapshot_id)
    return found


def to_fill(folder: Path) -> dict[str, list[str]]:
    """snapshot id -> the fields still marked TO FILL, for every snapshot under `folder` that has any."""
    return {snapshot_id: fields for snapshot_id, meta in _records(folder).items()
            if (fields := fields_to_fill(meta))}
