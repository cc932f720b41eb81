"""The data package, loaded once at start-up. A missing or corrupt file stops start-up, naming the file."""
from __future__ import annotations

import json
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

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]


def load_package(folder: Path = PACKAGE) -> Package:
    meta_path = folder / "datapackage.json"
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PackageError(f"{meta_path}: missing. Build the package with `python -m etl build`.") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise PackageError(f"{meta_path}: not valid JSON ({exc}).") from None
    tables = {}
    for resource in meta["resources"]:
        path = folder / resource["path"]
        expected = [f["name"] for f in resource["schema"]["fields"]]
        try:
            frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        except FileNotFoundError:
            raise PackageError(f"{path}: missing (listed in {meta_path.name}).") from None
        except (pd.errors.ParserError, UnicodeDecodeError) as exc:
            raise PackageError(f"{path}: cannot be read as CSV ({exc}).") from None
        if list(frame.columns) != expected:
            raise PackageError(f"{path}: columns {list(frame.columns)} differ from {meta_path.name}: {expected}.")
        tables[resource["name"]] = frame
    return Package(meta["version"], meta["created"][:10], tables)
