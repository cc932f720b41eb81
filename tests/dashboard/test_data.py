"""The package is read whole from the release its pointer names, each table checked against its description.
(A missing or corrupt file stopping start-up: tests/test_dashboard_start.py.)"""
from __future__ import annotations

import json
import shutil

import pytest

from dashboard.data import PackageError, load_package
from etl.paths import PACKAGE


@pytest.fixture
def pointer(tmp_path):
    """A copy of the published release behind a pointer of its own."""
    release = shutil.copytree(PACKAGE.resolve(), tmp_path / "releases" / "r1")
    link = tmp_path / "package"
    link.symlink_to(release, target_is_directory=True)
    return link


def test_the_pointer_is_followed_once_and_the_package_says_where_it_came_from(pointer):
    package = load_package(pointer)
    assert package.folder == pointer.resolve() and package.folder.name == "r1"
    meta = json.loads((pointer / "datapackage.json").read_text(encoding="utf-8"))
    assert package.version == meta["version"] and set(package.tables) == {r["name"] for r in meta["resources"]}
    assert package["units"] is package.tables["units"]
    assert all(str(dtype) in ("object", "str") for dtype in package["observations"].dtypes)  # text, as published


def test_a_table_whose_columns_differ_from_its_description_stops_start_up(pointer):
    meta_path = pointer / "datapackage.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    units = next(r for r in meta["resources"] if r["name"] == "units")
    units.pop("hash", None)
    meta_path.write_text(json.dumps(meta), encoding="utf-8")
    table = pointer / units["path"]
    header, rest = table.read_text(encoding="utf-8").split("\n", 1)
    table.write_text(header.replace("symbol_es", "symbol") + "\n" + rest, encoding="utf-8")
    with pytest.raises(PackageError, match=r"units\.csv: columns .* differ"):
        load_package(pointer)


def test_a_pointer_to_a_missing_release_says_to_rebuild(tmp_path):
    link = tmp_path / "package"
    link.symlink_to(tmp_path / "releases" / "gone", target_is_directory=True)
    with pytest.raises(PackageError, match="missing. Rebuild"):
        load_package(link)
