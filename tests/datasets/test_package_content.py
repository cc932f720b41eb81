"""What the published package holds: every figure sourced, one preferred series, bounds and ranges kept."""
import pandas as pd

from etl.paths import PACKAGE


def test_every_figure_names_its_source_and_where_in_it():
    obs = pd.read_csv(PACKAGE / "observations.csv", dtype=str, keep_default_na=False)
    sources = pd.read_csv(PACKAGE / "sources.csv", dtype=str, keep_default_na=False)
    assert obs.source_id.isin(sources.source_id).all()
    cited = sources[sources.source_id.isin(obs.source_id)]
    assert ((cited.origin_publisher != "") | (cited.channel_name != "")).all()
    assert set(obs.verification) <= {"primary_checked", "relayed_unchecked", "publisher_file", "third_party_file"}
    channel = obs.source_id.map(sources.set_index("source_id").channel)
    read_in_a_copy = (channel == "primary_checked") & (obs.verification == "relayed_unchecked")
    assert ((obs.verification == channel) | read_in_a_copy).all()
    assert (obs.ref != "").all()
    from_snapshots = obs[obs.ref.str.startswith("snapshot/")]
    assert from_snapshots.verification.isin(["publisher_file", "third_party_file"]).all()
    assert not obs[~obs.ref.str.startswith("snapshot/")].verification.isin(["publisher_file",
                                                                           "third_party_file"]).any()


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
