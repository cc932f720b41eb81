"""`python -m etl ingest FILE...`: fresh downloads -> `datasets/sources/ingest_<format>/` -> rebuilt package.

1. Each file is read as it arrives (download.py: a zip's CSVs, gzip, UTF-16) and its format told from its
   header (or --format); a file that cannot be read at all (not a CSV, no known header, a required column
   missing) stops the ingest before anything is written, with a one-line message, never a traceback.
2. The readers turn in-scope rows into observations of the sources-layer contract, with one source record
   per file (publisher, file name, SHA-256, download date). Rows in = kept + rejected + out of scope.
3. A figure already in the package for the same cell (transcribed or ingested earlier in another folder)
   is not written again when it has the same value; a different value in a preferred series is a conflict:
   the ingest stops (or, with --skip-conflicts, leaves the package's figure and lists the new one).
4. Each run rebuilds `ingest_<format>` from the files it is given (pass every file of that format you want
   in the package). The new folder is validated with the whole sources layer in a staging copy, then
   swapped in and the package rebuilt with `etl.build.build`; any failure leaves datasets/ as it was.
5. Rejected rows and conflicts go to `datasets/ingest_report/<format>-rejected.csv` (a row that spans lines
   is listed with its line range, `12-13`), the counts to `<format>-summary.txt`.
6. A run in which a format keeps no row (an empty file, every row rejected or out of scope), or whose kept rows
   hold no figure, ends with "nothing to ingest": non-zero exit, the summary and the first rejected rows
   printed, and datasets/ left exactly as it was (no report either).
7. Each file given becomes a snapshot, `datasets/snapshots/<format>_<stem>_<YYYYMMDD>/`: the file as given and a
   provenance.yaml stub filled from the arguments and the reader's source record, the fields the command line
   cannot tell marked "TO FILL" (see etl/snapshots.py). A file with the sha256 of a snapshot already there
   reuses it. A download over MAX_FILE_BYTES is not copied: its snapshot holds the rows the reader kept
   (`<stem>.kept.csv`: the header line and each kept record's lines as they are in the file), one per CSV read
   from it, with the original's name, size and sha256 under `original`. The snapshot folders are staged and
   installed with the ingest folders: a failed or empty ingest leaves datasets/snapshots as it was.
"""
from __future__ import annotations

import csv
import os
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import asdict, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from etl import snapshots as snapshot_files
from etl.build import BuildResult, build, make_package
from etl.catalogue import Catalogue
from etl.grammar import parse_value
from etl.ingest import report, staging
from etl.ingest.detect import detect
from etl.ingest.download import members
from etl.ingest.files import Context, FileInfo, figure_key, ref_line
from etl.ingest.formats import formats
from etl.ingest.reader import Input
from etl.ingest.rows import Tally
from etl.ingest.runs import FormatRun, IngestFailed, Outcome, ReadFile
from etl.ingest.text import Detected
from etl.package import csv_bytes
from etl.paths import DATASETS, PACKAGE
from etl.problems import BuildFailed, FileRejected, Problem
from etl.provenance import file_source
from etl.sources_layer import read_sources_layer

if TYPE_CHECKING:
    from etl.records import Observation
    from etl.sources_layer import SourcesLayer

FAILURE_ROWS_SHOWN = 10
MANIFEST_COLUMNS = ["source_id", "file", "format", "variant", "sha256", "bytes", "downloaded", "rows_in", "kept",
                    "rejected", "out_of_scope"]


