"""etl.provenance: a source's origin and channel; the channel is every citing figure's verification."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from etl.problems import Problem
from etl.provenance import file_source
from etl.sources_layer import read_sources_layer
from tests.etl.conftest import TEST_SOURCE

RELAY = {**TEST_SOURCE, "source_id": "src-2", "channel": "relayed_unchecked", "channel_name": "Andina",
         "channel_title": "Cultivos de coca se reducen", "channel_year": "2024", "origin_title": "", "origin_year": ""}


def problems_of(datasets: Path) -> list[tuple[str, int, str, str]]:
    problems: list[Problem] = sorted(read_sources_layer(datasets).problems.items)
    return [(Path(p.file).name, p.line, p.column, p.expected) for p in problems]


def test_a_figure_that_contradicts_its_sources_channel_is_refused_naming_the_source(datasets, layer_files,
                                                                                   good_observation):
    layer_files.table("sources", [TEST_SOURCE, RELAY])
    layer_files.observations([good_observation, {**good_observation, "source_id": "src-2", "series": "other"},
                              {**good_observation, "verification": "publisher_file", "series": "other",
                               "geography": "Ucayali"}])
    assert problems_of(datasets) == [
        ("observations.csv", 3, "verification", "relayed_unchecked, the channel of source src-2 (test/sources.csv:3)"),
        ("observations.csv", 4, "verification", "primary_checked, the channel of source src-1 (test/sources.csv:2)")]


def test_a_figure_read_in_a_copy_of_the_producers_document_may_say_so_but_never_the_reverse(
        datasets, layer_files, good_observation):
    layer_files.table("sources", [TEST_SOURCE, RELAY])
    layer_files.observations([{**good_observation, "verification": "relayed_unchecked"},
                              {**good_observation, "source_id": "src-2", "series": "other",
                               "verification": "primary_checked"}])
    assert [(line, column) for _, line, column, _ in problems_of(datasets)] == [(3, "verification")]


def test_who_the_channel_names_depends_on_the_channel(datasets, layer_files):
    layer_files.table("sources", [
        {**TEST_SOURCE, "channel_name": "docslib.org"},
        {**RELAY, "channel": "third_party_file", "channel_name": ""},
        {**TEST_SOURCE, "source_id": "src-3", "channel_year": "2020"},
        {**RELAY, "source_id": "src-4", "origin_publisher": "", "flags": "origin_not_recorded"},
    ])
    assert [(line, column) for _, line, column, _ in problems_of(datasets)] == [
        (2, "channel_name"), (3, "channel_name"), (4, "channel_year")]


def test_what_the_research_did_not_record_is_flagged_and_only_that(datasets, layer_files):
    layer_files.table("sources", [
        TEST_SOURCE,
        {**RELAY, "source_id": "src-5", "channel_title": "", "channel_year": "", "url": ""},
        {**RELAY, "source_id": "src-6", "channel_title": "", "channel_year": "", "url": "",
         "flags": "title_not_recorded;year_not_recorded;address_not_recorded"},
        {**TEST_SOURCE, "source_id": "src-7", "flags": "title_not_recorded;year_inferred;made_up"},
        {**TEST_SOURCE, "source_id": "src-8", "channel": "relayed_unchecked", "channel_name": "docslib.org"},
        {**TEST_SOURCE, "source_id": "src-9", "origin_year": "", "flags": "year_approximate"},
    ])
    assert sorted((line, expected) for _, line, _, expected in problems_of(datasets)) == [
        (3, "address_not_recorded, for the blank url"), (3, "title_not_recorded, for the blank title"),
        (3, "year_not_recorded, for the blank year"),
        (5, "codes of vocabulary source_flag, ;-separated"),
        (5, "no title_not_recorded: the title is recorded ('Report')"),
        (7, "year_approximate only with a year"), (7, "year_not_recorded, for the blank year")]


def test_a_downloaded_file_is_the_producers_file_or_a_third_partys_copy():
    producer = {"publisher": "MINAM", "title": "Geobosques", "url": "https://geobosques.minam.gob.pe/",
                "reliability": "official_statistic", "language": "es",
                "licence": "public information of the Peruvian State (Ley 27806); quoted as a fact"}
    own = file_source("ingest-1", producer, "file loss.csv (sha256 ab)", date(2026, 1, 2), None, None, None)
    assert (own["origin_publisher"], own["channel"], own["channel_name"], own["licence"], own["url"]) == (
        "MINAM", "publisher_file", "", "pe_public_information", "https://geobosques.minam.gob.pe/")
    assert (own["channel_title"], own["channel_year"]) == ("file loss.csv (sha256 ab), downloaded 2026-01-02", "2026")
    copy = file_source("ingest-2", producer, "file x.csv", date(2026, 1, 2), "GitHub someone/repo", "MINAM, PNCB",
                       "https://example.org/x.csv")
    assert (copy["origin_publisher"], copy["channel"], copy["channel_name"], copy["licence"], copy["url"]) == (
        "MINAM, PNCB", "third_party_file", "GitHub someone/repo", "third_party_copy", "https://example.org/x.csv")
