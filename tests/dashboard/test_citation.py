"""The one citation rule (dashboard.citation): origin first, channel after; only the figures' own sources, by the
origin's grade, then the channel, then recency; three named and "y N fuentes más"; what was not recorded in words."""
from __future__ import annotations

import pytest

from dashboard import citation as cite
from dashboard import i18n


def source(sid: str, grade: str = "other", channel: str = "relayed_unchecked", year: str = "", **more) -> dict:
    return {"source_id": sid, "origin_publisher": sid.upper(), "origin_title": "", "origin_year": year,
            "origin_grade": grade, "channel": channel, "channel_name": "", "channel_title": "", "channel_year": "",
            "url": "", "licence": "", "language": "es", "flags": "", **more}


def ids(sources: list[dict]) -> list[str]:
    return [s["source_id"] for s in sources]


def test_the_origins_grade_comes_first_whatever_the_channel_or_the_year():
    mixed = [source("press", "other", "primary_checked", "2025"), source("paper", "peer_reviewed", year="2024"),
             source("stat", "official_statistic", "relayed_unchecked", "1999")]
    assert ids(cite.ordered(mixed)) == ["stat", "paper", "press"]


def test_within_a_grade_the_producers_own_document_or_file_then_a_third_partys_file_then_a_relay():
    same_grade = [source("relay", "official_statistic", "relayed_unchecked", "2024"),
                  source("copy", "official_statistic", "third_party_file", "2024"),
                  source("file", "official_statistic", "publisher_file", "2024"),
                  source("read", "official_statistic", "primary_checked", "2020")]
    assert ids(cite.ordered(same_grade)) == ["read", "file", "copy", "relay"]


def test_then_the_newest_first_an_undated_source_last_and_the_id_breaks_ties():
    same = [source("b-old", year="2010"), source("undated"), source("new", year="2024"),
            source("via-channel", channel_year="2020"), source("a-old", year="2010")]
    assert ids(cite.ordered(same)) == ["new", "via-channel", "a-old", "b-old", "undated"]


def test_an_unknown_grade_or_channel_goes_after_the_known_ones():
    assert ids(cite.ordered([source("odd", "rumour", "telepathy", "2030"), source("x")])) == ["x", "odd"]


def test_a_set_of_figures_cites_only_its_own_sources_in_that_order(small):
    assert ids(small.sources_of(small.obs)) == ["s-minam", "s-devida", "s-ngo"]  # s-journal: no figure of it
    assert ids(small.sources_of(small.rows("coca"))) == ["s-devida", "s-ngo"]
    assert small.sources_of(small.rows("loss").to_dict("records")) == small.sources_of(small.rows("loss"))
    assert small.sources_of([]) == []


def test_a_source_is_named_origin_first_then_the_channel(small):
    assert cite.short(small, small.source("s-minam"), "es") == "MINAM (2022)"
    assert cite.short(small, small.source("s-devida"), "es") == "DEVIDA (2021), vía Coca Repo"
    assert cite.short(small, small.source("s-ngo"), "en") == "Watch NGO, via Daily News"
    dated = {**small.source("s-ngo"), "channel_year": "2022"}
    assert cite.short(small, dated, "en") == "Watch NGO, via Daily News (2022)"


def test_an_origin_the_research_did_not_record_is_said_in_words(small):
    unknown = {**small.source("s-ngo"), "origin_publisher": "", "flags": "origin_not_recorded"}
    assert cite.short(small, unknown, "es").startswith(small.label("source_flag", "origin_not_recorded", "es"))


def test_a_line_names_three_and_says_how_many_more(small):
    assert cite.line(small, small.obs, "es").text("es") == (
        "MINAM (2022); DEVIDA (2021), vía Coca Repo; Watch NGO, vía Daily News")
    one = cite.line(small, small.obs, "es", limit=1)
    assert one == cite.Line(("MINAM (2022)",), 2)
    assert one.text("es") == "MINAM (2022) " + i18n.t("es", "more_sources", n=2) == "MINAM (2022) y 2 fuentes más"
    assert cite.line(small, small.obs, "en", limit=2).text("en") == (
        "MINAM (2022); DEVIDA (2021), via Coca Repo " + i18n.t("en", "more_sources_one"))


def test_an_entry_says_grade_channel_licence_and_what_was_not_recorded_in_the_readers_language(small):
    ngo = cite.entry(small, small.source("s-ngo"), "es")
    assert (ngo.origin, ngo.channel, ngo.grade, ngo.how) == ("Watch NGO", "Daily News", "Otra fuente",
                                                           "Difundido por la prensa")
    assert ngo.missing == ("título no registrado", "fecha no registrada") and ngo.language == "en"
    assert cite.entry(small, small.source("s-ngo"), "en").missing == ("title not recorded", "date not recorded")
    devida = cite.entry(small, small.source("s-devida"), "en")
    assert devida.text("en") == ("DEVIDA (2021). Monitoreo de coca. Via Coca Repo (2023), coca.csv. "
                                 "https://devida.example/coca — Official statistic · A third party's file")


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_a_figures_source_line_has_where_in_the_source_it_is(small, lang):
    row = small.rows("loss", "PE-UCA").iloc[0].to_dict()
    assert cite.figure_line(small, row, lang) == (
        f"MINAM (2022), «Bosques perdidos» · {i18n.t(lang, 'where_in_source')}: p. 3")


def test_a_citation_is_the_line_of_the_figures_and_the_package(small):
    text = cite.citation_text(small, "Forest loss (ha)", small.rows("loss"), "en")
    assert text == i18n.t("en", "citation", year="2000", title="Forest loss (ha)",
                          sources="MINAM (2022); Watch NGO, via Daily News", version=small.package.version,
                          url="").rstrip()


def test_the_published_package_cites_the_coca_map_of_2024_by_devida_and_its_2024_sources_only(published):
    cells = published.map_cells("coca_area")[2024]
    figures = [c.row for c in cells.values() if c.row is not None]
    line = cite.line(published, figures, "es")
    assert line.named[0].startswith("DEVIDA")
    cited = {s["source_id"] for s in published.sources_of(figures)}
    assert cited == {r["source_id"] for r in figures}
    other_years = {c.row["source_id"] for y, cells in published.map_cells("coca_area").items() if y != 2024
                   for c in cells.values() if c.row is not None}
    assert other_years - cited  # the map of another year cites others: a year cites its own
