"""etl.problems: every problem reads `file:line, column 'x': got '...'; expected ...`, sorted, all at once."""
from __future__ import annotations

from etl.paths import ROOT
from etl.problems import BuildFailed, Location, Problems, display_path


def test_a_problem_names_file_line_column_value_and_expectation():
    problems = Problems()
    problems.at(Location(ROOT / "datasets" / "x.csv", 7), "value", "54,134", "no thousands separators")
    problems.add("/elsewhere/y.yaml", 0, "", None, "valid YAML")
    assert problems.report().splitlines() == [
        "/elsewhere/y.yaml: got ''; expected valid YAML",
        "datasets/x.csv:7, column 'value': got '54,134'; expected no thousands separators"]
    assert len(problems) == 2 and bool(problems)


def test_build_failed_carries_every_problem():
    problems = Problems()
    for line in (3, 2):
        problems.add("a.csv", line, "c", "v", "w")
    error = BuildFailed(problems)
    assert str(error).splitlines() == ["2 problem(s) in the input:", "a.csv:2, column 'c': got 'v'; expected w",
                                       "a.csv:3, column 'c': got 'v'; expected w"]


def test_paths_inside_the_repository_are_shown_relative_to_it():
    assert display_path(ROOT / "etl" / "build.py") == "etl/build.py"
    assert display_path("/tmp/x.csv") == "/tmp/x.csv"
