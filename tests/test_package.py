"""The published data package: valid against its datapackage.json, up to date, deterministic, versioned."""
import json
import os
import subprocess
import sys

import frictionless
import pandas as pd
import pytest
import yaml

from etl.build import make_package
from etl.paths import CATALOGUE, PACKAGE, ROOT


@pytest.fixture(scope="module")
def fresh():
    return make_package(log=lambda *_: None)


def test_the_package_validates_against_its_datapackage_json():
    report = frictionless.Package(str(PACKAGE / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]


def test_the_committed_package_is_what_the_sources_layer_builds(fresh):
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


def test_the_version_is_the_release_date_plus_a_content_hash(fresh):
    meta = json.loads(fresh.files["datapackage.json"])
    release = yaml.safe_load((CATALOGUE / "release.yaml").read_text())
    date, digest = meta["version"].split("+")
    assert date == release["release_date"] and meta["created"].startswith(date)
    assert len(digest) == 12 and int(digest, 16) >= 0


def test_every_figure_names_its_source_and_where_in_it():
    obs = pd.read_csv(PACKAGE / "observations.csv", dtype=str, keep_default_na=False)
    sources = pd.read_csv(PACKAGE / "sources.csv", dtype=str, keep_default_na=False)
    assert obs.source_id.isin(sources.source_id).all()
    cited = sources[sources.source_id.isin(obs.source_id)]
    assert (cited.publisher != "").all() and (cited.title != "").all()
    assert set(obs.verification) <= {"primary_checked", "relayed_unchecked"}
    assert (obs.ref != "").all()


def test_each_indicator_has_one_preferred_series_and_bilingual_text():
    indicators = pd.read_csv(PACKAGE / "indicators.csv", dtype=str, keep_default_na=False)
    series = pd.read_csv(PACKAGE / "indicator_series.csv", dtype=str, keep_default_na=False)
    assert (series[series.preferred == "true"].groupby("indicator").size() == 1).all()
    assert set(series.indicator) == set(indicators.indicator)
    for column in ("name_es", "name_en", "definition_es", "definition_en"):
        assert (indicators[column].str.strip() != "").all(), column


def test_no_value_is_blank_unless_it_is_a_range():
    obs = pd.read_csv(PACKAGE / "observations.csv", dtype=str, keep_default_na=False)
    ranges = obs.qualifier == "range"
    assert (obs.loc[~ranges, "value"] != "").all()
    assert ((obs.loc[ranges, "value_low"] != "") & (obs.loc[ranges, "value_high"] != "")).all()
