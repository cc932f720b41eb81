"""Every view in a real browser (Debian Chromium via Playwright), against the real data package.

The `page` fixture (conftest.py) fails any test whose page logged a console error or a page error, or
made a request that left 127.0.0.1.
"""
from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from string import Template
from urllib.parse import parse_qs, urlsplit

import dash
import pytest

from dashboard import shell
from dashboard.pages import indicator_ids, map_ids, region_ids, sources_ids

sync_api = pytest.importorskip("playwright.sync_api", reason="browser tests need the playwright package")
expect, PlaywrightTimeout = sync_api.expect, sync_api.TimeoutError

pytestmark = pytest.mark.browser

MAP_URL = "/mapa?indicator=coca_area&year=2024&lang=es"
PATHS = f"#{map_ids.GRAPH} path.choroplethlocation"

# (geo subplot, location id, computed fill) of every choropleth path in the map
READ_FILLS = Template("""() => Array.from(document.querySelectorAll('#$graph path.choroplethlocation')).map(p => {
    const geo = p.closest('g.geo').classList.contains('geo2') ? 'geo2' : 'geo';
    return [geo, p.__data__ && p.__data__.loc, getComputedStyle(p).fill];
})""").substitute(graph=map_ids.GRAPH)
# a point inside a department's path, in page coordinates (the bounding-box centre can fall outside)
POINT_IN = Template("""([geo, loc]) => {
    for (const p of document.querySelectorAll('#$graph g.geo.' + geo + ' path.choroplethlocation')) {
        if (!p.__data__ || p.__data__.loc !== loc) continue;
        const box = p.getBBox(), m = p.getScreenCTM();
        for (let i = 1; i < 20; i++) for (let j = 1; j < 20; j++) {
            const x = box.x + box.width * (0.5 + (i % 2 ? 1 : -1) * Math.floor(i / 2) / 20);
            const y = box.y + box.height * (0.5 + (j % 2 ? 1 : -1) * Math.floor(j / 2) / 20);
            if (p.isPointInFill(new DOMPoint(x, y))) {
                const q = new DOMPoint(x, y).matrixTransform(m);
                const hit = document.elementFromPoint(q.x, q.y);
                if (hit === p || (hit && hit.closest && hit.closest('#$graph'))) return [q.x, q.y];
            }
        }
    }
    return null;
}""").substitute(graph=map_ids.GRAPH)
ERROR_TEXTS = ("Traceback", "Error loading layout", "Error loading dependencies", "Callback error")


# ---------------------------------------------------------------- expectations from the Python side

def catalog():
    from dashboard.state import catalog as current
    return current()


def page_name(module: str) -> str:
    """A registered page's name: its module's, as in dashboard/pages ("pages.map" -> "map")."""
    return module.rsplit(".", 1)[-1]


def page_module(name: str):
    """A page's module as Dash imported it (Dash pages load page modules under their own module names)."""
    return next(sys.modules[m] for m in dash.page_registry if page_name(m) == name)


def map_page_module():
    return page_module("map")


def rgb(colour: str) -> str:
    colour = colour.lstrip("#")
    return "rgb({}, {}, {})".format(*(int(colour[i:i + 2], 16) for i in (0, 2, 4)))


def expected_fills(indicator: str, year: int, lang: str = "es") -> dict[str, str]:
    """{"geo|PE-LOR": "rgb(...)"} as dashboard.figures.map.map_figure colours that year's frame."""
    from dashboard.figures.map import map_figure
    figure = map_figure(catalog(), indicator, lang, year)
    frame = next(f for f in figure["frames"] if f["name"] == str(year))
    fills = {}
    for trace in frame["data"]:
        low, high = trace["colorscale"][0][1], trace["colorscale"][-1][1]
        assert low == high, "each trace is one colour class"
        for loc in trace["locations"]:
            fills[f"{trace['geo']}|{loc}"] = rgb(low)
    return fills


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


# ---------------------------------------------------------------- helpers on the page

def open_view(page, live_server, path: str):
    page.goto(live_server + path)
    expect(page.locator("h1").first).to_be_visible()
    return page


def assert_no_error_shown(page):
    expect(page.locator(".dash-fe-error__title, .dash-debug-alert, .dash-fe-error-top")).to_have_count(0)
    text = page.locator("body").inner_text()
    for bad in ERROR_TEXTS:
        assert bad not in text, f"page shows {bad!r}"


