"""Figures the build now derives from snapshots are the figures research had retyped: the same value for
every cell (each retyped row is kept as an exclusion with reason derived_from_snapshot)."""
from __future__ import annotations

import csv
from decimal import Decimal

import pandas as pd
import pytest

from etl.paths import PACKAGE, RESEARCH
from etl.sources_layer import read_sources_layer

pytestmark = pytest.mark.requires_research


def test_every_retyped_figure_the_build_derives_has_the_same_value():
    layer = read_sources_layer()
    research = {}
    for path in RESEARCH.glob("*_figures.csv"):
        with path.open(newline="", encoding="utf-8") as f:
            research.update({f"{path.name}#L{n}": r for n, r in enumerate(csv.DictReader(f), start=2)})
    obs = pd.read_csv(PACKAGE / "observations.csv", dtype=str, keep_default_na=False)
    derived = obs[obs.ref.str.startswith("snapshot/")]
    by_cell = {(r.indicator, r.geography_id, r.period): Decimal(r.value) for r in derived.itertuples()}
    excluded = [r for r in layer.tables["exclusions"] if r["reason"] == "derived_from_snapshot"]
    assert len(excluded) >= 360
    for row in excluded:
        retyped = research[row["ref"]]
        place = layer.places.normalise(retyped["geography"], retyped["geography_level"])
        value = by_cell.get(("forest_loss", place, retyped["year"]))
        assert value == Decimal(retyped["value"].replace(",", "")), (row["ref"], retyped["value"], value)