def ingest(paths: list[Path], downloaded: list[date] | date, *, fmt: str | None = None, via: str | None = None,
           publisher: str | None = None, url: str | None = None, year: int | None = None,
           skip_conflicts: bool = False, dry_run: bool = False, datasets: Path = DATASETS, out: Path = PACKAGE,
           log: Callable[[str], None] = print, progress: Callable[[str], None] | None = None) -> Outcome:
    dates = downloaded if isinstance(downloaded, list) else [downloaded] * len(paths)
    if len(dates) != len(paths):
        raise IngestFailed(f"give one download date for all files or one per file ({len(paths)} files, "
                           f"{len(dates)} dates)")
    given = [FileInfo(Path(p), d) for p, d in zip(paths, dates, strict=True)]
    for info in given:
        if not info.path.is_file():
            raise IngestFailed(f"{info.path}: no such file")
        if info.downloaded > date.today():
            raise IngestFailed(f"{info.name}: download date {info.downloaded} is in the future")
    try:
        found = [pair for info in given for pair in _detect(info, fmt)]
    except FileRejected as exc:
        raise IngestFailed(f"INGEST FAILED, nothing written: {exc}") from None
    for info, det in found:
        if det.header is None and info.path.stat().st_size > snapshot_files.MAX_FILE_BYTES:
            raise IngestFailed(f"INGEST FAILED, nothing written: {info.name} is a workbook of "
                               f"{info.path.stat().st_size:,} bytes, over the {snapshot_files.MAX_FILE_BYTES:,} a "
                               "snapshot may hold, "
                               "and only a CSV's kept rows can be taken instead: save the sheet as CSV")
    runs: dict[str, FormatRun] = {}
    for info, det in found:
        runs.setdefault(det.format, FormatRun(det.format)).files.append(ReadFile(info, det, Tally(info.name)))

    with tempfile.TemporaryDirectory(prefix="vigia-ingest-") as tmp:
        stage = Path(tmp) / "datasets"
        _stage_copy(datasets, stage, {r.folder for r in runs.values()})
        layer = read_sources_layer(stage)
        if layer.problems:
            raise IngestFailed("the sources layer has problems before the ingest; fix them first:\n"
                               + layer.problems.report())
        ctx = Context(layer.places, layer.vocabularies, "third_party_file" if via else "publisher_file", year,
                      progress, unit_names={u["unit_id"]: (u["name_es"], u["name_en"]) for u in layer.units})
        try:
            for run in runs.values():
                _read(run, ctx)
        except FileRejected as exc:
            raise IngestFailed(f"INGEST FAILED, nothing written: {exc}") from None
        _check_same_content(runs)
        _nothing_to_ingest(runs, datasets, dry_run, lambda run: not sum(t.kept for _, _, t in run.files),
                           "keeps no row")
        for run in runs.values():
            _against_package(run, layer)
        _nothing_to_ingest(runs, datasets, dry_run, lambda run: not (run.observations or run.already or run.conflicts),
                           "keeps rows that hold no figure (blank values)")
        for run in runs.values():
            _catalogue(run, layer)
            run.sources = [_source_row(f.info, asdict(formats()[run.name].source), via, publisher, url,
                                       layer.catalogue)
                           for f in run.files]
            _write_folder(run, stage / "sources" / run.folder, layer.catalogue)
        summary = report.summary(runs, datasets, dry_run)
        conflicts = sum(r.conflicts for r in runs.values())
        if conflicts and not skip_conflicts:
            if not dry_run:
                report.write_reports(runs, datasets, summary, failed=True)
            raise IngestFailed(f"INGEST FAILED, package untouched: {conflicts} figure(s) differ from figures already "
                               f"in the package for the same cell (see {report.report_dir(datasets)}); two sources for "
                               "one cell need two series, or rerun with --skip-conflicts to keep the package's",
                               summary)
        try:
            snapshots = staging.stage_snapshots(runs, stage / "snapshots", via, publisher, url)
        except FileRejected as exc:   # the file changed or went away since it was read
            raise IngestFailed(f"INGEST FAILED, nothing written: {exc}", summary) from None
        summary += "\n" + staging.snapshot_summary(snapshots, stage / "snapshots", dry_run)
        try:
            if dry_run:
                make_package(stage, log=lambda *_: None)
                log(summary)
                return Outcome(runs, summary, snapshots=snapshots)
            result = _install_and_build(runs, stage, datasets, out, log,
                                        [s.snapshot_id for s in snapshots if s.new])
        except BuildFailed as exc:
            if not dry_run:
                report.write_reports(runs, datasets, summary, failed=True)
            raise IngestFailed(f"INGEST FAILED, package and sources untouched: the ingested rows do not validate: "
                               f"{exc}", summary) from None
    report.write_reports(runs, datasets, summary, failed=False)
    log(summary)
    return Outcome(runs, summary, result, snapshots)


# ---------------------------------------------------------------- reading

def _detect(info: FileInfo, fmt: str | None) -> list[tuple[FileInfo, Detected]]:
    """The inputs a given file holds (itself, or the CSVs of a zip archive) with their formats. A zip's
    CSVs of no known format are skipped, and noted, when another of its CSVs is read."""
    inputs = [replace(info, member=member) for member in members(info.path)]
    found: list[tuple[FileInfo, Detected]] = []
    skipped: list[str] = []
    first_error: FileRejected | None = None
    for one in inputs:
        try:
            found.append((one, detect(one.path, fmt, one.member)))
        except FileRejected as exc:
            if len(inputs) == 1:
                raise
            first_error = first_error or exc
            skipped.append(Path(one.member).name)
    if not found:
        assert first_error is not None
        raise FileRejected(info.name, 0, "", None, f"no CSV in this zip archive is of a known format (first: "
                                                   f"{first_error})")
    if skipped:
        found[0][1].notes.append(f"CSVs of {info.name} not read (no header of a known format): "
                                 + ", ".join(skipped))
    return found


