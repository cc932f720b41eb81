"""etl/ingest/formats/devida/, DEVIDA coca report tables: the two committed snapshots the build derives the coca_area
series from (report tables retyped in text, with a '# 2023' section that copies the 2022 table; the 2024
report's department table as CSV), and small texts: the latest report wins per cell, '-' is a gap, a section
whose table does not end in its year is not read, bad rows are rejected with their reason."""
from __future__ import annotations

from collections import Counter
from datetime import date

from etl.paths import DATASETS

TABLES = DATASETS / "snapshots" / "devida_coca_tables_pipaber" / "devida_coca_tables_transcribed_pipaber.md"
BY_DEPARTMENT = (DATASETS / "snapshots" / "devida_coca_by_department_pipaber"
                 / "devida_coca_by_department_2020-2024_pipaber.csv")


# What the coca derivation asks of each snapshot (its derived.yaml options): the 2024 report's department CSV
# gives department 2020-2021, and other sources of the series give every national total but 2018's.
TABLES_OPTIONS = {"national_years": [2018],
                  "national_why": "national totals of other years come from other sources of the series",
                  "later": {"department": [2020, 2021]},
                  "later_why": "given by the 2024 report's department table "
                               "(snapshot devida_coca_by_department_pipaber)"}
BY_DEPARTMENT_OPTIONS = {"national_years": [],
                         "national_why": "national totals 2020-2024 come from other sources of the series"}


def cells(observations):
    return {(o["geography_level"], o["geography"], o["period"]): o for o in observations}


def test_the_real_report_tables_latest_report_wins_and_the_2023_copy_is_not_read(read):
    tally, observations, det = read(TABLES, "devida", options=TABLES_OPTIONS)
    assert (det.format, det.variant) == ("devida", "department table")
    assert tally.line() == "rows in 81 = kept 52 + rejected 0 + out of scope 29"
    assert tally.out_of_scope["table of section '# 2023' ends in 2022: not that report's table"] == 21
    assert any("a copy of section '# 2022'; not read as 2023 figures" in n for n in tally.notes)
    got = cells(observations)
    assert len(got) == len(observations) == 39 + 28 + 98 + 1
    assert Counter(k[0] for k in got) == {"department": 39, "coca_zone": 126, "country": 1}
    assert {k[2] for k in got if k[0] == "department"} == {"2017", "2018", "2019"}   # 2020-2021: the CSV's
    assert [k for k in got if k[0] == "country"] == [("country", "PE", "2018")]
    # 2020-2022 zone cells from the 2024 report, 2018-2019 from the 2022 report; none from '# 2023'
    vraem = got[("coca_zone", "zone-vraem", "2020")]
    assert vraem["value"] == "27994" and vraem["locator"].startswith("section '# 2024', zone table")
    assert got[("coca_zone", "zone-vraem", "2018")]["locator"].startswith("section '# 2022', zone table")
    assert "same value in the 2022 report's table" in vraem["note"]
    assert not any(o["locator"].startswith("section '# 2023'") for o in observations)
    assert got[("coca_zone", "zone-pichis-palcazu-pachitea", "2019")]["value"] == "1314"
    star = got[("coca_zone", "zone-bajo-amazonas", "2018")]
    assert star["geography_as_published"] == "Bajo Amazonas*" and "footnote" in star["note"]
    assert ("coca_zone", "zone-amazonas", "2020") not in got                    # '-': no figure
    assert got[("department", "PE-UCA", "2017")]["value"] == "1358"
    assert got[("country", "PE", "2018")]["value"] == "54134"


def test_the_real_department_csv_gives_every_department_but_no_total(read):
    tally, observations, det = read(BY_DEPARTMENT, options=BY_DEPARTMENT_OPTIONS)
    assert det.format == "devida"
    assert tally.line() == "rows in 14 = kept 13 + rejected 0 + out of scope 1"
    assert len(observations) == 65 and {o["geography_level"] for o in observations} == {"department"}
    got = cells(observations)
    assert got[("department", "PE-AYA", "2024")]["value"] == "18749"
    assert got[("department", "PE-AYA", "2024")]["locator"] == (
        "department table (DEVIDA Monitoreo 2024), row Ayacucho, col 2024")


SMALL = """# 2021

Some prose, with commas, that is not a table.

Departamento,2020,2021,Variación (ha) 2020-2021
Ucayali,"3,822","10,151","6,329"
Madre De Dios,-,315,-
Atlantis,1,2,1
Puno,"8,730",ten,x
Total*,"12,552","20,466",-

# 2022

Zona con presencia de cultivos de coca,2021,2022,Variación % 2021 - 2022
VRAEM*,"32,000","35,709",11%
TOTAL,"32,000","35,709",-

# 2023

Zona con presencia de cultivos de coca,2021,2022,Variación % 2021 - 2022
VRAEM*,"32,000","35,709",11%

# 2024:

Zona con presencia de cultivos de coca,2021,2022,2023,2024,Variación % 2024-2023
VRAEM,"32,106","35,709","38,253","36,345",-5.0%
TOTAL,"32,106","35,709","38,253","36,345",-5.0%
"""


def test_small_text_latest_report_gaps_copies_and_bad_rows(tmp_path, read, write, reasons):
    path = write(tmp_path / "coca.md", SMALL)
    tally, observations, det = read(path, downloaded=date(2025, 6, 1))
    assert det.format == "devida"
    assert tally.line() == "rows in 10 = kept 5 + rejected 2 + out of scope 3"
    why = reasons(tally)
    assert "a known department name" in why[8] and "non-numeric" in why[9]
    got = cells(observations)
    # the 2024 report revises 2021 (32,106 over the 2022 report's 32,000) and says so
    assert got[("coca_zone", "zone-vraem", "2021")]["value"] == "32106"
    assert "earlier table(s) gave 2022 report 32000" in got[("coca_zone", "zone-vraem", "2021")]["note"]
    assert got[("country", "PE", "2024")]["value"] == "36345"                   # a file not known: totals published
    assert got[("country", "PE", "2020")]["value"] == "12552"
    assert got[("department", "PE-MDD", "2021")]["value"] == "315"
    assert ("department", "PE-MDD", "2020") not in got                          # '-' is a gap, never zero
    assert "1 cell(s) '-' (no figure) left as gaps" in tally.notes
    assert tally.out_of_scope["every figure given by a later report"] == 1   # 2022 VRAEM: the 2024 report's
    assert tally.out_of_scope["table of section '# 2023' ends in 2022: not that report's table"] == 1
    assert {o["period"] for o in observations if o["geography_level"] == "coca_zone"} == {"2021", "2022", "2023",
                                                                                           "2024"}
