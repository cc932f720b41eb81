"""etl.curation: the source fields a reader sees carry no curator's notes; real titles pass, question marks too."""
from __future__ import annotations

from pathlib import Path

import pytest

from etl.curation import curation_marker, text_curation_marker
from etl.problems import Problem
from etl.sources_layer import read_sources_layer
from tests.etl.conftest import GOOD_OBSERVATION, TEST_SOURCE


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


@pytest.mark.parametrize("text", [
    "place in the document not recorded",
    "lugar en el documento no registrado; también en Diálogo Chino",
    "Year inferred from the text: the 2024 article calls 2023 'last year'.",
    "Año no indicado; año deducido del texto: 2021.",
    "EFE/Radio Nacional 2022 gave 15,380 for 2021 (they disagree; possibly a revision)",
    "loose fins landed illegally by Japanese-flagged vessels; not identified to species",
    "Is the figure comparable? Only with 2023.",
    "row Peru/Shark fins, dried/Exports, column '[2018]'",
])
def test_the_readers_wording_passes_in_a_figures_text(text):
    assert text_curation_marker(text) == ""


@pytest.mark.parametrize("text, marker", [
    ("(cited in the dossier's notes)", "a reference to the research"),
    ("(citado en las notas del dossier)", "a reference to the research"),
    ("From the research notes: the outlet does not name the index edition.", "a reference to the research"),
    ("De las notas de investigación; parte de los 825.", "a reference to the research"),
    ("Year inferred by the researcher ('el año pasado' in a 2020 article).", "a curator's inference"),
    ("Year not stated; the dossier infers 2021.", "a curator's inference"),
    ("Año inferido: el artículo de 2024 llama a 2023 'el año pasado'.", "a curator's inference"),
    ("Edition inferred (the page marks new-in-2023 markets)", "a curator's inference"),
    ("interview (paragraph not recorded)", "a note on what is missing"),
    ("entrevista (párrafo no registrado)", "a note on what is missing"),
    ("Blog date not shown.", "a note on what is missing"),
    ("La fecha del blog no se muestra.", "a note on what is missing"),
    ("for 2021 (disagree; revision?)", "a question mark closing a parenthesis"),
    ("para 2021 (discrepan; ¿revisión?)", "a question mark closing a parenthesis"),
    ("Yielded 9,088 specimens (wildlife_figures.csv#L52).", "a research file reference"),
    ("see row #L75", "a line reference"),
    ("[check] table 3", "a bracketed note"),
])
def test_curation_notes_in_a_figures_text_are_named(text, marker):
    assert text_curation_marker(text) == marker


def test_a_note_in_a_figures_note_or_locator_fails_the_build_and_the_readers_wording_passes(datasets, layer_files):
    layer_files.table("sources", [TEST_SOURCE])
    layer_files.observations([
        {**GOOD_OBSERVATION, "locator_es": "lugar en el documento no registrado",
         "locator_en": "place in the document not recorded", "note_es": "Año deducido del texto: 2020.",
         "note_en": "Year inferred from the text: 2020."},
        {**GOOD_OBSERVATION, "period": "2021", "value_as_published": "10", "period_as_published": "2021",
         "note_es": "De las notas de investigación.", "note_en": "From the research notes."},
        {**GOOD_OBSERVATION, "period": "2022", "period_as_published": "2022",
         "locator_es": "(citado en las notas del dossier)", "locator_en": "place in the document not recorded"},
    ])
    problems = [p for p in problems_of(datasets) if p.file.endswith("observations.csv")]
    assert [(p.line, p.column) for p in problems] == [(3, "note_en"), (3, "note_es"), (4, "locator_es")]
    assert str(problems[0]).endswith(
        "sources/test/observations.csv:3, column 'note_en': got 'From the research notes.'; expected text a reader "
        "can be shown, without a reference to the research (say what the source does not give in the reader's "
        "words: 'date inferred from the text: ...', 'place in the document not recorded')")