def _read(run: FormatRun, ctx: Context) -> None:
    try:
        _read_files(run, ctx)
    except csv.Error as exc:   # download.reading() turns the other reading errors into FileRejected
        raise FileRejected(", ".join(f.info.name for f in run.files), 0, "", None,
                           f"a CSV the csv module cannot read: {exc}") from None


def _read_files(run: FormatRun, ctx: Context) -> None:
    fmt = formats()[run.name]
    reading = fmt.reader.read([Input(f.info, f.detected) for f in run.files], ctx)
    run.files = [ReadFile(f.info, f.detected, tally) for f, tally in zip(run.files, reading.tallies, strict=True)]
    run.observations, run.kept, run.reading = reading.observations, reading.kept, reading
    run.entries += reading.superseded


def _nothing_to_ingest(runs: dict[str, FormatRun], datasets: Path, dry_run: bool, empty: Callable[[FormatRun], bool],
                       what: str) -> None:
    """Stop, writing nothing (not even a report), when a format's files give nothing to publish: the summary
    and the first rejected rows say why."""
    idle = [run for run in runs.values() if empty(run)]
    if not idle:
        return
    summary = "\n".join(line for line in report.summary(runs, datasets, dry_run).splitlines()
                        if not line.lstrip().startswith("report: "))   # none is written
    files = "; ".join(f"{', '.join(f.info.name for f in run.files)} ({run.name})" for run in idle)
    rejected = [e for run in idle for _, _, t in run.files for e in t.rejected]
    shown = "".join(f"\n  {e}" for e in rejected[:FAILURE_ROWS_SHOWN])
    more = f"\n  … and {len(rejected) - FAILURE_ROWS_SHOWN} more" if len(rejected) > FAILURE_ROWS_SHOWN else ""
    raise IngestFailed(f"INGEST FAILED, nothing written: nothing to ingest: {files} {what}"
                       + (f"; rejected rows:{shown}{more}" if rejected else ""), summary)


def _check_same_content(runs: dict[str, FormatRun]) -> None:
    seen: dict[str, str] = {}   # sha256 -> file name
    for run in runs.values():
        for info, _, _ in run.files:
            if info.sha256 in seen:
                raise IngestFailed(f"INGEST FAILED, nothing written: {info.name} has the same content as "
                                   f"{seen[info.sha256]} (sha256 {info.sha256}); give each file once")
            seen[info.sha256] = info.name


# ---------------------------------------------------------------- against the package and the catalogue

def _against_package(run: FormatRun, layer: SourcesLayer) -> None:
    """Drop figures the package already has with the same value; flag different ones in preferred series."""
    preferred = {(i.indicator_id, i.preferred_series) for i in layer.indicators}
    existing: dict[tuple[str, ...], list[Observation]] = defaultdict(list)
    for r in layer.observations:
        existing[r.cell()].append(r)
    kept = []
    for o in run.observations:
        place = layer.places.normalise(o["geography"], o["geography_level"])
        rows = existing.get(figure_key(o, place), [])
        new = parse_value(o["value"])
        if any(r.value == new for r in rows):
            run.already += 1
        elif rows and (o["indicator"], o["series"]) in preferred:
            run.conflicts += 1
            first = rows[0]
            run.entries.append(Problem(
                o["ref"].split("/", 1)[1].rsplit("#", 1)[0], ref_line(o), o["locator"], o["value"],
                f"conflict: the package already has {first.value.text} for this cell "
                f"({first.ref}, source {first.source_id}, {first.where.file.parent.name}/{first.where.file.name}:"
                f"{first.where.line})"))
        else:
            kept.append(o)
    run.observations = kept


def _catalogue(run: FormatRun, layer: SourcesLayer) -> None:
    """Definitions for indicators and units the observations use and the catalogue lacks (the reader's)."""
    defined = {i.indicator_id: i for i in layer.indicators}
    units = {u["unit_id"] for u in layer.units}
    own = run.reading.indicators if run.reading else {}
    for ident in sorted({o["indicator"] for o in run.observations}):
        series = {o["series"] for o in run.observations if o["indicator"] == ident}
        if ident in defined:
            missing = series - {s.series_id for s in defined[ident].series}
            if missing:
                raise IngestFailed(f"indicator {ident} ({defined[ident].file}) has no series {sorted(missing)}")
        elif ident in own:
            run.indicators.append(own[ident])
        else:
            raise IngestFailed(f"indicator {ident} is not defined in datasets/catalogue or datasets/sources")
    used = {o["unit"] for o in run.observations}
    for unit_id, (_, es, en, kind, symbol) in sorted((run.reading.units if run.reading else {}).items()):
        if unit_id in used and unit_id not in units:
            run.units.append({"unit_id": unit_id, "symbol_es": es if kind == "count" else symbol,
                              "symbol_en": en if kind == "count" else symbol, "name_es": es, "name_en": en,
                              "kind": kind})


