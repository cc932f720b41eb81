"""A region's profile: a block per indicator with figures for it (latest value, rank, trend), its sources."""
from __future__ import annotations

from dash import dcc, html

from dashboard import i18n
from dashboard.pages import region_ids as ids
from dashboard.state import catalog
from tests.dashboard.trees import by_id, layout, links, notices, text, walk


def blocks(tree) -> list:
    return [c for c in walk(tree)
            if isinstance(c, html.Section) and getattr(c, "className", None) == "region-indicator"]


def test_a_block_per_indicator_with_figures_for_the_region_in_the_themes_order():
    c = catalog()
    for unit in c.map_units[:3]:
        tree = layout("region", "en", region_id=unit)
        expected = [i for by_indicator in c.region_figures(unit).values() for i in by_indicator]
        shown = [next(a.href for a in walk(b) if getattr(a, "href", None)) for b in blocks(tree)]
        assert shown == [f"/indicador/{i}?lang=en" for i in expected], unit
        assert text(by_id(tree, ids.NAME)) == i18n.t("en", "region_title", name=c.place_name(unit, "en"))


def test_a_block_says_the_rank_where_the_unit_has_one():
    c = catalog()
    unit = next(u for u in c.map_units if any(c.rank(i, u) for by in c.region_figures(u).values() for i in by))
    tree = layout("region", "es", region_id=unit)
    ranks = [text(p) for p in walk(tree) if getattr(p, "className", None) == "rank"]
    expected = [c.rank(i, unit) for by in c.region_figures(unit).values() for i in by if c.rank(i, unit)]
    assert ranks == [i18n.t("es", "region_rank", rank=r.rank, n=r.of, period=r.year) for r in expected]


def test_the_sources_are_those_of_the_regions_figures():
    c = catalog()
    tree = layout("region", "es", region_id="PE-LIM")
    listed = [item.id for item in walk(tree) if str(getattr(item, "id", "")).startswith("source-")]
    assert listed == [f"source-{s['source_id']}" for s in c.sources_of(c.figures(c.region_places("PE-LIM")))]


def test_the_profile_links_the_map_and_its_brief():
    hrefs = links(layout("region", "en", region_id="PE-UCA"))
    assert "/mapa?lang=en" in hrefs and "/download/brief.pdf?lang=en&region=PE-UCA" in hrefs


def test_an_unknown_region_gives_a_known_one_saying_so():
    tree = layout("region", "es", region_id="PE-XXX")
    assert len(notices(tree)) == 1 and "PE-XXX" in notices(tree)[0]
    assert text(by_id(tree, ids.NAME)) in {i18n.t("es", "region_title", name=catalog().place_name(u, "es"))
                                           for u in catalog().map_units}


def test_a_profiles_headline_is_the_latest_figure_its_chart_draws_with_a_legend():
    """The Lima profile's headline was a part of 2025 beside a chart whose only point was 2024."""


    c = catalog()
    for unit in c.map_units:
        tree = layout("region", "es", region_id=unit)
        for block in [s for s in walk(tree) if isinstance(s, html.Section)]:
            graphs = [g for g in walk(block) if isinstance(g, dcc.Graph)]
            if not graphs:
                continue
            figure = graphs[0].figure
            headline = text(next(s for s in walk(block) if getattr(s, "className", None) == "big"))
            hovers = [h for t in figure["data"] for h in t.get("customdata", []) if h]
            assert any(h.startswith(f"<b>{headline}</b>") for h in hovers), (unit, headline)
            assert figure["layout"].get("showlegend", True) and any(t.get("showlegend") for t in figure["data"])
            assert len(figure["layout"]["meta"]["groups"]) == 1  # the headline's comparison group only
