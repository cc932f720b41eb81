"""Building blocks several pages use: the badge, tables of figures, the source list, links and citations."""
from __future__ import annotations

from dash import dcc, html

from dashboard import i18n
from dashboard.catalog import Catalog
from dashboard.components import (
    VERIFICATION_MARKS,
    badge,
    citation,
    figures_table,
    graph_config,
    indicator_link,
    markdown_cell,
    markdown_table,
    source_list,
)
from tests.dashboard.smallpackage import small_package
from tests.dashboard.trees import text, walk


def test_a_badge_shows_the_sources_grade_and_how_the_figure_was_checked(small):
    row = small.rows("loss", "PE-UCA").iloc[0].to_dict()
    mark = badge(small, row, "en")
    assert mark.className == "badge badge-official_statistic checked"
    assert mark.children == "Official statistic · " + VERIFICATION_MARKS["primary_checked"][1]
    assert mark.title == small.label("verification", "primary_checked", "en")
    relayed = badge(small, {**row, "verification": "something_new"}, "es")
    assert relayed.className.endswith(" relayed") and relayed.children.endswith("↺")  # unknown: the cautious mark


def test_data_text_in_a_markdown_table_stays_text():
    assert markdown_cell("[x](http://evil) *y* | z\n") == r"\[x\]\(http://evil\) \*y\* \| z"
    table = markdown_table(["a", "b"], [["1", "2|3"]])
    assert table.splitlines() == ["| a | b |", "|---|---|", r"| 1 | 2\|3 |"]


def test_the_figures_table_has_a_row_per_figure_with_its_series_source_and_check(small):
    rows = small.rows("loss", "PE")
    table = figures_table(small, rows, "en", "table-x")
    lines = table.children.splitlines()
    assert isinstance(table, dcc.Markdown) and len(lines) == 2 + len(rows)
    assert lines[0] == markdown_table([i18n.t("en", k) for k in (
        "table_place", "table_period", "table_value", "table_series", "table_source", "table_verification",
        "table_note")], []).splitlines()[0]
    assert "NGO" in lines[-1] and markdown_cell("Watch NGO, via Daily News") in lines[-1]


def test_the_source_list_names_origin_then_channel_in_the_citation_order_with_what_was_not_recorded(small):
    items = source_list(small, small.sources_of(small.obs), "es").children
    assert [i.id for i in items] == [f"source-{s}" for s in ("s-minam", "s-devida", "s-ngo")]
    minam, devida, ngo = items
    link = next(c for c in walk(minam) if isinstance(c, html.A))
    assert link.href == "https://minam.example/loss" and link.rel == "noopener noreferrer"
    assert link.children == "Bosques perdidos" and not getattr(link, "lang", None)  # a Spanish title on a Spanish page
    assert text(minam) == "MINAM (2022). Bosques perdidos — Estadística oficial · Verificado en el original · CC BY 4.0"
    assert text(devida) == ("DEVIDA (2021). Monitoreo de coca. Vía Coca Repo (2023), coca.csv — Estadística oficial"
                            " · Archivo de un tercero · Copia de un tercero")
    assert next(c for c in walk(devida) if isinstance(c, html.A)).children == "coca.csv"  # the address: the channel's
    assert not [c for c in walk(ngo) if isinstance(c, html.A)]  # no address: no link
    assert text(ngo) == ("Watch NGO. Vía Daily News — Otra fuente · Difundido por la prensa · título no registrado"
                         " · fecha no registrada · Condiciones del editor")


def test_a_title_in_another_language_keeps_its_words_and_says_its_language(small):
    english = source_list(small, [small.source("s-journal")], "es").children[0]
    title = next(c for c in walk(english) if isinstance(c, html.Cite))
    assert (title.children, title.lang) == ("Forests of Peru", "en")
    spanish = source_list(small, [small.source("s-minam")], "en").children[0]
    assert next(c for c in walk(spanish) if isinstance(c, html.A)).lang == "es"


def test_an_indicator_link_opens_its_page_in_the_same_language(small):
    link = indicator_link(small, "coca", "en")
    assert link.href == "/indicador/coca?lang=en" and link.children == "Coca area"


def test_a_citation_names_what_whom_which_version_and_where(small):
    rows = small.rows("loss")
    cited = citation(small, "loss", "en", "https://vigia.example/indicador/loss?lang=en", rows)
    sentence = next(c for c in walk(cited) if isinstance(c, html.P))
    assert sentence.id == "citation-loss"
    assert text(sentence) == i18n.t("en", "citation", year="2000", title="Forest loss (ha)",
                                    sources="MINAM (2022); Watch NGO, via Daily News",
                                    version=small.package.version, url="https://vigia.example/indicador/loss?lang=en")
    assert not [c for c in walk(cited) if isinstance(c, dcc.Link)]  # every source named: no link to the list


def test_a_citation_of_many_sources_names_three_and_links_to_the_list(small):
    def many(tables):
        for n in range(3):
            tables["sources"].append({**tables["sources"][0], "source_id": f"s-{n}", "origin_publisher": f"P{n}"})
            tables["observations"].append({**tables["observations"][0], "obs_id": f"o{n}", "source_id": f"s-{n}"})
    catalog = Catalog(small_package(many))
    cited = citation(catalog, "loss", "es", "/x", catalog.rows("loss"), list_href="/indicador/loss?tab=sources")
    assert i18n.t("es", "more_sources", n=2) in text(cited)
    link = next(c for c in walk(cited) if isinstance(c, dcc.Link))
    assert link.href == "/indicador/loss?tab=sources" and link.children == i18n.t("es", "all_sources", n=5)


def test_a_spanish_graph_uses_plotlys_peruvian_locale_served_from_the_apps_assets():
    from etl.paths import ROOT
    assert graph_config("es")["locale"] == "es-PE" and "locale" not in graph_config("en")
    assert graph_config("en", scrollZoom=False) == {"displaylogo": False, "responsive": True, "scrollZoom": False,
                                                    "modeBarButtonsToRemove": ["sendChartToCloud"]}
    bundle = (ROOT / "assets/vendor/plotly-geo.min.js").read_text(encoding="utf-8")[:200]
    version = bundle.split(") v", 1)[1].split()[0]
    for name in ("es", "es-pe"):  # es-PE: Peru's number format; es: the toolbar's words
        locale = (ROOT / f"assets/vendor/plotly-locale-{name}.js").read_text(encoding="utf-8")
        assert locale.startswith(f"// plotly.js@{version} ") and "Plotly.register(locale)" in locale
    assert 'decimal:".",thousands:","' in (ROOT / "assets/vendor/plotly-locale-es-pe.js").read_text(encoding="utf-8")
