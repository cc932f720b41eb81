"""The overview: a panel per configured headline indicator, with its source, and the context facts."""
from __future__ import annotations

from dash import html

from dashboard import citation as cite
from dashboard import i18n
from dashboard.components import figure_source
from dashboard.panels import configured_panels, panel
from dashboard.state import catalog
from tests.dashboard.trees import layout, text, walk


def test_a_panel_per_configured_indicator_in_order_with_its_latest_figure_and_source():
    c = catalog()
    tree = layout("overview", "en")
    cards = [a for a in walk(tree) if isinstance(a, html.Article)]
    specs = configured_panels(c)
    assert [card.id for card in cards] == [
        f"panel-{s['indicator']}-{(s.get('dims') or {}).get('market', s['geography'])}" for s in specs]
    for spec, card in zip(specs, cards, strict=True):
        p = panel(c, spec["indicator"], spec["geography"], spec.get("dims"))
        words = text(card)
        if p.latest is None:
            assert i18n.t("en", "no_data") in words
        else:
            assert c.value_text(p.latest, "en") in words and text(figure_source(c, p.latest, "en")) in words


def test_the_context_facts_are_listed_with_their_source():
    c = catalog()
    facts = c.facts[c.facts.ref.str.startswith("context/")]
    tree = layout("overview", "es")
    items = next(u for u in walk(tree) if isinstance(u, html.Ul) and getattr(u, "className", None) == "facts").children
    assert [text(i) for i in items] == [f"{r['statement_es']} ({cite.short(c, c.source(r['source_id']), 'es')})"
                                        for r in facts.to_dict("records")]
