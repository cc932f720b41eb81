"""Figures the build now derives from snapshots are the figures research had retyped: the same value for
every cell (each retyped row is kept as an exclusion with reason derived_from_snapshot).

An exclusion's detail names the package cell(s) that replace the research row, before ": the build derives":
`<indicator> <geography> <period>[ [<dimension>=<value>; ...]] = <value> <unit>`, several joined by " and "
(a research row that gave two figures, such as tonnes and, in its notes, their value). The geography is a
place id, or a name read at the research row's level; a dimension not named is blank. Every cell named must be
exactly one derived figure of the package with that value and unit, and the first is the research row's own
figure: its year and its value. (A research row that also gave a press variant or an event keeps its ref
there and is no exclusion: tests/datasets/test_devida_coca.py compares those DEVIDA figures.)
"""
from __future__ import annotations

import csv
import re
from decimal import Decimal

import pandas as pd
import pytest

from etl.paths import PACKAGE, RESEARCH
from etl.sources_layer import read_sources_layer

pytestmark = pytest.mark.requires_research

DERIVES = ": the build derives the same value"


def test_every_retyped_figure_the_build_derives_has_the_same_value():
    layer = read_sources_layer()
    research = {}
    for path in RESEARCH.glob("*_figures.csv"):
        with path.open(newline="", encoding="utf-8") as f:
            research.update({f"{path.name}#L{n}": r for n, r in enumerate(csv.DictReader(f), start=2)})
    obs = pd.read_csv(PACKAGE / "observations.csv", dtype=str, keep_default_na=False)
    dimensions = layer.catalogue.dimension_keys
    by_cell: dict[tuple[str, ...], list[tuple[Decimal, str]]] = {}
    for r in obs[obs.ref.str.startswith("snapshot/")].to_dict("records"):
        key = (r["indicator"], r["geography_id"], r["period"], *(r[d] for d in dimensions))
        by_cell.setdefault(key, []).append((Decimal(r["value"]), r["unit"]))
    indicators = "|".join(sorted((re.escape(i.indicator_id) for i in layer.indicators), key=len, reverse=True))
    cell = re.compile(rf"(?<![a-z0-9_])(?P<indicator>{indicators}) (?P<geography>[^\[\]=]+?) (?P<period>\d{{4}})"
                      r"(?: \[(?P<dims>[^\]]*)\])? = (?P<value>\d+(?:\.\d+)?) (?P<unit>[a-z_]+)")
    excluded = [r for r in layer.tables["exclusions"] if r["reason"] == "derived_from_snapshot"]
    assert len(excluded) >= 360 + 209 + 227  # Geobosque, sharks, DEVIDA coca
    checked = 0
    for row in excluded:
        retyped = research[row["ref"]]
        assert DERIVES in row["detail"], row["ref"]
        cells = list(cell.finditer(row["detail"].split(DERIVES, 1)[0]))
        assert cells, (row["ref"], row["detail"])
        for m in cells:
            geography = m["geography"]
            place = geography if geography in layer.places.places else layer.places.normalise(
                geography, retyped["geography_level"])
            named = dict(part.split("=", 1) for part in m["dims"].split("; ")) if m["dims"] else {}
            assert set(named) <= set(dimensions), (row["ref"], named)
            key = (m["indicator"], place, m["period"], *(named.get(d, "") for d in dimensions))
            found = by_cell.get(key, [])
            assert found == [(Decimal(m["value"]), m["unit"])], (row["ref"], key, found)
            checked += 1
        first = cells[0]
        assert first["period"] == retyped["year"], (row["ref"], retyped["year"])
        assert Decimal(first["value"]) == Decimal(retyped["value"].replace(",", "")), (row["ref"], retyped["value"])
    assert checked >= len(excluded)
