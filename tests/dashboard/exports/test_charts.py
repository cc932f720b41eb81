"""The charts that leave the dashboard: each with its title, subtitle, source line, file name and exactly the
rows it shows; on the small package."""
from __future__ import annotations

import pandas as pd

from dashboard import i18n
from dashboard.exports.charts import _source_line, map_chart, row_columns, series_chart, slug


def test_a_charts_rows_have_the_packages_dimensions_in_their_order(small):
    columns = row_columns(small)
    assert columns[:3] == ["place_id", "place", "state"]
    assert columns[columns.index("unit") + 1:columns.index("source_publisher")] == small.dimensions


def test_a_map_chart_lists_every_unit_with_its_state_and_the_figures_source(small):
    chart = map_chart(small, "loss", 2020, "es")
    rows = chart.rows.set_index("place_id")
    assert list(rows.index) == small.map_units
    assert dict(rows.state) == {"PE-CUS": i18n.t("es", "outside_coverage"), "PE-LIM": "value", "PE-LMA": "value",
                                "PE-LOR": "value", "PE-UCA": "value"}
    assert rows.at["PE-LIM", "value"] == "20" and rows.at["PE-LIM", "place"] == "Lima Región"  # INEI's Lima
    assert tuple(rows.loc["PE-UCA", ["source_publisher", "source_title", "source_url", "locator"]]) == (
        "MINAM", "Bosques perdidos", "https://minam.example/loss", "p. 3")
    assert rows.at["PE-CUS", "value"] == "" and rows.at["PE-CUS", "source_publisher"] == ""
    assert (chart.kind, chart.title, chart.source) == ("map", "Pérdida de bosque", "MINAM")
    assert chart.subtitle == f"{i18n.t('es', 'map_title')} · 2020 · ha"
    assert chart.stem == "vigia_loss_mapa_2020_es" and chart.view_path == "/mapa?indicator=loss&year=2020&lang=es"
    assert chart.figure["layout"]["meta"]["indicator"] == "loss"


def test_a_series_chart_has_the_figures_it_draws_by_place_series_and_period(small):
    chart = series_chart(small, "coca", ["PE", "PE-UCA"], "en")
    shown = small.series_figures("coca", ["PE", "PE-UCA"])
    assert len(chart.rows) == len(shown) and set(chart.rows.state) == {"value"}
    assert list(zip(chart.rows.place_id, chart.rows.period, strict=True)) == [
        ("PE", "~2000"), ("PE", "2019"), ("PE", "2020"), ("PE", "2021"), ("PE-UCA", "2019"), ("PE-UCA", "2021")]
    assert chart.subtitle == "Peru, Ucayali · 2000–2021 · ha"
    assert chart.source == "DEVIDA; Watch NGO"
    assert chart.stem == "vigia_coca_pe-pe-uca_2000-2021_en"
    assert chart.view_path == "/indicador/coca?regions=PE%2CPE-UCA&lang=en"


def test_a_source_line_names_three_publishers_and_counts_the_rest(small):
    figures = pd.DataFrame({"source_id": ["s-minam", "s-ngo", "s-devida", "s-minam"]})
    assert _source_line(small, figures) == "DEVIDA; MINAM; Watch NGO"
    assert _source_line(small, figures, limit=1) == "DEVIDA (+2)"
    assert _source_line(small, [{"source_id": "s-ngo"}]) == "Watch NGO"


def test_a_file_name_is_plain_ascii():
    assert slug("Áncash y Lima Metropolitana!") == "ancash-y-lima-metropolitana"
