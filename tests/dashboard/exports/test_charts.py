"""The charts that leave the dashboard: each with its title, subtitle, source line, file name and exactly the
rows it shows; on the small package."""
from __future__ import annotations

import pandas as pd

from dashboard import i18n
from dashboard.exports.charts import _source_line, column_labels, map_chart, row_columns, series_chart, slug


def test_a_charts_rows_have_the_packages_dimensions_in_their_order(small):
    columns = row_columns(small)
    assert columns[:3] == ["place_id", "place", "state"]
    assert columns[columns.index("unit") + 1:columns.index("source_origin")] == small.dimensions


def test_a_map_chart_lists_every_unit_with_its_state_and_the_figures_source(small):
    chart = map_chart(small, "loss", 2020, "es")
    rows = chart.rows.set_index("place_id")
    assert list(rows.index) == small.map_units
    value = i18n.t("es", "state_value")
    assert dict(rows.state) == {"PE-CUS": i18n.t("es", "outside_coverage"), "PE-LIM": value, "PE-LMA": value,
                                "PE-LOR": value, "PE-UCA": value}
    assert rows.at["PE-LIM", "value"] == "20" and rows.at["PE-LIM", "place"] == "Lima Región"  # INEI's Lima
    assert tuple(rows.loc["PE-UCA", ["source_origin", "source_origin_year", "source_origin_title", "source_grade",
                                     "source_channel", "source_url", "source_licence", "locator"]]) == (
        "MINAM", "2022", "Bosques perdidos", "Estadística oficial", "Verificado en el original",
        "https://minam.example/loss", "CC BY 4.0", "p. 3")
    assert rows.at["PE-CUS", "value"] == "" and rows.at["PE-CUS", "source_origin"] == ""
    assert (chart.kind, chart.title, chart.source) == ("map", "Pérdida de bosque", "MINAM (2022)")
    assert chart.subtitle == f"{i18n.t('es', 'map_title')} · 2020 · ha"
    assert chart.stem == "vigia_loss_mapa_2020_es" and chart.view_path == "/mapa?indicator=loss&year=2020&lang=es"
    assert chart.figure["layout"]["meta"]["indicator"] == "loss"


def test_a_series_chart_has_the_figures_it_draws_by_place_series_and_period(small):
    chart = series_chart(small, "coca", ["PE", "PE-UCA"], "en")
    shown = small.series_figures("coca", ["PE", "PE-UCA"])
    assert len(chart.rows) == len(shown) and set(chart.rows.state) == {i18n.t("en", "state_value")}
    assert chart.headers == column_labels(small, "en") and chart.headers["taxon"] == "taxon"
    assert column_labels(small, "es")["state"] == "estado" and set(chart.rows.qualifier) == {
        small.label("qualifier", q, "en") for q in shown.qualifier}
    assert list(zip(chart.rows.place_id, chart.rows.period, strict=True)) == [
        ("PE", "~2000"), ("PE", "2019"), ("PE", "2020"), ("PE", "2021"), ("PE-UCA", "2019"), ("PE-UCA", "2021")]
    assert chart.subtitle == "Peru, Ucayali · 2000–2021 · ha"
    assert chart.source == "DEVIDA (2021), via Coca Repo; Watch NGO, via Daily News"
    ngo = chart.rows[chart.rows.period == "~2000"].iloc[0]
    assert (ngo.source_channel_name, ngo.source_not_recorded) == ("Daily News", "title not recorded; date not recorded")
    assert chart.stem == "vigia_coca_pe-pe-uca_2000-2021_en"
    assert chart.view_path == "/indicador/coca?regions=PE%2CPE-UCA&lang=en"


def test_a_chart_made_for_its_rows_only_is_the_same_chart_without_its_figure(small):
    """A data file (CSV, Excel) asks for the rows only (drawn=False): everything it writes is the drawn chart's."""
    for drawn, rows_only in ((series_chart(small, "coca", ["PE", "PE-UCA"], "en"),
                              series_chart(small, "coca", ["PE", "PE-UCA"], "en", drawn=False)),
                             (map_chart(small, "loss", 2020, "es"), map_chart(small, "loss", 2020, "es", drawn=False))):
        assert drawn.figure and rows_only.figure == {}
        pd.testing.assert_frame_equal(rows_only.rows, drawn.rows)
        assert ({k: v for k, v in rows_only.__dict__.items() if k not in ("figure", "rows")}
                == {k: v for k, v in drawn.__dict__.items() if k not in ("figure", "rows")})


def test_a_source_line_follows_the_citation_rule(small):
    figures = pd.DataFrame({"source_id": ["s-ngo", "s-minam", "s-devida", "s-minam"]})
    assert _source_line(small, figures, "es") == "MINAM (2022); DEVIDA (2021), vía Coca Repo; Watch NGO, vía Daily News"
    assert _source_line(small, figures, "es", limit=1) == "MINAM (2022) " + i18n.t("es", "more_sources", n=2)
    assert _source_line(small, [{"source_id": "s-ngo"}], "en") == "Watch NGO, via Daily News"


def test_a_file_name_is_plain_ascii():
    assert slug("Áncash y Lima Metropolitana!") == "ancash-y-lima-metropolitana"
