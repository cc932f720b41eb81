"""etl.build: the sources layer to a published package, whole or not at all, the same bytes everywhere."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from dashboard.catalog import Catalog
from dashboard.data import load_package
from etl.build import build, make_package
from etl.paths import PACKAGE, ROOT
from etl.problems import BuildFailed


def test_a_good_row_builds(datasets, quiet):
    result = make_package(datasets, log=quiet)
    [row] = result.observations
    assert (row["geography_id"], row["value"], row["qualifier"], row["year"]) == ("PE-LOR", "10", "exact", "2020")


def test_the_committed_package_is_what_the_sources_layer_builds(quiet):
    fresh = make_package(log=quiet)
    committed = {p.name: p.read_bytes() for p in PACKAGE.iterdir()}
    assert committed.keys() == fresh.files.keys()
    stale = [name for name in committed if committed[name] != fresh.files[name]]
    assert not stale, f"run `python -m etl build`: {stale} differ from a fresh build"


def test_clean_builds_in_other_time_zones_and_locales_are_byte_identical(tmp_path):
    outputs = []
    for n, (tz, lang) in enumerate((("America/Lima", "es_PE.UTF-8"), ("Asia/Tokyo", "C.UTF-8"))):
        out = tmp_path / f"build{n}"
        env = {**os.environ, "TZ": tz, "LANG": lang, "LC_ALL": lang, "PYTHONHASHSEED": str(n + 1)}
        subprocess.run([sys.executable, "-m", "etl", "build", "--out", str(out)], cwd=ROOT, env=env, check=True,
                       capture_output=True)
        outputs.append({p.name: p.read_bytes() for p in out.iterdir()})
    assert outputs[0] == outputs[1]


def test_a_failed_build_leaves_the_published_package_untouched(datasets, layer_files, good_observation, tmp_path,
                                                               quiet):
    out = tmp_path / "package"
    build(out, datasets, log=quiet)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    layer_files.observations([good_observation, {**good_observation, "period": "2021", "value": "lots"}])
    with pytest.raises(BuildFailed):
        build(out, datasets, log=quiet)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["datasets", "package", "releases"]
    assert [p.name for p in (tmp_path / "releases").iterdir()] == [out.resolve().name]  # no half-written folder left


def test_a_bad_catalogue_row_publishes_nothing(datasets, layer_files, tmp_path, quiet):
    layer_files.append("themes", {"theme_id": "fisheries", "position": "7", "short_id": "fish", "name_es": "Pesca",
                                  "name_en": "", "colour": "#000000"})
    with pytest.raises(BuildFailed, match=r"catalogue/themes.csv:8, column 'name_en'"):
        build(tmp_path / "package", datasets, log=quiet)
    assert not (tmp_path / "package").exists() and not (tmp_path / "releases").exists()


def test_a_new_build_replaces_the_package_whole(datasets, layer_files, good_observation, tmp_path, quiet):
    out = tmp_path / "package"
    build(out, datasets, log=quiet)
    layer_files.observations([good_observation, {**good_observation, "period": "2021", "value": "12"}])
    build(out, datasets, log=quiet)
    assert (out / "observations.csv").read_text().count("test_area") == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["datasets", "package", "releases"]
    assert len(list((tmp_path / "releases").iterdir())) == 2  # the new release and the one it replaced


def test_a_theme_row_and_a_vocabulary_value_reach_the_package_without_code(datasets, layer_files, good_observation,
                                                                           tmp_path, quiet):
    layer_files.append("themes", {"theme_id": "fisheries", "position": "7", "short_id": "fish",
                                  "name_es": "Pesca ilegal", "name_en": "Illegal fishing", "colour": "#117733"})
    vocabularies = datasets / "catalogue" / "vocabularies.yaml"
    vocabularies.write_text(vocabularies.read_text().replace(
        "  re_export: {es: reexportación, en: re-export}\n",
        "  re_export: {es: reexportación, en: re-export}\n  transit: {es: tránsito, en: transit}\n"))
    indicators = datasets / "sources" / "test" / "indicators.yaml"
    indicators.write_text(indicators.read_text().replace("theme: coca_deforestation", "theme: fisheries"))
    layer_files.observations([{**good_observation, "flow": "transit"}])
    build(tmp_path / "package", datasets, log=quiet)
    package = tmp_path / "package"
    assert "fisheries,7,fish,Pesca ilegal,Illegal fishing,#117733" in (package / "themes.csv").read_text()
    assert "flow,transit,tránsito,transit" in (package / "vocabularies.csv").read_text()
    assert ",fisheries," in (package / "indicators.csv").read_text()
    assert ",transit," in (package / "observations.csv").read_text()
    catalog = Catalog(load_package(package))  # what the dashboard reads: its theme list and its labels
    assert list(catalog.themes.index)[-1] == "fisheries"
    assert catalog.theme_name("fisheries", "es") == "Pesca ilegal"
    assert catalog.label("flow", "transit", "es") == "tránsito"