def assert_page_basics(page, lang: str) -> str:
    """One heading, the page in `lang`, no notice, no error, the footer's package version; returns the heading."""
    expect(page.locator("h1")).to_have_count(1)
    heading = page.locator("h1").inner_text().strip()
    assert heading
    expect(page.locator(f"div.page[lang='{lang}']")).to_have_count(1)
    expect(page.locator("p.notice")).to_have_count(0)
    expect(page.locator(f"#{shell.DATA_AS_OF}")).to_contain_text(catalog().package.version)
    expect(page.locator(f"a#{shell.DOWNLOAD_PACKAGE}")).to_have_attribute("href", "/download/vigia-datapackage.zip")
    expect(page.locator(f"a#{shell.LANG_SWITCH}")).to_have_text({"es": "English", "en": "Español"}[lang])
    assert_no_error_shown(page)
    return heading


def open_map(page, fills_are, live_server, path: str = MAP_URL, indicator: str = "coca_area", year: int = 2024,
             lang: str = "es"):
    open_view(page, live_server, path)
    wait_for_fills(page, fills_are, expected_fills(indicator, year, lang))
    return page


def wait_for_fills(page, fills_are, expected: dict[str, str]):
    try:
        page.wait_for_function(fills_are, arg=expected)
    except PlaywrightTimeout:
        shown = {f"{g}|{loc}": fill for g, loc, fill in page.evaluate(READ_FILLS)}
        wrong = {k: (shown.get(k), v) for k, v in expected.items() if shown.get(k) != v}
        raise AssertionError(f"map fills (shown, expected) differ: {wrong}; "
                             f"extra: {set(shown) - set(expected)}") from None


def choose_indicator(page, label: str):
    """Dash 4's dropdown: a button that opens a listbox of role=option items."""
    page.locator(f"#{map_ids.INDICATOR}").click()
    page.get_by_role("option", name=label, exact=True).click()


# ---------------------------------------------------------------- every view renders

def check_overview(page, lang, variables):
    expect(page.locator("article.panel").first).to_be_visible()
    assert page.locator("article.panel").count() >= 4


def check_region(page, lang, variables):
    expect(page.locator(f"h1#{region_ids.NAME}")).to_contain_text(catalog().place_name(variables["region_id"], lang))


def check_index(page, lang, variables):
    links = page.locator(f"#{shell.MAIN} a[href^='/indicador/']")
    expect(links.first).to_be_visible()
    assert links.count() == len(catalog().indicators)


def check_chart(page, lang, variables):
    expect(page.locator(f"#{indicator_ids.GRAPH} .main-svg").first).to_be_visible()
    for place in ("PE", "PE-LOR"):
        expect(page.locator(f"#{indicator_ids.REGIONS}")).to_contain_text(catalog().place_name(place, lang))
    expect(page.locator(f"#{indicator_ids.SUMMARY}")).not_to_be_empty()
    # Dash 4.4's dcc.Tabs has no role="tab"/aria-selected, so the selected tab is found by its class
    expect(page.locator(f"#{indicator_ids.TABS} .tab--selected")).to_have_text({"es": "Gráfico", "en": "Chart"}[lang])


def check_table(page, lang, variables):
    expect(page.locator(f"#{indicator_ids.TABLE} tbody tr").first).to_be_visible()
    expect(page.locator(f"#{indicator_ids.TABS} .tab--selected")).to_have_text({"es": "Tabla", "en": "Table"}[lang])


def check_sources(page, lang, variables):
    expect(page.locator(f"#{sources_ids.TABLE} tbody tr")).to_have_count(len(catalog().sources))


@dataclass(frozen=True)
class View:
    """One view of a page: its query, what it shows beyond what every page shows, whether to switch language."""
    name: str = ""
    query: str = ""
    check: Callable | None = None
    switch: bool = True


