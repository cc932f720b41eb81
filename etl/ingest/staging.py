"""Each file an ingest is given becomes a snapshot (datasets/snapshots/<format>_<stem>_<YYYYMMDD>/): the file as
given and a provenance.yaml stub, or, for a download over `etl.snapshot_files.MAX_FILE_BYTES`, the rows its reader
kept. Written into the staging copy of datasets/snapshots; a file already held as a snapshot reuses it."""
from __future__ import annotations

import csv
import hashlib
import io
import re
import shutil
import unicodedata
from collections import deque
from collections.abc import Iterator, Mapping
from dataclasses import asdict
from datetime import date
from itertools import islice
from pathlib import Path
from typing import Any

from etl import snapshots as snapshot_files
from etl.ingest.download import file_sha256, open_data, reading
from etl.ingest.files import FileInfo
from etl.ingest.formats import formats
from etl.ingest.runs import FormatRun, ReadFile, StagedSnapshot
from etl.ingest.text import Header
from etl.snapshots import TO_FILL, recorded_checksums, to_fill, write_provenance

SNAPSHOT_ID_STEM = 60   # characters of the file name kept in a snapshot id
DATA_SUFFIXES = (".csv", ".txt", ".tsv", ".tab", ".gz", ".zip", ".xlsx")   # dropped from a name to make a stem


def stage_snapshots(runs: dict[str, FormatRun], folder: Path, via: str | None, publisher: str | None,
                     url: str | None) -> list[StagedSnapshot]:
    """A snapshot folder for each file given (for a file over MAX_FILE_BYTES, for each CSV read from it),
    written into `folder`, the staging copy of datasets/snapshots; a file already held as a snapshot reuses it."""
    folder.mkdir(exist_ok=True)
    recorded = recorded_checksums(folder)
    taken = {p.name for p in folder.iterdir()}
    by_path: dict[Path, list[tuple[str, ReadFile]]] = {}
    for run in runs.values():
        for f in run.files:
            by_path.setdefault(f.info.path, []).append((run.name, f))
    staged: list[StagedSnapshot] = []
    for path, inputs in by_path.items():
        size = path.stat().st_size
        fmt, (first, _, _) = inputs[0]
        sha = file_sha256(path)[0] if first.member or not first.sha256 else first.sha256
        downloaded = first.downloaded
        if size <= snapshot_files.MAX_FILE_BYTES:
            if sha in recorded:
                staged.append(StagedSnapshot(recorded[sha], path.name, path.name, new=False))
                continue
            snapshot_id = _new_folder(folder, taken, fmt, path.name, downloaded)
            shutil.copyfile(path, folder / snapshot_id / path.name)
            _write_stub(folder / snapshot_id, fmt, path.name, size, sha, downloaded, via, publisher, url,
                        "whole file")
            staged.append(StagedSnapshot(snapshot_id, path.name, path.name, new=True))
            continue
        for fmt, (info, det, tally) in inputs:
            key = f"{sha}:{info.member}" if info.member else sha
            stem = _stem(Path(info.member).name if info.member else path.name)
            name = f"{stem}.kept.csv"
            held = recorded.get(key) or recorded.get(sha)
            if held:
                staged.append(StagedSnapshot(held, info.name, name, new=False, original_bytes=size))
                continue
            assert det.header is not None   # a workbook over the limit is refused before reading
            kept = runs[fmt].kept.get(info.name, {})
            data, written = _kept_rows(info, det.header, kept)
            snapshot_id = _new_folder(folder, taken, fmt, Path(info.member).name if info.member else path.name,
                                      downloaded)
            (folder / snapshot_id / name).write_bytes(data)
            rows = f"{written} of {tally.rows_in} data rows"
            selection = f"rows kept by the {fmt} reader: {rows} (Peru-related)"
            if tally.kept > written:
                selection += f"; {tally.kept - written} more kept row(s) give no figure and are left out"
            original: dict[str, Any] = {"file": path.name, "bytes": size, "sha256": sha}
            if info.member:
                original["member"] = info.member
            _write_stub(folder / snapshot_id, fmt, name, len(data), hashlib.sha256(data).hexdigest(), downloaded,
                        via, publisher, url, selection, original)
            staged.append(StagedSnapshot(snapshot_id, info.name, name, new=True, rows=rows, original_bytes=size))
    return staged


def _new_folder(folder: Path, taken: set[str], fmt: str, name: str, downloaded: date) -> str:
    snapshot_id = _snapshot_id(fmt, name, downloaded, taken)
    taken.add(snapshot_id)
    (folder / snapshot_id).mkdir()
    return snapshot_id


def _stem(name: str) -> str:
    """A file name without its data suffixes: `trade_db_1.csv.gz` -> `trade_db_1`."""
    while Path(name).suffix.lower() in DATA_SUFFIXES and Path(name).stem:
        name = Path(name).stem
    return name


