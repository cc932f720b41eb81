"""etl.derived: series read from snapshots by the readers of `etl ingest`, each row located in its snapshot."""
from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
import yaml

from etl.derived import derived_rows, read_derivations
from etl.paths import DATASETS
from etl.problems import Problems
from etl.snapshots import read_snapshots
from etl.sources_layer import read_sources_layer

GEOBOSQUE = "geobosque_district_forest_loss_pipaber"


@pytest.fixture(scope="module")
def layer():
    return read_sources_layer()


def test_forest_loss_by_department_comes_from_the_geobosque_district_snapshot(layer):
    derived = [o for o in layer.observations if o.ref.startswith(f"snapshot/{GEOBOSQUE}#L")]
    departments = [o for o in derived if o.geography_level == "department"]
    assert len(departments) == 360 and {o.verification for o in derived} == {"third_party_file"}
    assert {o.geography_id for o in departments} >= {"PE-AMA", "PE-LOR", "PE-UCA", "PE-MDD"}
    amazonas_2001 = next(o for o in departments if o.geography_id == "PE-AMA" and o.period.text == "2001")
    assert str(amazonas_2001.value.value) == "3030.12" and "84 district rows" in amazonas_2001.locator.en
    assert amazonas_2001.locator.es.startswith("suma de 84 filas de distritos (líneas ")  # reader_texts.yaml
    assert amazonas_2001.where.file.name.endswith("_pipaber.csv") and amazonas_2001.where.line == 2


def test_a_derivation_names_a_known_snapshot_and_format(tmp_path):
    path = tmp_path / "derived.yaml"
    path.write_text("- {snapshot: nope, format: geobosque, source_id: s}\n- {snapshot: " + GEOBOSQUE
                    + ", format: telepathy, source_id: s}\n- {snapshot: " + GEOBOSQUE + "}\n")
    problems = Problems()
    snapshots = read_snapshots(DATASETS / "snapshots", problems)
    assert read_derivations([path], snapshots, problems) == []
    assert [p.column or p.expected.split()[0] for p in problems.items] == ["snapshot", "format", "entries"]


def test_a_row_the_reader_rejects_stops_the_build_at_its_line(tmp_path, layer):
    folder = tmp_path / "snapshots" / GEOBOSQUE
    shutil.copytree(DATASETS / "snapshots" / GEOBOSQUE, folder)
    data = next(p for p in folder.iterdir() if p.suffix == ".csv")
    text = data.read_text(encoding="utf-8").replace(",010102,1.26,", ",010102,-1.26,", 1)
    data.write_text(text, encoding="utf-8")
    record = folder / "provenance.yaml"
    meta = record.read_text(encoding="utf-8")
    old = next(line.split(": ")[1] for line in meta.splitlines() if line.startswith("sha256:"))
    size = next(line.split(": ")[1] for line in meta.splitlines() if line.startswith("bytes:"))
    record.write_text(meta.replace(old, hashlib.sha256(data.read_bytes()).hexdigest())
                      .replace(f"bytes: {size}", f"bytes: {data.stat().st_size}"), encoding="utf-8")
    theme = yaml.safe_load((DATASETS / "sources" / "coca_deforestation" / "derived.yaml").read_text(encoding="utf-8"))
    only = tmp_path / "derived.yaml"
    only.write_text(yaml.safe_dump([e for e in theme if e["snapshot"] == GEOBOSQUE]), encoding="utf-8")
    problems = Problems()
    snapshots = read_snapshots(tmp_path / "snapshots", problems)
    derivations = read_derivations([only], snapshots, problems)
    assert not problems, problems.report()
    derived_rows(derivations[0], layer.places, layer.vocabularies, problems)
    assert problems and all(Path(p.file).name == data.name for p in problems.items)
    assert 3 in {p.line for p in problems.items}