# The views are the registered pages (dash.page_registry); here, what some show beyond what every page shows
# (a heading, the language, the footer, the switch), by page name. None: the page has its own tests below (the
# map, a fuller language test: test_language_switch_turns_the_map_english_and_back; the 404 page).
CHECKS: dict[str, list[View] | None] = {
    "overview": [View(check=check_overview)],
    "region": [View(check=check_region)],
    "indicators": [View(check=check_index)],
    "indicator": [View("chart", "?regions=PE,PE-LOR&tab=chart", check_chart),
                  View("table", "?regions=PE,PE-LOR&tab=table", check_table, switch=False)],  # same page
    "sources": [View(check=check_sources)],
    "map": None,
    "not_found_404": None,
}


@cache
def registered_views() -> list[tuple[str, str, View]]:
    """(test id, page module, view) of every registered page; the registry is filled by creating the app."""
    from dashboard.app import create_app
    create_app()
    return [(f"{page_name(m)}-{v.name}" if v.name else page_name(m), m, v)
            for m in dash.page_registry for v in CHECKS.get(page_name(m), [View()]) or []]


def pytest_generate_tests(metafunc):
    if "view" in metafunc.fixturenames:
        views = registered_views()
        metafunc.parametrize("module, view", [(m, v) for _, m, v in views], ids=[i for i, _, _ in views])


def view_address(module: str) -> tuple[str, dict]:
    """A page's path (a path_template filled with the first of its path_variables) and its path variables."""
    entry = dash.page_registry[module]
    if not entry.get("path_template"):
        return entry["path"], {}
    variables = sys.modules[module].path_variables(catalog())[0]
    return re.sub(r"<(\w+)>", lambda m: variables[m[1]], entry["path_template"]), variables


def test_every_view_renders_in_spanish_and_english(page, live_server, module, view):
    """A heading, the view's content, the footer's package version, no notice, no error; then the language
    switch gives the same view in English, with the same URL state."""
    path, variables = view_address(module)
    path += view.query
    open_view(page, live_server, path)
    headings = {"es": assert_page_basics(page, "es")}
    if view.check:
        view.check(page, "es", variables)
    if not view.switch:
        return
    state = {k: v for k, v in query(page).items() if k != "lang"}
    page.locator(f"a#{shell.LANG_SWITCH}").click()
    page.wait_for_url(re.compile(r"[?&]lang=en(&|$)"))
    assert urlsplit(page.url).path == urlsplit(path).path
    assert {k: v for k, v in query(page).items() if k != "lang"} == state
    headings["en"] = assert_page_basics(page, "en")
    if view.check:
        view.check(page, "en", variables)
    assert headings["es"] != headings["en"], "the heading is not translated"


def test_static_geojson_and_package_download(page, live_server):
    geo = page.request.get(f"{live_server}/geo/peru_departments.geojson")
    assert geo.ok and geo.headers["content-type"].startswith("application/geo+json")
    assert sorted(f["id"] for f in geo.json()["features"]) == sorted(catalog().map_units)
    archive = page.request.get(f"{live_server}/download/vigia-datapackage.zip")
    assert archive.ok and archive.body()[:2] == b"PK"
    assert page.request.get(f"{live_server}/geo/app.py").status == 404


# ---------------------------------------------------------------- the map

def assert_colours_are_the_figure_builders(page, fills_are, indicator: str, year: int):
    """Each unit's fill is the colour map_figure gives it; a gap (no data, outside coverage) has its own fill."""
    from dashboard.figures.style import CLASS_COLOURS, NO_DATA, OUTSIDE
    wait_for_fills(page, fills_are, expected_fills(indicator, year))  # every path, both subplots, exactly
    shown = {loc: fill for geo, loc, fill in page.evaluate(READ_FILLS) if geo == "geo"}
    own = {"no_data": rgb(NO_DATA), "outside": rgb(OUTSIDE)}
    classes = {rgb(c) for c in CLASS_COLOURS}
    assert not set(own.values()) & classes, "a gap must never look like a value"
    states = set()
    for unit, cell in catalog().map_cells(indicator)[year].items():
        states.add(cell.state)
        if cell.state == "value":
            assert shown[unit] in classes, f"{unit} has a value but is drawn {shown[unit]}"
        else:
            assert shown[unit] == own[cell.state], f"{unit} is {cell.state} but is drawn {shown[unit]}"
    return states


