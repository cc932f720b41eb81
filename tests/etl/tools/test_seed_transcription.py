"""etl/tools/seed_transcription.py: the first mechanical draft of the sources layer from the research dossier's
*_figures.csv files, with `??` wherever a human must decide. Runs on a dossier written here (no ../shared)."""
from __future__ import annotations

import csv

import pytest

from etl.tools.seed_transcription import (
    OBS_COLUMNS,
    SOURCE_COLUMNS,
    main,
    seed_period,
    seed_value,
    source_id,
    theme_folder,
    verification,
)

FIGURES = ("indicator,geography,geography_level,year,value,unit,source_publisher,source_title,source_year,"
           "source_url,source_locator,notes\n")


@pytest.mark.parametrize("raw, period", [
    ("2019", "2019"), ("2018-2021", "2018/2021"), ("2022 (Jan-Nov)", "2022-01/2022-11"), ("2022 (Mar)", "2022-03"),
    ("2023-10-09", "2023-10-09"), ("c. 2007", "~2007"), ("c.2007", "~2007"), ("not stated", "unstated"),
    ("2022 (Foo-Nov)", "??2022 (Foo-Nov)"), ("sometime", "??sometime"),
])
def test_periods_are_drafted_in_the_grammar_or_marked_for_a_human(raw, period):
    assert seed_period(raw) == period


@pytest.mark.parametrize("raw, value", [
    ("54,134", "54134"), ("-53.4", "-53.4"), (">286", ">286"), (">=92", ">=92"), ("~4000", "~4000"),
    ("up to 30", "<=30"), ("92+", ">=92"), ("70-90", "70..90"), ("about 4000", "??about 4000"), ("3/4", "??3/4"),
])
def test_values_are_drafted_in_the_grammar_or_marked_for_a_human(raw, value):
    assert seed_value(raw) == value


def test_theme_folders_sources_and_verification():
    assert theme_folder("coca_deforestation_figures.csv", "anything") == "coca_deforestation"
    assert theme_folder("sharkfin_timber_figures.csv", "OSINFOR timber seizures") == "timber"
    assert theme_folder("sharkfin_timber_figures.csv", "fin exports") == "sharks"
    assert theme_folder("serfor_osinfor_figures.csv", "wildlife seized") == "wildlife"
    assert theme_folder("serfor_osinfor_figures.csv", "permits") == "timber"
    assert theme_folder("wildlife_figures.csv", "GI-TOC criminality score") == "crime_index"
    assert theme_folder("wildlife_figures.csv", "gold-mining area") == "mining"
    row = {"source_publisher": "UNODC Peru office", "source_title": "T", "source_url": "u", "source_year": "2020"}
    assert source_id(row).startswith("unodc-peru-2020-")
    assert source_id({**row, "source_year": ""}).startswith("unodc-peru-nd-")
    assert source_id(row) != source_id({**row, "source_title": "Another report"})
    assert verification("UNODC") == "primary_checked"
    assert {verification(p) for p in ("UNODC (via Reuters)", "FAO, transcribed by X", "Reuters")} == {
        "relayed_unchecked"}


def test_main_writes_seed_files_per_theme_folder_with_refs_to_the_physical_lines(tmp_path, capsys):
    research, out = tmp_path / "research", tmp_path / "sources"
    research.mkdir()
    (research / "coca_deforestation_figures.csv").write_text(
        FIGURES
        + 'coca_area,Peru,national,2019,"54,134",ha,UNODC,Monitoreo 2019,2020,https://x,p. 3,"two\nlines"\n'
        + "coca_area,Loreto,department,c. 2007,~400,hectares,Andina (quoting UNODC),News,2008,https://y,para 2,\n",
        encoding="utf-8")
    (research / "notes.csv").write_text(FIGURES, encoding="utf-8")   # not a *_figures.csv: not read
    main(research, out)
    assert capsys.readouterr().out == "coca_deforestation: 2 rows, 2 sources\n"
    assert sorted(p.name for p in out.iterdir()) == ["coca_deforestation"]
    with (out / "coca_deforestation" / "observations.seed.csv").open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        assert reader.fieldnames == OBS_COLUMNS
        rows = list(reader)
    assert [(r["ref"], r["period"], r["value"], r["unit"], r["geography_level"], r["verification"]) for r in rows] == [
        ("coca_deforestation_figures.csv#L2", "2019", "54134", "ha", "country", "primary_checked"),
        ("coca_deforestation_figures.csv#L4", "~2007", "~400", "ha", "department", "relayed_unchecked")]
    assert rows[0]["series"] == "??" and rows[0]["value_as_published"] == "54,134"
    assert (rows[0]["note_en"], rows[0]["note_es"]) == ("two\nlines", "")  # the Spanish is written by a human
    with (out / "coca_deforestation" / "sources.seed.csv").open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        assert reader.fieldnames == SOURCE_COLUMNS
        sources = list(reader)
    assert [s["source_id"] for s in sources] == [r["source_id"] for r in rows]
    assert {s["licence"] for s in sources} == {"??"}
