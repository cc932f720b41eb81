"""etl/ingest/formats/fao_capture/, FAO capture in long form: the real Peru snapshot (sofia-taf/fishstat25 converted to
CSV) the build derives `shark_capture` from; sharks told from rays and chimaeras; FAO status; rows of other
countries, areas, groups and measures out of scope; every bad row rejected with its reason."""
from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from etl.ingest.detect import detect
from etl.paths import DATASETS
from etl.problems import FileRejected

SNAPSHOT = (DATASETS / "snapshots" / "fao_capture_peru_sharks_fishstat25"
            / "sharks_fao_capture_Peru_ISSCAAP38_1950-2023_fishstat25_CONVERTED.csv")
HEADER = "species,species_name,scientific,isscaap,year,area,country,value,measure,status\n"
GROUP = '"Sharks, rays, chimaeras"'


def test_the_real_snapshot_gives_peru_shark_catch_by_fao_item(read):
    tally, observations, det = read(SNAPSHOT)
    assert (det.format, det.variant) == ("fao_capture", "long")
    assert tally.line() == "rows in 413 = kept 248 + rejected 0 + out of scope 165"
    assert tally.out_of_scope["not a shark: Rajiformes"] == 74
    assert tally.out_of_scope["not a shark: Pseudobatos planiceps"] == 61
    assert tally.out_of_scope["FAO area other than 87 (Pacific, Southeast)"] == 2
    assert Counter(o["taxon"] for o in observations) == {
        "Mustelus spp": 74, "Squatina californica": 74, "Elasmobranchii": 74, "Prionace glauca": 7,
        "Isurus oxyrinchus": 7, "Sphyrna zygaena": 7, "Alopias vulpinus": 5}
    got = {(o["taxon"], o["period"]): o for o in observations}
    blue = got[("Prionace glauca", "2017")]
    assert (blue["indicator"], blue["series"], blue["geography"], blue["value"], blue["unit"]) == (
        "shark_capture", "fao_capture", "PE", "578", "t_live_weight")
    assert blue["value_as_published"] == "578.0" and "species=BSH" in blue["locator"] and "BSH (Blue shark)" in blue[
        "note"]
    assert got[("Prionace glauca", "2019")]["value"] == "3025.547"
    assert got[("Alopias vulpinus", "2019")]["value"] == "0"                 # status A: an official zero
    assert got[("Squatina californica", "1953")]["value"] == "<0.5"          # status N: not significant
    assert "mixes sharks and rays" in got[("Elasmobranchii", "1995")]["note"]
    assert {o[d] for o in observations for d in ("product", "partner", "flow", "hs_code", "scope")} == {""}