def test_map_draws_the_26_units_in_the_figure_builders_colours_gaps_in_their_own(page, live_server, fills_are):
    open_map(page, fills_are, live_server)
    drawn = page.evaluate(READ_FILLS)
    main = [loc for geo, loc, _ in drawn if geo == "geo" and loc.startswith("PE-")]
    neighbours = [loc for geo, loc, _ in drawn if geo == "geo" and not loc.startswith("PE-")]
    inset = [loc for geo, loc, _ in drawn if geo == "geo2"]
    assert len(main) == 26 and sorted(main) == sorted(catalog().map_units)
    assert sorted(neighbours) == ["BO", "BR", "CL", "CO", "EC"]
    assert sorted(inset) == ["PE-CAL", "PE-LIM", "PE-LMA"]
    expect(page.locator(PATHS)).to_have_count(len(expected_fills("coca_area", 2024)))  # 26 + 5 + 3
    assert assert_colours_are_the_figure_builders(page, fills_are, "coca_area", 2024) == {"value", "outside"}

    # an indicator whose map has departments with no data (one round trip instead of a new page)
    choose_indicator(page, catalog().name("forest_loss_change", "es"))
    expect(page.get_by_role("slider")).to_have_attribute("aria-valuenow", "2021")  # its only year
    assert assert_colours_are_the_figure_builders(page, fills_are, "forest_loss_change", 2021) == {"value", "no_data"}


def test_year_change_happens_in_the_browser_without_a_server_round_trip(page, live_server, browser_log, fills_are):
    open_map(page, fills_are, live_server)
    texts = map_page_module().year_table("coca_area", "es")
    assert expected_fills("coca_area", 2017) != expected_fills("coca_area", 2024), "the test needs maps that differ"
    mark = browser_log.mark()
    thumb = page.get_by_role("slider")
    box = page.locator(f"#{map_ids.YEAR} input[type=number]")

    def shows(year: int):
        expect(thumb).to_have_attribute("aria-valuenow", str(year))
        expect(page.locator(f"#{map_ids.SUMMARY}")).to_have_text(texts[str(year)]["summary"])
        first_row = texts[str(year)]["table"].splitlines()[2]  # the table under the map, in words
        expect(page.locator(f"#{map_ids.TABLE}")).to_contain_text(first_row.split("|")[1].strip())
        wait_for_fills(page, fills_are, expected_fills("coca_area", year))
        page.wait_for_url(re.compile(rf"[?&]year={year}(&|$)"))
        assert query(page) == {"indicator": ["coca_area"], "year": [str(year)], "lang": ["es"]}

    thumb.focus()
    page.keyboard.press("Home")  # the first year
    shows(2017)
    page.keyboard.press("ArrowRight")
    shows(2018)
    box.fill("2020")
    box.press("Tab")  # the number box commits on blur (Dash 4.4: Enter alone moves the thumb only; see report)
    shows(2020)

    assert browser_log.dash_updates(mark) == [], "a year change must not call the server"
    fetched = [r.url for r in browser_log.since(mark) if "/_favicon.ico" not in r.url]
    assert fetched == [], "a year change must not fetch anything"


def test_indicator_change_takes_one_server_round_trip(page, live_server, browser_log, fills_are):
    open_map(page, fills_are, live_server)
    mark = browser_log.mark()
    label = catalog().name("forest_loss", "es")
    choose_indicator(page, label)
    expect(page.locator(f"#{map_ids.INDICATOR}")).to_contain_text(label)
    texts = map_page_module().year_table("forest_loss", "es")
    expect(page.locator(f"#{map_ids.SUMMARY}")).to_have_text(texts["2024"]["summary"])
    wait_for_fills(page, fills_are, expected_fills("forest_loss", 2024))
    slider = page.get_by_role("slider")
    expect(slider).to_have_attribute("aria-valuemin", "2001")
    expect(slider).to_have_attribute("aria-valuemax", "2024")
    page.wait_for_url(re.compile(r"[?&]indicator=forest_loss(&|$)"))
    assert query(page) == {"indicator": ["forest_loss"], "year": ["2024"], "lang": ["es"]}
    assert len(browser_log.dash_updates(mark)) == 1

    mark = browser_log.mark()  # the slider works on the new indicator, still without the server
    slider.focus()
    page.keyboard.press("Home")
    expect(page.locator(f"#{map_ids.SUMMARY}")).to_have_text(texts["2001"]["summary"])
    wait_for_fills(page, fills_are, expected_fills("forest_loss", 2001))
    assert browser_log.dash_updates(mark) == []


