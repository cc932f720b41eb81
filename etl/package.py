"""Write the tidy tables and their datapackage.json, deterministically, and publish them atomically."""
from __future__ import annotations

import csv
import fcntl
import hashlib
import io
import json
import os
import re
import secrets
import shutil
import tempfile
from collections.abc import Collection, Mapping
from operator import itemgetter
from pathlib import Path
from typing import Any

from etl.catalogue import THEME_VOCABULARY, Catalogue, Field


def csv_bytes(rows: list[dict[str, str]], columns: list[str]) -> bytes:
    """The rows as CSV under a header of `columns`; a column a row lacks is empty, a key no column names is an
    error (ValueError)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    names = set(columns)
    if len(columns) < 2 or not all(row.keys() == names for row in rows):
        csv.DictWriter(out, columns, lineterminator="\n", extrasaction="raise").writerows(rows)
        return out.getvalue().encode("utf-8")
    for values in map(itemgetter(*columns), rows):
        line = ",".join(values)
        if line.count(",") == len(columns) - 1 and '"' not in line and "\n" not in line and "\r" not in line:
            out.write(line + "\n")  # no cell to quote: the line csv.writer writes, made without it
        else:
            writer.writerow(values)
    return out.getvalue().encode("utf-8")


def content_hash(files: dict[str, bytes]) -> str:
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + files[name] + b"\0")
    return digest.hexdigest()[:12]


def _field(field: Field, codes: Mapping[str, Collection[str]]) -> dict[str, Any]:
    """A Table Schema field; a coded field's enum constraint comes from its vocabulary."""
    spec: dict[str, Any] = {"name": field.name, "type": field.type, "description": field.description}
    constraints = dict(field.constraints)
    if field.vocabulary:
        constraints["enum"] = list(codes[field.vocabulary])  # in the vocabulary's own order
    if constraints:
        spec["constraints"] = constraints
    return spec


def datapackage(tables: dict[str, bytes], catalogue: Catalogue) -> dict[str, Any]:
    release = catalogue.release
    codes: dict[str, Collection[str]] = {**catalogue.vocabularies, THEME_VOCABULARY: _theme_ids(tables["themes"])}
    resources = []
    for name, table in catalogue.tables.items():
        data = tables[name]
        schema: dict[str, Any] = {"fields": [_field(f, codes) for f in table.fields],
                                  "primaryKey": list(table.primary_key), "missingValues": [""]}
        if table.foreign_keys:
            schema["foreignKeys"] = [dict(fk) for fk in table.foreign_keys]
        resources.append({"name": name, "path": f"{name}.csv", "profile": "tabular-data-resource",
                          "description": table.description, "format": "csv", "mediatype": "text/csv",
                          "encoding": "utf-8", "bytes": len(data), "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
                          "schema": schema})
    return {
        "name": release["name"], "title": release["title"], "profile": "tabular-data-package",
        "version": f"{release['release_date']}+{content_hash(tables)}",
        "created": f"{release['release_date']}T00:00:00Z",
        "licenses": [release["licence"]],
        "description": ("Sourced figures on environmental crime in Peru. Every row names its source, where in it, "
                        "and whether it was checked against the primary document. Gaps are gaps, never zeros."),
        "resources": resources,
    }


def _theme_ids(themes_csv: bytes) -> list[str]:
    return [row["theme_id"] for row in csv.DictReader(io.StringIO(themes_csv.decode("utf-8")))]


def package_files(tables: dict[str, bytes], catalogue: Catalogue) -> dict[str, bytes]:
    """The package's files: each table as CSV, and datapackage.json describing them (its version included)."""
    meta = datapackage(tables, catalogue)
    files = {f"{name}.csv": data for name, data in tables.items()}
    files["datapackage.json"] = (json.dumps(meta, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode("utf-8")
    return files


RELEASE_NAME = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._+-]*$")


def releases_folder(pointer: Path) -> Path:
    """Where the releases behind a package pointer live: datasets/package -> datasets/releases/<version>."""
    return pointer.parent / "releases"


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _same_files(folder: Path, files: dict[str, bytes]) -> bool:
    names = {p.name for p in folder.iterdir()}
    return names == set(files) and all((folder / n).read_bytes() == data for n, data in files.items())


def _release_name(files: dict[str, bytes]) -> str:
    try:
        version = json.loads(files["datapackage.json"])["version"]
    except (KeyError, ValueError, TypeError):
        version = ""
    if not isinstance(version, str) or not RELEASE_NAME.match(version):
        version = "content-" + content_hash(files)
    return version


def publish(files: dict[str, bytes], target: Path) -> Path:
    """Publish a package as a new release and point `target` at it; returns the release folder.

    The files are written into a hidden staging folder inside `releases/` (beside `target`), synced to disk
    and renamed into place whole as `releases/<version>/`. Only then is the pointer `target` (a relative
    symlink) replaced, by renaming a new symlink over it: one atomic step, so a reader that resolves the
    pointer gets the old release or the new one, complete, and never a half-written file. A failure (or a
    kill) before that leaves the pointer and every published release untouched; a staging folder left by a
    killed build is hidden, never pointed at, and removed by the next publish. Releases other than the new
    one and the one it replaces are pruned. A release is never modified in place: a build of the same
    version with different bytes gets the next free name (`<version>.2`, ...).
    """
    releases = releases_folder(target)
    releases.mkdir(parents=True, exist_ok=True)
    lock = os.open(releases, os.O_RDONLY)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one publisher at a time
        for stale in releases.glob(".staging-*"):  # left by a build that was killed; we hold the lock
            shutil.rmtree(stale, ignore_errors=True)
        base = _release_name(files)
        name, n = base, 1
        while (releases / name).exists() and not _same_files(releases / name, files):
            n += 1
            name = f"{base}.{n}"
        release = releases / name
        if not release.exists():
            staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=releases))
            try:
                for file_name, data in files.items():
                    with open(staging / file_name, "wb") as f:
                        f.write(data)
                        f.flush()
                        os.fsync(f.fileno())
                os.chmod(staging, 0o755)
                _fsync_dir(staging)
                os.rename(staging, release)
                _fsync_dir(releases)
            except BaseException:
                shutil.rmtree(staging, ignore_errors=True)
                raise
        previous = _point(target, release)
        if previous is not None and previous != name:
            for old in releases.iterdir():
                if old.is_dir() and not old.name.startswith(".") and old.name not in (name, previous):
                    shutil.rmtree(old)
        return release
    finally:
        os.close(lock)


def _point(target: Path, release: Path) -> str | None:
    """Make `target` a relative symlink to `release` in one rename; returns the release it pointed to before."""
    previous, retired = None, None
    if target.is_symlink():
        previous = Path(os.readlink(target)).name
        if previous == release.name:
            return previous
    elif target.is_dir():  # the layout before releases (a plain folder): it becomes the previous release
        old = _has_version(target)
        if old and not (release.parent / old).exists():
            os.rename(target, release.parent / old)
            previous = old
        else:
            retired = target.with_name(f".{target.name}-retired-{os.getpid()}")
            os.rename(target, retired)
    link = target.with_name(f".{target.name}-{os.getpid()}-{secrets.token_hex(4)}.tmp")
    os.symlink(os.path.relpath(release, target.parent), link)
    try:
        os.replace(link, target)
    except BaseException:
        link.unlink(missing_ok=True)
        raise
    _fsync_dir(target.parent)
    if retired:
        shutil.rmtree(retired, ignore_errors=True)
    return previous


def _has_version(folder: Path) -> str | None:
    try:
        version = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return version if isinstance(version, str) and RELEASE_NAME.match(version) else None
