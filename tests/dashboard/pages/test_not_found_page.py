"""A path that opens no page says so, in the reader's language, and leads home."""
from __future__ import annotations

from dashboard import i18n
from tests.dashboard.trees import headings, layout, links


def test_it_says_not_found_and_links_home_in_the_readers_language():
    for lang in i18n.LANGS:
        tree = layout("not_found_404", lang)
        assert [h for kind, h in headings(tree) if kind == "H1"] == [i18n.t(lang, "not_found")]
        assert f"/?lang={lang}" in links(tree)
