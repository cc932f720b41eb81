"""Write the tidy tables and their datapackage.json, deterministically, and publish them atomically."""
from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import tempfile
from pathlib import Path

import yaml



def csv_bytes(rows: list[dict], columns: list[str]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, lineterminator="\n", extrasaction="raise")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def table_schemas(catalogue: Path) -> dict:
    return yaml.safe_load((catalogue / "tables.yaml").read_text(encoding="utf-8"))


def content_hash(files: dict[str, bytes]) -> str:
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + files[name] + b"\0")
    return digest.hexdigest()[:12]


def datapackage(tables: dict[str, bytes], release: dict, schemas: dict) -> dict:
    version_hash = content_hash(tables)
    resources = []
    for name in schemas:
        spec, data = schemas[name], tables[name]
        fields = [{"name": f, **spec["fields"][f]} for f in spec["fields"]]
        schema = {"fields": fields, "primaryKey": spec["primaryKey"], "missingValues": [""]}
        if spec.get("foreignKeys"):
            schema["foreignKeys"] = spec["foreignKeys"]
        resources.append({"name": name, "path": f"{name}.csv", "profile": "tabular-data-resource",
                          "description": spec["description"], "format": "csv", "mediatype": "text/csv",
                          "encoding": "utf-8", "bytes": len(data), "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
                          "schema": schema})
    return {
        "name": release["name"], "title": release["title"], "profile": "tabular-data-package",
        "version": f"{release['release_date']}+{version_hash}",
        "created": f"{release['release_date']}T00:00:00Z",
        "licenses": [release["licence"]],
        "description": ("Sourced figures on environmental crime in Peru. Every row names its source, where in it, "
                        "and whether it was checked against the primary document. Gaps are gaps, never zeros."),
        "resources": resources,
    }


def package_files(tables: dict[str, bytes], release: dict, schemas: dict) -> dict[str, bytes]:
    meta = datapackage(tables, release, schemas)
    files = {f"{name}.csv": data for name, data in tables.items()}
    files["datapackage.json"] = (json.dumps(meta, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode("utf-8")
    return files


def publish(files: dict[str, bytes], target: Path) -> None:
    """Write into a fresh folder beside the target, then swap it in with renames.

    A reader sees the old package or the new one, never a half-written file; a failure before the
    swap leaves the old package untouched.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".package-", dir=target.parent))
    try:
        for name, data in files.items():
            with open(staging / name, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
        os.chmod(staging, 0o755)
        retired = None
        if target.exists():
            retired = target.with_name(f"{target.name}.old-{os.getpid()}")
            os.rename(target, retired)
        os.rename(staging, target)
        if retired:
            shutil.rmtree(retired)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
