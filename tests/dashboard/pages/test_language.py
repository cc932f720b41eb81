"""Every view in the reader's language: the layout of every page (and of every region, and of the indicators the
issue names) in Spanish has none of English's common words, and in English none of Spanish's, but in elements
marked with another language (a source's own title) and in names (tests/dashboard/language.py). Run with -s to
see the count per view."""
from __future__ import annotations

import pytest

from dashboard.state import catalog
from tests.dashboard import language
from tests.dashboard.trees import app, layout


def _views():
    app()
    return language.views(catalog())


TRANSLATED = ("note_es", "note_en", "locator_es", "locator_en")


@pytest.mark.parametrize("lang", ["es", "en"])
@pytest.mark.parametrize(("page", "query"), _views(), ids=lambda v: v if isinstance(v, str) else "-".join(v.values()))
def test_a_view_has_no_common_word_of_the_other_language(page, query, lang, request):
    found = language.count(layout(page, lang, **query), lang, catalog())
    print(f"{page} {' '.join(query.values())} [{lang}]: {sum(found.values())} {dict(found.most_common(8))}")
    columns = set(catalog().package["observations"].columns)
    if found and not set(TRANSLATED) <= columns:
        request.applymarker(pytest.mark.xfail(reason="the package's notes and locators are in one language until "
                                                     "it has " + ", ".join(TRANSLATED), strict=False))
    assert not found, f"{sum(found.values())} words of the other language: {dict(found.most_common(10))}"
