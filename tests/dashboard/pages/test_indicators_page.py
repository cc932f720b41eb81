"""The index of indicators: every indicator once, under its theme, with a brief per theme."""
from __future__ import annotations

from dash import html

from dashboard.state import catalog
from tests.dashboard.trees import headings, layout, links, text, walk


def test_every_indicator_once_under_its_theme_in_the_themes_order():
    c = catalog()
    tree = layout("indicators", "en")
    themes = [t for t in c.themes.index if c.indicators_of(t)]
    assert [h for kind, h in headings(tree) if kind == "H2"] == [c.theme_name(t, "en") for t in themes]
    lists = [u for u in walk(tree) if isinstance(u, html.Ul) and not getattr(u, "className", None)]
    for theme, listed in zip(themes, lists, strict=True):
        items = [text(li) for li in listed.children]
        assert items == [f"{c.name(i, 'en')} ({len(c.rows(i))} · {c.unit_symbol(i, 'en')})"
                         for i in c.indicators_of(theme)]


def test_each_theme_has_its_brief_and_each_indicator_its_page():
    c = catalog()
    hrefs = links(layout("indicators", "es"))
    for theme in (t for t in c.themes.index if c.indicators_of(t)):
        assert f"/download/brief.pdf?lang=es&theme={theme}" in hrefs
    assert [h for h in hrefs if h.startswith("/indicador/")] == [
        f"/indicador/{i}?lang=es" for t in c.themes.index for i in c.indicators_of(t)]