def test_sharks_in_scope_and_every_other_row_counted_or_rejected(tmp_path, read, write, reasons):
    rows = [
        f'SPZ,Smooth hammerhead,Sphyrna zygaena,{GROUP},2020,87,604,217.091,Q_tlw,A',       # 2: kept
        f'SUC,Pacific angelshark,Squatina californica,{GROUP},2020,87,604,0.0,Q_tlw,N',     # 3: <0.5
        f'SMA,Shortfin mako,Isurus oxyrinchus,{GROUP},2020,87,604,12.5,Q_tlw,E',             # 4: estimate
        f'SDV,Smooth-hounds NEI,Mustelus spp,{GROUP},2020,87,604,,Q_tlw,A',                  # 5: a gap
        f'SPZ,Smooth hammerhead,Sphyrna zygaena,{GROUP},2020,87,152,5,Q_tlw,A',              # 6: Chile
        f'SPZ,Smooth hammerhead,Sphyrna zygaena,{GROUP},2020,77,604,5,Q_tlw,A',              # 7: area 77
        f'SPZ,Smooth hammerhead,Sphyrna zygaena,{GROUP},2020,87,604,5,Q_no_1,A',             # 8: numbers
        f'SRX,"Rays, stingrays, mantas NEI",Rajiformes,{GROUP},2020,87,604,5,Q_tlw,A',       # 9: rays
        'ANE,Anchoveta,Engraulis ringens,"Herrings, sardines, anchovies",2020,87,604,9,Q_tlw,A',  # 10: group
        f'SPZ,Smooth hammerhead,Sphyrna zygaena,{GROUP},2019,87,604,-3,Q_tlw,A',             # 11: negative
        f'SPZ,Smooth hammerhead,Sphyrna zygaena,{GROUP},2018,87,604,many,Q_tlw,A',           # 12: non-numeric
        f'SPZ,Smooth hammerhead,Sphyrna zygaena,{GROUP},2031,87,604,1,Q_tlw,A',              # 13: future year
        f'SPZ,Smooth hammerhead,Sphyrna zygaena,{GROUP},2020,87,604,217.091,Q_tlw,A',       # 14: duplicate of 2
        f'SPZ,Smooth hammerhead,Sphyrna zygaena,{GROUP},2020,87,604,300,Q_tlw,A',           # 15: conflicts with 2
        f'SUC,Pacific angelshark,Squatina californica,{GROUP},2021,87,604,3,Q_tlw,N',       # 16: N but 3 t
        f'BSH,Blue shark,,{GROUP},2020,87,604,5,Q_tlw,A',                                    # 17: no scientific name
        f'SKX,"Sharks, rays, skates, etc. NEI",Elasmobranchii,{GROUP},2020,87,PER,40,Q_tlw,A',  # 18: kept, mixed
        f'SPZ,Smooth hammerhead,Sphyrna zygaena,{GROUP},2021,87,604,1.5',                    # 19: truncated
    ]
    path = write(tmp_path / "capture.csv", HEADER + "\n".join(rows) + "\n", newline="\r\n")
    tally, observations, det = read(path, downloaded=date(2024, 5, 1))
    assert det.format == "fao_capture"
    assert tally.line() == "rows in 18 = kept 5 + rejected 8 + out of scope 5"
    why = reasons(tally)
    assert "negative" in why[11] and "non-numeric" in why[12] and "future year" in why[13]
    assert "duplicate of line 2" in why[14] and "line 2 has other values" in why[15]
    assert "status N" in why[16] and "scientific name" in why[17] and "truncated" in why[19]
    assert dict(tally.out_of_scope) == {
        "not Peru": 1, "FAO area other than 87 (Pacific, Southeast)": 1,
        "measure Q_no_1 (only Q_tlw, tonnes of live weight, is read)": 1, "not a shark: Rajiformes": 1,
        "ISSCAAP group other than sharks, rays, chimaeras": 1}
    got = {o["taxon"]: (o["value"], o["note"]) for o in observations}
    assert set(got) == {"Sphyrna zygaena", "Squatina californica", "Isurus oxyrinchus", "Elasmobranchii"}
    assert got["Sphyrna zygaena"][0] == "217.091" and got["Squatina californica"][0] == "<0.5"
    assert got["Isurus oxyrinchus"] == ("12.5", "FAO capture, area 87, species item SMA (Shortfin mako); "
                                                "FAO status E: estimate")
    assert got["Elasmobranchii"][0] == "40"                                  # Peru given as its ISO code


def test_fishstat_column_names_are_read_and_a_file_without_scientific_names_is_refused(tmp_path, read, write):
    path = write(tmp_path / "fs.csv", "COUNTRY.UN_CODE;SPECIES.ALPHA_3_CODE;AREA.CODE;MEASURE;PERIOD;VALUE;STATUS;"
                                      "Scientific_Name\n604;BSH;87;Q_tlw;2022;1234,5;A;Prionace glauca\n")
    tally, observations, det = read(path)
    assert (det.format, tally.line()) == ("fao_capture", "rows in 1 = kept 1 + rejected 0 + out of scope 0")
    assert [(o["taxon"], o["period"], o["value"]) for o in observations] == [("Prionace glauca", "2022", "1234.5")]
    bare = write(tmp_path / "bare.csv", "species,area,country,year,value\nBSH,87,604,2022,5\n")
    with pytest.raises(FileRejected) as refused:
        detect(bare)
    assert "FAO capture in long form header with the column 'scientific' (missing" in refused.value.problem.reason
