"""Sources and method: every source with its grade, its checks, its licence and what it supports."""
from __future__ import annotations

from dash import html

from dashboard import citation as cite
from dashboard import i18n
from dashboard.pages import sources_ids as ids
from dashboard.state import catalog
from tests.dashboard.trees import by_id, layout, text, walk


def test_a_row_per_source_saying_who_what_grade_and_what_it_supports():
    c = catalog()
    tree = layout("sources", "en")
    table = by_id(tree, ids.TABLE)
    header = [text(th) for th in walk(table) if isinstance(th, html.Th)]
    assert header == i18n.raw("en", "sources_columns")
    rows = [r for r in walk(table) if isinstance(r, html.Tr) and getattr(r, "id", None)]
    assert [r.id for r in rows] == [f"src-{s['source_id']}" for s in cite.ordered(c.sources.to_dict("records"))]
    supports = c.obs.groupby("source_id").indicator.unique()
    for row in rows:
        s = c.source(row.id.removeprefix("src-"))
        cells = row.children
        assert text(cells[0]).startswith(cite.origin_name(c, s, "en"))  # origin first
        assert text(cells[1]) == c.label("grade", s["origin_grade"], "en")
        assert all(c.name(i, "en") in text(cells[4]) for i in supports.get(s["source_id"], []))


def test_the_method_is_explained_before_the_sources():
    tree = layout("sources", "es")
    method = by_id(tree, ids.METHOD)
    assert text(method) == i18n.t("es", "method_title")
    points = next(u for u in walk(tree) if isinstance(u, html.Ul))
    assert [text(li) for li in points.children] == i18n.raw("es", "method_points")
