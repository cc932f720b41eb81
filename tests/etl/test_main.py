"""etl.__main__: the command line says what failed, file:line and column, never with a traceback."""
from __future__ import annotations

import subprocess
import sys

from etl.__main__ import main
from etl.paths import ROOT


def test_check_passes_on_the_repository_and_writes_nothing(capsys):
    assert main(["check"]) == 0
    assert "check passed: nothing written" in capsys.readouterr().out


def test_a_bad_row_fails_the_build_naming_it_and_publishes_nothing(datasets, layer_files, good_observation,
                                                                  tmp_path):
    layer_files.observations([{**good_observation, "value": "54,134"}])
    out = tmp_path / "package"
    run = subprocess.run([sys.executable, "-m", "etl", "build", "--datasets", str(datasets), "--out", str(out)],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 1
    assert "BUILD FAILED" in run.stderr and "Traceback" not in run.stderr
    assert "sources/test/observations.csv:2, column 'value': got '54,134'" in run.stderr
    assert not out.exists()


def test_build_publishes_a_datasets_folder(datasets, tmp_path, capsys):
    assert main(["build", "--datasets", str(datasets), "--out", str(tmp_path / "package")]) == 0
    assert (tmp_path / "package" / "observations.csv").read_text().count("test_area") == 1
    assert "package version" in capsys.readouterr().out
