"""A sample of charts as the browser draws them (issue 14, item 5): one panel per comparison group, every legend
entry drawn whole inside the chart, hovers and the toolbar in the page's language, the citation of the figures
drawn. Slow (headless Chromium): run with the other browser tests."""
from __future__ import annotations

import pytest

from dashboard import i18n
from dashboard.figures.timeseries import series_figure
from dashboard.pages import indicator_ids, map_ids
from dashboard.state import catalog

sync_api = pytest.importorskip("playwright.sync_api", reason="browser tests need the playwright package")
expect = sync_api.expect

pytestmark = pytest.mark.browser

# (the legend entries' text and whether each lies inside the graph's box), the panel titles, the toolbar's labels
READ_CHART = """(graph) => {
    const root = document.getElementById(graph), box = root.getBoundingClientRect();
    const legend = Array.from(root.querySelectorAll('g.legend g.traces')).map(t => {
        const r = t.getBoundingClientRect();
        return [Array.from(t.querySelectorAll('text.legendtext tspan.line, text.legendtext')).filter(
                    e => !e.querySelector('tspan')).map(e => e.textContent).join(' ').trim(),
                r.left >= box.left - 1 && r.right <= box.right + 1
                && r.top >= box.top - 1 && r.bottom <= box.bottom + 1];
    });
    const titles = Array.from(root.querySelectorAll('g.annotation-text-g text')).map(t => t.textContent);
    const tools = Array.from(root.querySelectorAll('.modebar-btn')).map(b => b.getAttribute('data-title'));
    return {legend, titles, tools};
}"""


def plain(name: str) -> str:
    return " ".join(name.replace("<br>", " ").split())


@pytest.mark.parametrize("indicator", ["timber_legality_share", "wildlife_seized"])
@pytest.mark.parametrize("lang", ["es", "en"])
def test_an_indicator_chart_is_drawn_one_panel_per_group_its_legend_whole(page, live_server, indicator, lang):
    c = catalog()
    if indicator not in c.indicators.index:
        pytest.skip(f"the package has no {indicator}")
    page.goto(f"{live_server}/indicador/{indicator}?lang={lang}")
    graph = page.locator(f"#{indicator_ids.GRAPH}")
    expect(graph.locator("g.legend")).to_have_count(1)
    expect(page.locator("html")).to_have_attribute("lang", lang)
    figure = series_figure(c, indicator, lang, c.default_places(indicator))
    drawn = page.evaluate(READ_CHART, indicator_ids.GRAPH)
    expected = [plain(t["name"]) for t in figure["data"] if t.get("showlegend")]
    assert [text for text, _ in drawn["legend"]] == expected  # every entry, none cut short
    assert all(inside for _, inside in drawn["legend"]), "a legend entry lies outside the chart"
    for group in figure["layout"]["meta"]["groups"]:  # one titled panel per comparison group
        assert plain(c.group_name(indicator, group, lang))[:30] in " ".join(drawn["titles"])
    png = "Descargar gráfica como PNG" if lang == "es" else "Download plot as a PNG"
    assert png in drawn["tools"] and "Share chart..." not in drawn["tools"]
    point = graph.locator("g.scatterlayer g.points path.point").first
    point.hover(force=True)
    hover = graph.page.locator("g.hoverlayer g.hovertext")
    expect(hover.first).to_contain_text(i18n.t(lang, "source") + ":")


def test_the_coca_map_of_2024_cites_devida_first_and_that_years_sources(page, live_server):
    page.goto(f"{live_server}/mapa?indicator=coca_area&year=2024&lang=es")
    page.locator(f"#{map_ids.CITATION} summary").click()
    text = page.locator(f"#{map_ids.CITATION_TEXT}")
    expect(text).to_contain_text("Datos: DEVIDA")
    expect(text).to_contain_text("/mapa?indicator=coca_area&year=2024&lang=es")


def test_a_region_profiles_charts_have_legends(page, live_server):
    page.goto(f"{live_server}/region/PE-UCA?lang=es")
    charts = page.locator(".region-indicator .js-plotly-plot")
    expect(charts.first).to_be_visible()
    for n in range(charts.count()):
        expect(charts.nth(n).locator("g.legend text.legendtext").first).to_be_attached()
