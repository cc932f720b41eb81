"""Building blocks several pages use: the badge, tables of figures, the source list, links and citations."""
from __future__ import annotations

from dash import dcc, html
from flask import Flask

from dashboard import i18n
from dashboard.components import (
    VERIFICATION_MARKS,
    badge,
    citation,
    figures_table,
    indicator_link,
    markdown_cell,
    markdown_table,
    source_list,
)
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
    assert "NGO" in lines[-1] and markdown_cell("Watch NGO, «Field report»") in lines[-1]


def test_the_source_list_links_titles_and_says_grade_and_licence(small):
    items = source_list(small, small.sources_of(small.obs), "es").children
    assert [i.id for i in items] == [f"source-{s}" for s in ("s-devida", "s-minam", "s-ngo")]
    minam = items[1]
    link = next(c for c in walk(minam) if isinstance(c, html.A))
    assert link.href == "https://minam.example/loss" and link.rel == "noopener noreferrer"
    assert text(minam) == "MINAM (2022) Bosques perdidos — Estadística oficial · CC BY 4.0"
    assert not [c for c in walk(items[2]) if isinstance(c, html.A)]  # no address: no link
    assert text(items[2]) == "Watch NGO Field report — Otra fuente"


def test_an_indicator_link_opens_its_page_in_the_same_language(small):
    link = indicator_link(small, "coca", "en")
    assert link.href == "/indicador/coca?lang=en" and link.children == "Coca area"


def test_a_citation_names_what_whom_which_version_and_where(small):
    rows = small.rows("loss")
    with Flask(__name__).test_request_context(base_url="https://vigia.example"):
        cited = citation(small, "loss", "en", "/indicador/loss?lang=en", rows)
    sentence = next(c for c in walk(cited) if isinstance(c, html.P))
    assert sentence.id == "citation-loss"
    assert sentence.children == i18n.t("en", "citation", year="2000", title="Forest loss (ha)",
                                       sources="MINAM; Watch NGO", version=small.package.version,
                                       url="https://vigia.example/indicador/loss?lang=en")
    outside = citation(small, "loss", "en", "/x", rows.iloc[0:1])  # no request: the path alone
    assert next(c for c in walk(outside) if isinstance(c, html.P)).children == i18n.t(
        "en", "citation", year="2000", title="Forest loss (ha)", sources="MINAM", version=small.package.version,
        url="/x")
