"""The dashboard loads the package once at start-up and refuses to start on a missing or corrupt file."""
import shutil

import pytest

from dashboard.app import coverage_rows, create_app
from dashboard.data import PackageError, load_package
from etl.paths import PACKAGE


@pytest.fixture
def package_copy(tmp_path):
    return shutil.copytree(PACKAGE, tmp_path / "package")


def test_the_page_lists_every_indicator_with_its_coverage():
    package = load_package()
    rows = coverage_rows(package)
    assert [r["id"] for r in rows] == sorted(package["indicators"].indicator)
    coca = next(r for r in rows if r["id"] == "coca_area")
    assert coca["years"].startswith("19") and coca["years"].endswith("2024") and coca["places"] > 13
    assert "coca_area" in str(create_app(package).layout)


@pytest.mark.parametrize("name", ["observations.csv", "datapackage.json"])
def test_a_missing_file_stops_start_up_naming_it(package_copy, name):
    (package_copy / name).unlink()
    with pytest.raises(PackageError, match=name):
        load_package(package_copy)


def test_a_corrupt_file_stops_start_up_naming_it(package_copy):
    (package_copy / "sources.csv").write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(PackageError, match="sources.csv"):
        load_package(package_copy)
    (package_copy / "datapackage.json").write_text("{not json")
    with pytest.raises(PackageError, match="datapackage.json"):
        load_package(package_copy)
