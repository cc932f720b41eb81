"""The questions the region page and its brief share, answered once by the Catalog; the brief's HTML escapes
whatever text the package holds."""
import re
from pathlib import Path

import pytest
from markupsafe import Markup

from dashboard.catalog import Catalog, Rank
from dashboard.data import Package, load_package
from dashboard.exports import brief


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog(load_package())


def test_a_region_is_its_unit_and_the_places_whose_figures_stand_for_it(catalog):
    for unit in catalog.map_units:
        places = catalog.region_places(unit)
        assert places[0] == unit and len(set(places)) == len(places)
        assert all(unit in catalog.units_of(p) for p in places[1:])
    assert "PE-15" in catalog.region_places("PE-LIM")  # INEI's Lima (region and metropolis) counts for both units


def test_figures_are_the_places_observations_in_package_order_optionally_of_one_theme(catalog):
    places = catalog.region_places("PE-LIM")
    rows = catalog.figures(places)
    obs = catalog.obs
    assert rows.index.equals(obs.index[obs.geography_id.isin(places)])
    timber = catalog.figures(["PE"], "timber")
    assert len(timber) and set(catalog.indicators.loc[list(set(timber.indicator)), "theme"]) == {"timber"}
    assert timber.index.equals(catalog.figures(["PE"]).index[catalog.figures(["PE"]).indicator.isin(
        catalog.indicators.index[catalog.indicators.theme == "timber"])])


def test_region_figures_are_grouped_by_theme_in_the_themes_tables_order(catalog):
    position = {t: n for n, t in enumerate(catalog.themes.index)}
    for unit in catalog.map_units:
        grouped = catalog.region_figures(unit)
        assert [position[t] for t in grouped] == sorted(position[t] for t in grouped)
        every = catalog.figures(catalog.region_places(unit))
        assert sum(len(f) for by in grouped.values() for f in by.values()) == len(every)
        for theme, by_indicator in grouped.items():
            assert list(by_indicator) == sorted(by_indicator)
            for indicator, rows in by_indicator.items():
                assert catalog.indicators.at[indicator, "theme"] == theme and len(rows)
                assert set(rows.indicator) == {indicator} and rows.index.isin(every.index).all()
    ucayali = catalog.region_figures("PE-UCA")
    assert "coca_area" in ucayali["coca_deforestation"] and "forest_loss" in ucayali["coca_deforestation"]


def test_latest_is_the_last_period_and_none_without_figures(catalog):
    rows = catalog.rows("coca_area", "PE-UCA")
    latest = catalog.latest(rows)
    assert latest is not None and latest["period_end"] == max(rows.period_end)
    assert catalog.latest(rows.iloc[0:0]) is None


def test_rank_counts_the_units_with_a_figure_of_their_own_highest_first(catalog):
    for indicator in ("forest_loss", "coca_area"):
        cells = catalog.map_cells(indicator)
        year = max(cells)
        values = {u: float(c.row["value"]) for u, c in cells[year].items() if c.row is not None and not c.via}
        for unit in catalog.map_units:
            rank = catalog.rank(indicator, unit)
            if unit not in values:
                assert rank is None
                continue
            higher = sum(v > values[unit] for v in values.values())
            assert rank == Rank(higher + 1, len(values), year) == catalog.rank(indicator, unit, year)
    assert catalog.rank("forest_loss", "PE-UCA", 2020) == Rank(1, 15, 2020)  # 47,267 ha, the most that year
    assert catalog.rank("forest_loss", "PE-UCA", 1900) is None


def test_sources_of_a_set_of_figures_are_their_source_records_by_id(catalog):
    rows = catalog.figures(catalog.region_places("PE-UCA"))
    sources = catalog.sources_of(rows)
    assert [s["source_id"] for s in sources] == sorted(set(rows.source_id))
    assert all(s == catalog.sources.loc[s["source_id"]].to_dict() for s in sources)
    assert catalog.sources_of(rows.iloc[0:0]) == []


HOSTILE = "<script>alert('x')</script> & Co"


def hostile_catalog() -> Catalog:
    """The real package with markup and ampersands in a place name, an indicator name and every source."""
    package = load_package()
    tables = {name: frame.copy() for name, frame in package.tables.items()}
    tables["places"].loc[tables["places"].place_id == "PE-UCA", "name_es"] = f"Ucayali {HOSTILE}"
    tables["indicators"].loc[tables["indicators"].indicator == "coca_area", "name_es"] = f"Coca {HOSTILE}"
    for column in ("publisher", "title", "url"):
        tables["sources"][column] = tables["sources"][column] + f" {HOSTILE}"
    return Catalog(Package(package.version + "+hostile", package.release_date, tables, package.folder))


def catalog_sources(unit: str) -> list[dict]:
    catalog = Catalog(load_package())
    return catalog.sources_of(catalog.figures(catalog.region_places(unit)))


def test_the_brief_escapes_the_packages_text_and_keeps_its_charts(monkeypatch):
    monkeypatch.setattr(brief, "_svg", lambda figure, width, height, key: Markup(f"<svg class='chart-{width}'/>"))
    page = brief.build_brief(hostile_catalog(), "es", region="PE-UCA").html
    assert "<script>" not in page and "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Co" in page
    assert "<title>Perfil regional: Ucayali &lt;script&gt;" in page and "<h1>Perfil regional: Ucayali &lt;" in page
    assert "<td>Coca &lt;script&gt;" in page and "<b>Coca &lt;script&gt;" in page  # the table and the caveats
    listed = re.search(r"<ol class='sources'>(.*?)</ol>", page, flags=re.DOTALL)
    assert listed and listed.group(1).count("<li>") == len(catalog_sources("PE-UCA"))
    assert re.findall(r"&(?!(?:#\d+|#x[0-9a-f]+|[a-z]+);)", page, flags=re.IGNORECASE) == []  # every & an entity
    assert "<svg class='chart-900'/>" in page  # the charts' SVG is markup, not text


def test_the_briefs_html_is_in_its_templates():
    source = Path(brief.__file__).read_text(encoding="utf-8")
    assert "html.escape" not in source and "<h2>" not in source