def test_clicking_a_department_with_data_opens_its_profile(page, live_server, fills_are):
    open_map(page, fills_are, live_server)
    assert catalog().map_cells("coca_area")[2024]["PE-LOR"].state == "value"
    point = page.evaluate(POINT_IN, ["geo", "PE-LOR"])
    assert point, "no clickable point found inside Loreto"
    page.mouse.click(*point)
    page.wait_for_url(re.compile(r"/region/PE-LOR\?lang=es$"))
    expect(page.locator(f"h1#{region_ids.NAME}")).to_contain_text(catalog().place_name("PE-LOR", "es"))


def test_language_switch_turns_the_map_english_and_back(page, live_server, fills_are):
    open_map(page, fills_are, live_server)
    assert assert_page_basics(page, "es") == "Mapa por departamento"
    page.locator(f"a#{shell.LANG_SWITCH}").click()
    page.wait_for_url(re.compile(r"[?&]lang=en(&|$)"))
    assert assert_page_basics(page, "en") == "Map by department"
    summary = map_page_module().year_table("coca_area", "en")["2024"]["summary"]
    expect(page.locator(f"#{map_ids.SUMMARY}")).to_have_text(summary)
    expect(page.locator(f"#{map_ids.INDICATOR}")).to_contain_text(catalog().name("coca_area", "en"))
    expect(page.locator(f"#{map_ids.YEAR_LABEL}")).to_have_text("Year")
    expect(page.locator(f"#{map_ids.PLAY}")).to_have_text(re.compile(r"\S"))
    wait_for_fills(page, fills_are, expected_fills("coca_area", 2024, "en"))
    assert query(page) == {"indicator": ["coca_area"], "year": ["2024"], "lang": ["en"]}

    page.locator(f"a#{shell.LANG_SWITCH}").click()
    page.wait_for_url(re.compile(r"[?&]lang=es(&|$)"))
    assert assert_page_basics(page, "es") == "Mapa por departamento"
    expect(page.locator(f"#{map_ids.YEAR_LABEL}")).to_have_text("Año")
    wait_for_fills(page, fills_are, expected_fills("coca_area", 2024, "es"))


def test_links_and_citation_follow_the_state_chosen_in_the_browser(page, live_server, fills_are):
    open_map(page, fills_are, live_server)
    page.get_by_role("slider").focus()
    page.keyboard.press("Home")
    page.wait_for_url(re.compile(r"[?&]year=2017(&|$)"))
    choose_indicator(page, catalog().name("forest_loss", "es"))
    wait_for_fills(page, fills_are, expected_fills("forest_loss", 2017))
    # read now, without auto-waiting: the expected failure should not cost a 15 s timeout
    problems = []
    switch = parse_qs(urlsplit(page.locator(f"a#{shell.LANG_SWITCH}").get_attribute("href")).query)
    if (switch.get("indicator"), switch.get("year")) != (["forest_loss"], ["2017"]):
        problems.append(f"a#{shell.LANG_SWITCH} goes to {switch}")
    link = page.locator(f"#{map_ids.INDICATOR_LINK}")
    if link.get_attribute("href").split("?")[0] != "/indicador/forest_loss":
        problems.append(f"#{map_ids.INDICATOR_LINK} goes to {link.get_attribute('href')}")
    citation = page.locator(".citation").first
    if citation.count() and catalog().name("forest_loss", "es") not in citation.text_content():
        problems.append(f"the citation cites: {citation.text_content()[:80]}")
    assert problems == [], "\n".join(problems)


def test_a_map_url_round_trips(page, live_server, fills_are):
    path = "/mapa?indicator=forest_loss&year=2020&lang=en"
    open_map(page, fills_are, live_server, path, "forest_loss", 2020, "en")
    expect(page.locator("div.page[lang='en']")).to_have_count(1)
    expect(page.locator(f"#{map_ids.INDICATOR}")).to_contain_text(catalog().name("forest_loss", "en"))
    expect(page.get_by_role("slider")).to_have_attribute("aria-valuenow", "2020")
    expect(page.locator(f"#{map_ids.YEAR} input[type=number]")).to_have_value("2020")
    summary = map_page_module().year_table("forest_loss", "en")["2020"]["summary"]
    expect(page.locator(f"#{map_ids.SUMMARY}")).to_have_text(summary)
    expect(page.locator("p.notice")).to_have_count(0)
    assert query(page) == {"indicator": ["forest_loss"], "year": ["2020"], "lang": ["en"]}


