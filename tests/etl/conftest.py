"""Fixtures for the ETL's tests: a small datasets folder (the real catalogue and one test theme) to break.

- `datasets`: tmp datasets/ with a copy of datasets/catalogue (no consistency checks) and a theme folder
  `sources/test/` holding one indicator, one source and one good observation (`GOOD_OBSERVATION`).
- `layer_files`: helpers that write a theme's CSV files with the catalogue's columns.
"""
from __future__ import annotations

import csv
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from etl.catalogue import load_catalogue
from etl.paths import CATALOGUE

TEST_INDICATORS = """
- id: test_area
  theme: coca_deforestation
  unit: ha
  name: {es: Área de prueba, en: Test area}
  definition: {es: Cifra de prueba, en: Test figure}
  comparison_groups:
    - {id: annual, name: {es: Cifra del año, en: Figure of the year}}
  series:
    - {id: official, preferred: true, comparison_group: annual, name: {es: Oficial, en: Official}}
    - {id: other, comparison_group: annual, name: {es: Otra, en: Other}}
"""
GOOD_OBSERVATION = {
    "ref": "coca_deforestation_figures.csv#L2", "indicator": "test_area", "series": "official",
    "geography_level": "department", "geography": "Loreto", "period": "2020", "value": "10", "unit": "ha",
    "source_id": "src-1", "locator_es": "tabla 1", "locator_en": "table 1", "verification": "primary_checked",
    "value_as_published": "10", "period_as_published": "2020", "geography_as_published": "Loreto"}
TEST_SOURCE = {"source_id": "src-1", "origin_publisher": "DEVIDA", "origin_title": "Report", "origin_year": "2021",
               "origin_grade": "official_statistic", "channel": "primary_checked", "url": "https://example.org/report",
               "licence": "publisher_terms", "language": "es"}


def write_csv(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, columns, lineterminator="\n", restval="")
        writer.writeheader()
        writer.writerows(rows)


class LayerFiles:
    """Writes files of a datasets folder with the columns its catalogue defines."""

    def __init__(self, root: Path):
        self.root = root
        self.catalogue = load_catalogue(root / "catalogue")

    def observations(self, rows: list[dict[str, str]], theme: str = "test") -> Path:
        path = self.root / "sources" / theme / "observations.csv"
        write_csv(path, list(self.catalogue.observation_columns), rows)
        return path

    def table(self, name: str, rows: list[dict[str, str]], folder: str = "sources/test") -> Path:
        """A layer file of package table `name` (places.csv, units.csv, ...) in `folder` (under datasets/)."""
        path = self.root / folder / self.catalogue.layer_file(name).file_name
        write_csv(path, self.catalogue.tables[name].columns, rows)
        return path

    def append(self, name: str, row: dict[str, str]) -> int:
        """Adds a row to a catalogue table; returns its line number."""
        path = self.root / "catalogue" / self.catalogue.layer_file(name).file_name
        with path.open(newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        self.table(name, [*rows, row], folder="catalogue")
        return len(rows) + 2


@pytest.fixture
def datasets(tmp_path: Path) -> Path:
    root = tmp_path / "datasets"
    shutil.copytree(CATALOGUE, root / "catalogue")
    (root / "catalogue" / "consistency.yaml").write_text("[]\n")
    theme = root / "sources" / "test"
    theme.mkdir(parents=True)
    (theme / "indicators.yaml").write_text(TEST_INDICATORS)
    files = LayerFiles(root)
    files.table("sources", [TEST_SOURCE])
    files.observations([GOOD_OBSERVATION])
    return root


@pytest.fixture
def layer_files(datasets: Path) -> LayerFiles:
    return LayerFiles(datasets)


@pytest.fixture
def good_observation() -> dict[str, str]:
    return dict(GOOD_OBSERVATION)


@pytest.fixture
def quiet() -> Callable[[str], None]:
    """A build log that prints nothing."""
    return lambda _line: None
