"""Indicator panels: the latest figure, the change against the previous comparable one (or why there is
none), the trend as a sparkline."""
from __future__ import annotations

from urllib.parse import unquote

import pytest

from dashboard import i18n, panels
from dashboard.panels import change_text, configured_panels, panel, sparkline_svg


def test_the_change_is_a_percentage_between_two_comparable_years(small):
    p = panel(small, "loss", "PE")
    assert (p.latest["value"], p.previous["value"]) == ("66", "60") and p.other_figures == 1  # NGO's figure
    assert p.change_pct == pytest.approx(10.0) and p.change_points is None and p.break_between is None
    assert p.history == [(2020, 60.0), (2021, 66.0)]
    assert change_text(p, "en") == i18n.t("en", "change_vs", change=f"+{i18n.number('10.0', 'en')} %", period="2020")


def test_a_share_changes_in_points_not_in_percent(small):
    p = panel(small, "protected", "PE")
    assert p.change_points == pytest.approx(5.0) and p.change_pct is None
    assert change_text(p, "es") == i18n.t("es", "change_vs", change=f"+{i18n.number('5.0', 'es')} "
                                          f"{i18n.t('es', 'points')}", period="2020")


def test_a_change_is_never_computed_across_a_method_break(small):
    p = panel(small, "coca", "PE")  # 2020 is a range, and the method changed in 2021
    assert p.latest["year"] == "2021" and p.break_between == "2021" and p.change_pct is None
    assert change_text(p, "en") == i18n.t("en", "change_not_comparable", period="2021")
    assert p.history == [(2019, 50.0), (2021, 70.0)]  # a range is not a point of the trend


def test_a_panel_of_one_figure_or_none_says_so(small):
    one = panel(small, "seizures", "PE-LOR", {"market": "port"})
    assert one.latest["value"] == "1" and one.previous is None and change_text(one, "en") == i18n.t("en", "change_none")
    assert panel(small, "seizures", "PE-LOR").latest is None  # the figure has a market; the panel asked for none


def test_the_sparkline_joins_consecutive_years_only(small):
    joined = unquote(sparkline_svg(panel(small, "loss", "PE")))
    assert joined.startswith("data:image/svg+xml;utf8,<svg") and joined.count("<polyline") == 1
    gapped = unquote(sparkline_svg(panel(small, "coca", "PE")))
    assert gapped.count("<polyline") == 0 and gapped.count("<circle") == 2
    assert sparkline_svg(panel(small, "seizures", "PE-LOR")) == ""


def test_configured_panels_skip_indicators_the_package_lacks(small, tmp_path, monkeypatch):
    config = tmp_path / "overview.yaml"
    config.write_text("panels:\n  - {indicator: loss, geography: PE}\n  - {indicator: gone, geography: PE}\n")
    monkeypatch.setattr(panels, "CONFIG", config)
    assert configured_panels(small) == [{"indicator": "loss", "geography": "PE"}]


def test_every_overview_panel_label_is_whole_in_both_languages(published):
    for spec in configured_panels(published):
        if "label" in spec:  # an unquoted comma in {es: ..., en: ...} would split the text into extra keys
            assert set(spec["label"]) == {"es", "en"}, spec["label"]
