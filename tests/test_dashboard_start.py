"""The dashboard loads the package once at start-up and refuses to start on a missing or corrupt file."""
import shutil
import subprocess
import sys

import pytest

from dashboard.data import PackageError, load_package
from etl.paths import PACKAGE, ROOT


@pytest.fixture
def package_copy(tmp_path):
    return shutil.copytree(PACKAGE, tmp_path / "package")


def test_the_package_loads_with_every_table():
    package = load_package()
    assert {"observations", "indicators", "sources", "places", "facts", "events"} <= set(package.tables)
    assert package.version.startswith(package.release_date)


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


def test_the_server_command_exits_with_the_error_instead_of_a_traceback(tmp_path, monkeypatch):
    broken = shutil.copytree(PACKAGE, tmp_path / "package")
    (broken / "indicators.csv").unlink()
    code = ("import sys, dashboard.data as d, etl.paths as p; "
            "p.PACKAGE = d.PACKAGE = __import__('pathlib').Path(sys.argv[1]); "
            "d.load_package.__defaults__ = (p.PACKAGE,); import dashboard.__main__ as m; sys.argv = ['x']; "
            "sys.exit(m.main())")
    run = subprocess.run([sys.executable, "-c", code, str(broken)], cwd=ROOT, capture_output=True, text=True,
                         timeout=60)
    assert run.returncode == 1
    assert "indicators.csv" in run.stderr and "Traceback" not in run.stderr