@pytest.mark.parametrize("path, bad, shown", [
    ("/mapa?indicator=nope&year=abc", ["nope", "abc"], ("coca_area", 2024)),
    # markup in the URL is shown as text; the nearest year with data; an unknown language falls back to Spanish
    ("/mapa?indicator=%3Cb%3Ebold%3C/b%3E&year=1990&lang=xx", ["<b>bold</b>", "1990"], ("coca_area", 2017)),
])
def test_a_malformed_map_url_shows_a_notice_and_the_nearest_valid_view(page, live_server, path, bad, shown, fills_are):
    indicator, year = shown
    open_map(page, fills_are, live_server, path, indicator, year)
    notices = page.locator("p.notice")
    expect(notices).to_have_count(len(bad))
    for value in bad:
        expect(notices.filter(has_text=value)).to_have_count(1)
    expect(page.locator(f"#{shell.MAIN} b")).to_have_count(0)
    expect(page.get_by_role("slider")).to_have_attribute("aria-valuenow", str(year))
    expect(page.locator(f"#{map_ids.INDICATOR}")).to_contain_text(catalog().name(indicator, "es"))
    expect(page.locator("div.page[lang='es']")).to_have_count(1)
    assert_no_error_shown(page)


# ---------------------------------------------------------------- other malformed URLs, unknown pages

@pytest.mark.parametrize("path, notices", [
    ("/indicador/nope?regions=XX,PE&tab=zz", 3),
    ("/region/PE-XXX", 1),
])
def test_a_malformed_url_elsewhere_shows_a_notice(page, live_server, path, notices):
    open_view(page, live_server, path)
    expect(page.locator("p.notice")).to_have_count(notices)
    assert_no_error_shown(page)


@pytest.mark.parametrize("lang, text", [("es", "Página no encontrada."), ("en", "Page not found.")])
def test_an_unknown_path_gives_the_404_page(page, live_server, lang, text):
    open_view(page, live_server, f"/no/such/page?lang={lang}")
    expect(page.locator("h1")).to_have_text(text)
    assert_no_error_shown(page)


# ---------------------------------------------------------------- layout: text stays inside its card

OVERFLOWS = """(selector) => {
    const out = [];
    for (const card of document.querySelectorAll(selector)) {
        const box = card.getBoundingClientRect();
        for (const el of card.querySelectorAll('h2, h3, p, small, ul, li, a, span, div.dash-graph')) {
            if (el.closest('svg, .modebar-container')) continue;
            const r = el.getBoundingClientRect();
            if (!r.width && !r.height) continue;
            const spills = r.bottom > box.bottom + 1 || r.right > box.right + 1;
            const text_spills = el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1
                && getComputedStyle(el).overflowX === 'visible';
            if (spills || text_spills) out.push((card.id || card.className) + ' > ' + el.tagName.toLowerCase()
                + (el.className ? '.' + String(el.className).split(' ')[0] : '') + ': ' + el.textContent.slice(0, 50));
        }
    }
    return out;
}"""


REPEATED_TICKS = """() => Array.from(document.querySelectorAll('.js-plotly-plot')).flatMap(plot => {
    const ticks = Array.from(plot.querySelectorAll('g.xtick text')).map(t => t.textContent);
    const repeated = ticks.filter((t, i) => ticks.indexOf(t) !== i);
    return repeated.length ? [ticks.join(' ')] : [];
})"""


def test_overview_text_stays_inside_its_panel(page, live_server):
    open_view(page, live_server, "/")
    expect(page.locator("article.panel").first).to_be_visible()
    spills = page.evaluate(OVERFLOWS, "article.panel")
    assert spills == [], "\n".join(spills)


def test_region_profile_layout(page, live_server):
    open_view(page, live_server, "/region/PE-UCA")
    expect(page.locator("section.region-indicator .main-svg").first).to_be_visible()  # charts drawn
    problems = page.evaluate(OVERFLOWS, "section.region-indicator")
    problems += [f"repeated year ticks: {t}" for t in page.evaluate(REPEATED_TICKS)]
    assert problems == [], "\n".join(problems)
