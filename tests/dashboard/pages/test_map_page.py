"""The map page: one indicator's map for a year, its words (summary and table) for every year, downloads and
citation; the indicator change the server answers."""
from __future__ import annotations

import dash
import pytest

from dashboard import citation as cite
from dashboard import i18n
from dashboard.components import markdown_cell
from dashboard.pages import map_ids as ids
from dashboard.state import catalog
from tests.dashboard.trees import by_id, json_components, layout, module, notices, text


def test_the_map_opens_on_the_latest_year_of_its_default_indicator():
    c = catalog()
    tree = layout("map", "es")
    indicator = by_id(tree, ids.INDICATOR).value
    assert indicator in c.map_indicators and notices(tree) == []
    assert by_id(tree, ids.YEAR).value == c.map_years(indicator)[-1]
    assert by_id(tree, ids.INDICATOR_LINK).href == f"/indicador/{indicator}?lang=es"
    assert [o["value"] for o in by_id(tree, ids.INDICATOR).options] == c.map_indicators


def test_an_unknown_indicator_or_a_year_without_a_map_is_replaced_saying_so():
    c = catalog()
    indicator = c.map_indicators[-1]
    years = c.map_years(indicator)
    tree = layout("map", "en", indicator=indicator, year=str(years[0] - 3))
    assert by_id(tree, ids.YEAR).value == years[0]  # the nearest year the map has
    assert notices(tree) == [i18n.t("en", "unknown_value", value=str(years[0] - 3), field="year", fallback=years[0])]
    fallback = layout("map", "en", indicator="no_such_indicator")
    assert len(notices(fallback)) == 1 and by_id(fallback, ids.INDICATOR).value != "no_such_indicator"


def test_every_year_has_a_summary_and_a_table_of_every_unit():
    c = catalog()
    indicator = c.map_indicators[0]
    texts = module("map").map_texts(c, indicator, "en")
    assert list(texts) == [str(y) for y in c.map_years(indicator)]
    for year, cells in c.map_cells(indicator).items():
        table = texts[str(year)]["table"].splitlines()
        assert len(table) == 2 + len(cells)
        values = {u: float(cell.row["value"]) for u, cell in cells.items() if cell.row is not None}
        if values:
            top = max(values, key=lambda u: values[u])
            assert c.place_name(top, "en") in texts[str(year)]["summary"]
            assert markdown_cell(c.value_text(cells[top].row, "en")) in table[2]  # the highest value first


def test_the_page_shows_the_chosen_years_words_and_downloads():
    c = catalog()
    indicator = c.map_indicators[0]
    year = c.map_years(indicator)[0]
    tree = layout("map", "es", indicator=indicator, year=str(year))
    texts = module("map").map_texts(c, indicator, "es")
    assert text(by_id(tree, ids.SUMMARY)) == texts[str(year)]["summary"]
    assert by_id(tree, ids.TABLE).children == texts[str(year)]["table"]
    hrefs = [a.href for a in by_id(tree, ids.DOWNLOADS).children[1:]]
    assert hrefs and all(f"indicator={indicator}" in h and f"year={year}" in h for h in hrefs)


def test_an_indicator_change_keeps_the_year_when_the_new_map_has_it(client):
    c = catalog()
    change = module("map").change_indicator
    last = c.map_indicators[-1]
    year = c.map_years(last)[-1]
    with client.application.test_request_context(base_url="https://vigia.example"):
        answer = change(last, year, "en")
        assert (answer[2], answer[3], answer[5]) == (c.map_years(last)[0], year, year)
        assert change(last, 1800, "en")[5] == year  # a year it lacks: its latest
        assert answer[7] == f"/indicador/{last}?lang=en" and answer[6] == c.name(last, "en")
        with pytest.raises(dash.exceptions.PreventUpdate):
            change("no_such_indicator", year, "en")


def test_cite_on_the_coca_map_of_2024_names_devida_first_and_only_the_sources_of_2024(client):
    """/mapa?indicator=coca_area&year=2024: "Citar" cites the figures drawn that year, in the citation order,
    and its address restores the view."""
    c = catalog()
    tree = module("map").map_page(c, "coca_area", 2024, "es", "https://vigia.example", [])  # the layout's builder
    drawn = [cell.row for cell in c.map_cells("coca_area")[2024].values() if cell.row is not None]
    body = text(by_id(tree, ids.CITATION_BODY))
    assert body.split(". ")[2].startswith(i18n.t("es", "citation").split(". ")[2].split("{")[0] + "DEVIDA")
    assert body == cite.citation_text(c, f"{c.name('coca_area', 'es')} ({c.unit_symbol('coca_area', 'es')})",
                                      drawn, "es")
    named = {cite.short(c, s, "es") for s in c.sources_of(drawn)}
    elsewhere = {cite.short(c, s, "es") for s in c.sources_of(c.rows("coca_area"))} - named
    assert elsewhere and not [n for n in elsewhere if n in body]  # no source of another year
    address = "https://vigia.example/mapa?indicator=coca_area&year=2024&lang=es"
    assert text(by_id(tree, ids.CITATION_URL)) == address
    with client.application.test_request_context(base_url="https://vigia.example"):
        sent = layout("map", "es", indicator="coca_area", year="2024")  # in an app: the cached page, as Dash sends it
    assert [p["children"] for _, p in json_components(sent) if p.get("id") == ids.CITATION_URL] == [address]


def test_each_years_citation_is_in_the_texts_the_browser_swaps_on_a_year_change():
    c = catalog()
    texts = module("map").map_texts(c, "coca_area", "en")
    for year in c.map_years("coca_area"):
        drawn = [cell.row for cell in c.map_cells("coca_area")[year].values() if cell.row is not None]
        line = cite.line(c, drawn, "en")
        assert line.text("en") in texts[str(year)]["citation"]
        assert texts[str(year)]["more"] == (i18n.t("en", "all_sources", n=line.more + cite.SHOWN) if line.more else "")