def _snapshot_id(fmt: str, name: str, downloaded: date, taken: set[str]) -> str:
    """`<format>_<stem>_<YYYYMMDD>`, lower-case [a-z0-9_] (accents dropped), made unique with `_2`, `_3`...; the
    format is not repeated when the stem starts with it."""
    ascii_name = unicodedata.normalize("NFKD", _stem(name)).encode("ascii", "ignore").decode().lower()
    stem = re.sub(r"[^a-z0-9]+", "_", ascii_name).strip("_")[:SNAPSHOT_ID_STEM].strip("_")
    parts = [stem if stem.startswith(f"{fmt}_") or stem == fmt else f"{fmt}_{stem}".strip("_"),
             downloaded.strftime("%Y%m%d")]
    base = "_".join(p for p in parts if p)
    snapshot_id, n = base, 1
    while snapshot_id in taken:
        n += 1
        snapshot_id = f"{base}_{n}"
    return snapshot_id


def _write_stub(folder: Path, fmt: str, file: str, size: int, sha: str, downloaded: date, via: str | None,
                publisher: str | None, url: str | None, selection: str,
                original: Mapping[str, Any] | None = None) -> None:
    """provenance.yaml of a new snapshot, filled from the arguments and the reader's source record."""
    source = asdict(formats()[fmt].source)
    producer = publisher or source.get("publisher") or f"{TO_FILL}: who produced the data"
    meta: dict[str, Any] = {
        "snapshot": folder.name, "file": file, "bytes": size, "sha256": sha, "producer": producer,
        "title": source.get("title") or f"{TO_FILL}: what the data is",
        "made_by": "third_party" if via else "publisher", "made_by_name": via or producer,
        "taken_from": {"url": url or f"{TO_FILL}: where the file was downloaded"},
        "accessed": downloaded.isoformat(), "licence": source.get("licence") or f"{TO_FILL}: licence or terms",
        "selection": selection, "known_issues": [],
        "copied_into_vigia": date.today().isoformat()}
    if original:
        meta["original"] = dict(original)
    write_provenance(folder, meta, f"Stub written by `python -m etl ingest` ({fmt} reader) on "
                                   f"{date.today().isoformat()}, from its arguments and the reader's source record.")


def _kept_rows(info: FileInfo, header: Header, kept: Mapping[int, int]) -> tuple[bytes, int]:
    """The header line and every kept record, each as its lines are in the file (gzip decompressed, UTF-16 read
    as UTF-8), in the order of the file; and how many records. `kept`: first line -> last line of each record,
    or -> 0 where only the first line is known (then a CSV pass tells where each record ends)."""
    if any(last == 0 for last in kept.values()):
        return _kept_records(info, header, set(kept))
    wanted = sorted({header.line} | {n for first, last in kept.items() for n in range(first, last + 1)})
    out, ending, at = bytearray(), b"\n", 1   # at: the number of the next line the file gives
    with reading(info.name), open_data(info.path, info.member) as f:
        lines = iter(f)
        for n in wanted:
            if n > at:
                deque(islice(lines, n - at), maxlen=0)   # the lines in between, skipped at C speed
            line = next(lines, None)
            if line is None:
                break
            at = n + 1
            ending = b"\r\n" if n == header.line and line.endswith(b"\r\n") else ending
            out += line if line.endswith(b"\n") else line + ending
    return bytes(out), len(kept)


def _kept_records(info: FileInfo, header: Header, firsts: set[int]) -> tuple[bytes, int]:
    """Like `_kept_rows`, the records told by the csv module as the readers read them (a quoted field may hold
    line breaks); bytes read as Latin-1 and written back as they were."""
    end, out, written = max(firsts, default=header.line), [], 0
    with reading(info.name), open_data(info.path, info.member) as f:
        text = io.TextIOWrapper(f, encoding="latin-1", newline="")
        lines: list[str] = []

        def physical() -> Iterator[str]:
            for line in text:
                lines.append(line)
                yield line

        reader = csv.reader(physical(), delimiter=header.delimiter)
        first = 1
        for _ in reader:
            raw = "".join(lines)
            lines.clear()
            if first == header.line or first in firsts:
                out.append(raw if raw.endswith(("\n", "\r")) else raw + "\n")
                written += first in firsts
            first = reader.line_num + 1
            if first > end:
                break
        text.detach()
    return "".join(out).encode("latin-1"), written


def snapshot_summary(snapshots: list[StagedSnapshot], folder: Path, dry_run: bool) -> str:
    lines = ["snapshots" + (" [dry run: nothing written]" if dry_run else "") + ":"]
    for s in snapshots:
        where = f"datasets/snapshots/{s.snapshot_id}/"
        if not s.new:
            lines.append(f"  {s.given} -> {where} (reused: a snapshot of the same sha256 is there already)")
        elif s.rows:
            lines.append(f"  {s.given} -> {where}{s.file} (new: the {s.rows} kept; the {s.original_bytes:,}-byte "
                         f"original is over {snapshot_files.MAX_FILE_BYTES:,} bytes and not copied)")
        else:
            lines.append(f"  {s.given} -> {where}{s.file} (new: the whole file)")
    pending = to_fill(folder)
    mine = [f"{i} ({', '.join(fields)})" for i, fields in pending.items() if i in {s.snapshot_id for s in snapshots}]
    lines.append(f"  {len(pending)} snapshot(s) in datasets/snapshots with fields still marked {TO_FILL}"
                 + (f", of which this run's: {'; '.join(mine)}" if mine else ""))
    return "\n".join(lines)
