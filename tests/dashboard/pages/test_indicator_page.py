"""The indicator page: chart of the chosen places (the chart callback's answer), table, sources, caveats."""
from __future__ import annotations

import pytest

from dashboard import citation as cite
from dashboard import i18n
from dashboard.pages import indicator_ids as ids
from dashboard.state import catalog
from tests.browserlike import page_request
from tests.dashboard.trees import by_id, json_components, json_of, layout, module, notices, text, walk


def props(tree, component_id: str) -> dict:
    return by_id(tree, component_id).to_plotly_json()["props"]


def test_the_page_draws_the_chart_its_callback_answers(client):
    """The layout builds its chart with the builder the chart callback calls on page load (so warming the
    layout warms the callback): same figure, same arguments."""
    indicator = module("indicator").path_variables(catalog())[0]["indicator_id"]
    chosen = catalog().default_places(indicator)
    content = client.post("/_dash-update-component",
                          json=page_request(f"/indicador/{indicator}", "?lang=en")).get_json()
    graphs = [p for _, p in json_components(content) if p.get("id") == ids.GRAPH]
    answer = module("indicator").redraw(chosen, indicator, "en")
    assert len(graphs) == 1 and graphs[0]["figure"] == json_of(answer[0])


def test_without_places_the_chart_shows_the_indicators_default_places():
    c = catalog()
    indicator = next(i for i in c.indicators.index if c.default_places(i) != ["PE"] and c.default_places(i))
    tree = layout("indicator", "es", indicator_id=indicator)
    assert props(tree, ids.REGIONS)["value"] == c.default_places(indicator) and notices(tree) == []
    figure, *_ = module("indicator").redraw([], indicator, "es")  # the reader cleared the places
    assert figure["layout"]["meta"]["geographies"] == c.default_places(indicator)


def test_unknown_places_and_tabs_are_replaced_saying_so():
    place = sorted(catalog().places_of("coca_area") - {"PE"})[0]
    tree = layout("indicator", "en", indicator_id="coca_area", regions=f"{place},PE-XXX", tab="pie")
    assert props(tree, ids.REGIONS)["value"] == [place] and props(tree, ids.TABS)["value"] == "chart"
    said = notices(tree)
    assert len(said) == 2 and "PE-XXX" in said[0] and "pie" in said[1]
    fallback = layout("indicator", "en", indicator_id="no_such_indicator")
    assert text(by_id(fallback, ids.NAME)) == catalog().name("coca_area", "en") and len(notices(fallback)) == 1


def test_the_table_lists_every_figure_and_the_sources_tab_their_sources():
    c = catalog()
    tree = layout("indicator", "es", indicator_id="coca_area")
    rows = c.rows("coca_area")
    assert len(by_id(tree, ids.TABLE).children.splitlines()) == 2 + len(rows)
    listed = [item.id for item in walk(tree) if str(getattr(item, "id", "")).startswith("source-")]
    assert listed == [f"source-{s['source_id']}" for s in c.sources_of(rows)]


def test_figures_a_chart_cannot_draw_are_counted_under_it():
    c = catalog()
    hidden = {i: len(c.rows(i)) - len(c.series_figures(i, list(c.places_of(i)))) for i in c.indicators.index}
    indicator = next((i for i, n in hidden.items() if n), None)
    if indicator is None:
        pytest.skip("every figure of the package is one a chart draws")
    tree = layout("indicator", "en", indicator_id=indicator)
    hints = [text(p) for p in walk(tree) if getattr(p, "className", None) == "hint"]
    assert i18n.t("en", "indicator_other_periods", n=hidden[indicator]) in hints


def test_the_downloads_summary_and_citation_follow_the_places_shown():
    figure, summary, links, cited = module("indicator").chart_outputs(catalog(), "coca_area", ["PE", "PE-UCA"], "en",
                                                                      "https://vigia.example")
    shown = catalog().series_figures("coca_area", ["PE", "PE-UCA"])
    years = sorted(set(shown.x))
    assert summary == i18n.t("en", "indicator_chart_summary", name=catalog().name("coca_area", "en"),
                             unit=catalog().unit_symbol("coca_area", "en"), n=len(shown),
                             years=f"{years[0]}–{years[-1]}")
    assert all("regions=PE%2CPE-UCA" in a.href for a in links[1:])
    assert figure["layout"]["meta"]["geographies"] == ["PE", "PE-UCA"]
    # "Cite": only the sources of the figures drawn, and the address of this view (its places, its tab)
    assert text(by_id(cited, ids.CITATION_BODY)) == cite.citation_text(
        catalog(), f"{catalog().name('coca_area', 'en')} ({catalog().unit_symbol('coca_area', 'en')})", shown, "en")
    assert text(by_id(cited, ids.CITATION_URL)) == (
        "https://vigia.example/indicador/coca_area?regions=PE%2CPE-UCA&tab=chart&lang=en")
