"""Every view in the reader's language: the layout of every page (and of every region, and of the indicators the
issue names) in Spanish has none of English's common words, and in English none of Spanish's, but in elements
marked with another language (a source's own title), in names and in quotations (tests/dashboard/language.py).
Run with -s to see the count per view; `python -m tests.dashboard.language` prints them all."""
from __future__ import annotations

import re

import pytest

from dashboard import i18n
from dashboard.state import catalog
from tests.dashboard import language
from tests.dashboard.trees import app, layout

# Words that come with the package's texts, not with the interface, and that the dashboard shows as they are; each
# a known limit of the data, at most this many (a view that shows more fails, one that shows none passes):
KNOWN = {
    # locators of figures read from a file name its row as the file writes it ("/Shark fins, frozen/Exports")
    ("indicator", "shark_fin_trade_volume", "es"): 140, ("overview", "", "es"): 2,
    # a source whose `language` is es has an English title (its own), so it is not marked as another language
    ("sources", "", "es"): 10, ("sources", "", "en"): 1,
    # names inside notes and locators ("El Búho", "Nuevo Clan del Norte", a section "Avances por regiones")
    ("overview", "", "en"): 5, ("indicator", "coca_area", "en"): 4, ("indicator", "timber_legality_share", "es"): 2,
    ("indicator", "timber_legality_share", "en"): 1, ("indicator", "wildlife_seized", "es"): 4,
    ("region", "PE-HUC", "en"): 1, ("region", "PE-LOR", "en"): 1, ("region", "PE-PAS", "en"): 1,
    ("region", "PE-SAM", "en"): 1, ("region", "PE-UCA", "en"): 2,
}


def _views():
    app()
    return language.views(catalog())


@pytest.mark.parametrize("lang", ["es", "en"])
@pytest.mark.parametrize(("page", "query"), _views(), ids=lambda v: v if isinstance(v, str) else "-".join(v.values()))
def test_a_view_has_no_common_word_of_the_other_language(page, query, lang):
    found = language.count(layout(page, lang, **query), lang, catalog())
    print(f"{page} {' '.join(query.values())} [{lang}]: {sum(found.values())} {dict(found.most_common(8))}")
    allowed = KNOWN.get((page, "".join(query.values()), lang), 0)
    assert sum(found.values()) <= allowed, f"{sum(found.values())} words of the other language: {dict(found)}"


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_the_interfaces_strings_have_no_common_word_of_the_other_language(lang):
    def strings(value):
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for v in value.values():
                yield from strings(v)
        elif isinstance(value, list):
            for v in value:
                yield from strings(v)

    text = " ".join(strings(i18n._strings(lang)))
    text = re.sub(r"\{\w+\}|CC BY(-SA)? 4\.0", " ", text)  # placeholders and a licence's name are not words
    found = sorted({w for w in re.findall(r"[^\W\d_]+", text.lower()) if w in set(language.OTHER[lang])})
    assert found == [], found