def _source_row(info: FileInfo, default: Mapping[str, str], via: str | None, publisher: str | None,
                url: str | None, catalogue: Catalogue) -> dict[str, str]:
    what = f"file {Path(info.member).name} in {info.path.name}" if info.member else f"file {info.name}"
    return file_source(info.source_id, default, f"{what} (sha256 {info.sha256})", info.downloaded, via, publisher, url)


# ---------------------------------------------------------------- writing

def _stage_copy(datasets: Path, stage: Path, replaced: set[str]) -> None:
    shutil.copytree(datasets / "catalogue", stage / "catalogue")
    if (datasets / "snapshots").is_dir():
        shutil.copytree(datasets / "snapshots", stage / "snapshots")
    (stage / "sources").mkdir(parents=True)
    for folder in sorted((datasets / "sources").iterdir()):
        if folder.is_dir() and folder.name not in replaced and not folder.name.startswith("."):
            shutil.copytree(folder, stage / "sources" / folder.name)
        elif folder.is_file():
            shutil.copy2(folder, stage / "sources" / folder.name)


def _write_folder(run: FormatRun, folder: Path, catalogue: Catalogue) -> None:
    folder.mkdir(parents=True)
    rows = [catalogue.layer_row(o) for o in sorted(
        run.observations, key=lambda o: (o["indicator"], o["period"], o["ref"], o["reporter"], o["locator"]))]
    (folder / "observations.csv").write_bytes(csv_bytes(rows, list(catalogue.observation_columns)))
    (folder / "sources.csv").write_bytes(csv_bytes(run.sources, catalogue.tables["sources"].columns))
    if run.indicators:
        text = yaml.safe_dump(run.indicators, allow_unicode=True, sort_keys=False, width=110)
        (folder / "indicators.yaml").write_text(f"# Written by `python -m etl ingest` ({run.name}); do not edit.\n"
                                                + text, encoding="utf-8")
    if run.units:
        (folder / "units.csv").write_bytes(csv_bytes(run.units, catalogue.tables["units"].columns))
    manifest = [{"source_id": info.source_id, "file": info.name, "format": run.name, "variant": det.variant,
                 "sha256": info.sha256, "bytes": str(info.size), "downloaded": info.downloaded.isoformat(),
                 "rows_in": str(t.rows_in), "kept": str(t.kept), "rejected": str(len(t.rejected)),
                 "out_of_scope": str(sum(t.out_of_scope.values()))} for info, det, t in run.files]
    (folder / "manifest.csv").write_bytes(csv_bytes(manifest, MANIFEST_COLUMNS))


def _install_and_build(runs: dict[str, FormatRun], stage: Path, datasets: Path, out: Path,
                       log: Callable[[str], None], snapshots: list[str]) -> BuildResult:
    """Move the new snapshot folders into datasets/snapshots and swap the staged folders into datasets/sources,
    then build the package from the staging copy (the same content, already read once); if the build fails
    (nothing published) take the new snapshots out and put the old folders back."""
    sources, held = datasets / "sources", datasets / "snapshots"
    swapped: list[tuple[Path, Path]] = []   # (folder, its previous content moved aside)
    added: list[Path] = []                  # new snapshot folders (and datasets/snapshots, when it was absent)
    try:
        if snapshots and not held.is_dir():
            held.mkdir()
            added.append(held)
        for snapshot_id in snapshots:
            target, new = held / snapshot_id, held / f".{snapshot_id}.new-{os.getpid()}"
            shutil.copytree(stage / "snapshots" / snapshot_id, new)
            os.rename(new, target)   # a new id: never replaces a folder
            added.append(target)
        for run in runs.values():
            target, new = sources / run.folder, sources / f".{run.folder}.new-{os.getpid()}"
            old = sources / f".{run.folder}.old-{os.getpid()}"
            shutil.copytree(stage / "sources" / run.folder, new)
            if target.exists():
                os.rename(target, old)
            os.rename(new, target)
            swapped.append((target, old))
        return build(out, stage, log=log)
    except BaseException:
        for target, old in swapped:
            shutil.rmtree(target, ignore_errors=True)
            if old.exists():
                os.rename(old, target)
        for folder in reversed(added):
            shutil.rmtree(folder, ignore_errors=True)
        raise
    finally:
        for _, old in swapped:
            if old.exists():
                shutil.rmtree(old, ignore_errors=True)
        for leftover in [*sources.glob(f".ingest_*.new-{os.getpid()}"), *held.glob(f".*.new-{os.getpid()}")]:
            shutil.rmtree(leftover, ignore_errors=True)


