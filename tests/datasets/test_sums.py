"""Sums that must hold on the real data, recomputed from the package with pandas (not with the ETL's code)."""
import pandas as pd
import pytest

from etl.paths import PACKAGE


@pytest.fixture(scope="module")
def obs():
    frame = pd.read_csv(PACKAGE / "observations.csv", dtype=str, keep_default_na=False)
    return frame[(frame.period_kind == "year") & (frame.qualifier == "exact") & (frame.scope_en == "")]


def series(obs, indicator, name):
    rows = obs[(obs.indicator == indicator) & (obs.series == name)]
    return rows.assign(value=rows.value.astype(float), year=rows.year.astype(int))


@pytest.mark.parametrize("level", ["department", "coca_zone"])
def test_coca_parts_sum_to_the_national_total_within_2_ha(obs, level):
    coca = series(obs, "coca_area", "official")
    parts = coca[coca.geography_level == level].groupby("year").value.sum()
    national = coca[coca.geography_id == "PE"].set_index("year").value
    for year in range(2018, 2025):
        assert abs(parts[year] - national[year]) <= 2, (level, year, parts[year], national[year])
    assert len(coca[(coca.geography_level == "department") & (coca.year == 2024)]) == 13


def test_the_minam_department_series_sums_to_minams_national_totals_within_0_05_percent(obs):
    loss = series(obs, "forest_loss", "minam_geobosque")
    departments = loss[loss.geography_level == "department"]
    assert departments.geography_id.nunique() == 15 and departments.year.between(2001, 2024).all()
    assert departments.groupby("geography_id").year.nunique().eq(24).all()
    parts = departments.groupby("year").value.sum()
    national = loss[loss.geography_id == "PE"].set_index("year").value
    for year in range(2020, 2024):
        assert abs(parts[year] - national[year]) / national[year] <= 0.0005, (year, parts[year], national[year])


def test_the_national_coca_series_has_every_year_found_from_2002_to_2024(obs):
    coca = series(obs, "coca_area", "official")
    years = set(coca[coca.geography_id == "PE"].year)
    assert set(range(2002, 2025)) <= years
