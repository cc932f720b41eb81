"""The data package, loaded once at start-up. A missing or corrupt file stops start-up, naming the file.

`datasets/package` is a pointer (a symlink) to `datasets/releases/<version>/`, swapped atomically when a
build publishes. It is resolved once, and every file is read from that one release folder: a process serves
the release it started with, whole, until it is restarted (a gunicorn HUP starts new workers on the new one).
"""
from __future__ import annotations

import hashlib
import io
import json
import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from etl.paths import PACKAGE


class PackageError(RuntimeError):
    pass


@dataclass(frozen=True)
class Package:
    version: str
    release_date: str
    tables: dict[str, pd.DataFrame]
    folder: Path | None = None  # the release folder it was read from (the pointer resolved)

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]


def load_package(folder: Path | None = None) -> Package:
    """The release `folder` names; by default the one `VIGIA_PACKAGE` names (README, Production), else
    datasets/package."""
    folder = folder or Path(os.environ.get("VIGIA_PACKAGE") or PACKAGE)
    for attempt in range(3):
        release = folder.resolve()  # follow the pointer once: all files come from this one release
        if folder.is_symlink() and not release.is_dir():
            raise PackageError(f"{folder}: points to {release}, which is missing. Rebuild with `python -m etl build`.")
        try:
            return _read(release)
        except PackageError:
            # a publish may have moved the pointer and be pruning this release (its folder goes last, so it may
            # still exist while its files are gone): read the release the pointer names now
            if attempt == 2 or folder.resolve() == release:
                raise
    raise AssertionError("unreachable")


def _read(folder: Path) -> Package:
    meta_path = folder / "datapackage.json"
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PackageError(f"{meta_path}: missing. Build the package with `python -m etl build`.") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise PackageError(f"{meta_path}: not valid JSON ({exc}).") from None
    if not (isinstance(meta, dict) and isinstance(meta.get("resources"), list) and meta.get("version")):
        raise PackageError(f"{meta_path}: not a data package description (no version or resources).")
    tables = {}
    for resource in meta["resources"]:
        path = folder / resource["path"]
        expected = [f["name"] for f in resource["schema"]["fields"]]
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise PackageError(f"{path}: missing (listed in {meta_path.name}).") from None
        if resource.get("hash") and resource["hash"] != "sha256:" + hashlib.sha256(data).hexdigest():
            raise PackageError(f"{path}: corrupt: its content does not match the sha256 in {meta_path.name} "
                               f"({len(data)} bytes, {resource.get('bytes', '?')} expected). Rebuild with "
                               "`python -m etl build`.")
        try:
            frame = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)
        except (pd.errors.ParserError, UnicodeDecodeError) as exc:
            raise PackageError(f"{path}: cannot be read as CSV ({exc}).") from None
        if list(frame.columns) != expected:
            raise PackageError(f"{path}: columns {list(frame.columns)} differ from {meta_path.name}: {expected}.")
        tables[resource["name"]] = frame
    return Package(meta["version"], str(meta.get("created", ""))[:10], tables, folder)
