"""etl.curation: the source fields a reader sees carry no curator's notes; real titles pass, question marks too."""
from __future__ import annotations

from pathlib import Path

import pytest

from etl.curation import curation_marker
from etl.problems import Problem
from etl.sources_layer import read_sources_layer
from tests.etl.conftest import TEST_SOURCE


def problems_of(datasets: Path) -> list[Problem]:
    return sorted(read_sources_layer(datasets).problems.items)


@pytest.mark.parametrize("text", [
    "Is Peru cocaine production rising again?",
    "Perú 2025: ¿un Hub del Crimen Organizado Transnacional?",
    "Wildlife for sale: An illegal activity out of control in Peru?",
    "MAAP #185: Updates on Gold Mining Deforestation in the Southern Peruvian Amazon (2021-2022)",
    "Peru: 20,600 ha of coca eradicated so far in 2017",
    "Una aproximación a la deforestación por cultivos de coca en el Perú (2011-2021)",
    "Peru Eradicates Over 16,000 Ha of Illegal Coca Crops in 2023",
    "UNODC Survey Shows no Evidence of Major Shift (UNIS/NAR/796)",
    "Data/baci_HS12-19_elasmo.csv",
    "Decadal facade acceded",  # words made only of the letters a-f are not hashes
])
def test_real_titles_pass(text):
    assert curation_marker(text) == ""


@pytest.mark.parametrize("text, marker", [
    ("[title from URL slug] 60% madera movilizada", "a bracketed note"),
    ("AIN (Agencia Informativa del Narcotráfico?)", "a question mark closing a parenthesis"),
    ("named only in wildlife_figures.csv", "a research file reference"),
    ("see row #L75", "a line reference"),
    ("repository copy (mamacneil/GSM_Project@7965fe5)", "a commit hash"),
    ("2018 (inferred from text)", "a curator's inference"),
    ("DEVIDA (transcribed by third party: GitHub pipaber)", "a note on who transcribed it"),
    ("AFP (relaying DEVIDA), via hightimes", "a relay in parentheses (use channel_name)"),
    ("Andina (citing UNODC)", "a relay in parentheses (use channel_name)"),
    ("named only in the research notes", "a reference to the research"),
    ("Report on 2013 eradication (article not recorded in the research dossier)", "a reference to the research"),
    ("Report on 2013 eradication (title not recorded)", "a note on what is missing"),
])
def test_curation_notes_are_named(text, marker):
    assert curation_marker(text) == marker


def test_a_note_in_a_source_field_fails_the_build_at_its_row_and_column(datasets, layer_files):
    layer_files.table("sources", [
        {**TEST_SOURCE, "origin_title": "Is Peru cocaine production rising again?"},
        {**TEST_SOURCE, "source_id": "src-2", "origin_publisher": "AIN (Agencia Informativa del Narcotráfico?)"},
        {**TEST_SOURCE, "source_id": "src-3", "channel": "relayed_unchecked", "channel_name": "Andina",
         "channel_title": "[title from URL slug] Cultivos de coca", "channel_year": "2024"},
    ])
    problems = [p for p in problems_of(datasets) if p.file.endswith("sources.csv")]
    assert [(p.line, p.column) for p in problems] == [(3, "origin_publisher"), (4, "channel_title")]
    assert str(problems[0]).endswith(
        "sources/test/sources.csv:3, column 'origin_publisher': got 'AIN (Agencia Informativa del Narcotráfico?)'; "
        "expected text a reader can be shown, without a question mark closing a parenthesis (what the research "
        "did not record goes in `flags`)")
