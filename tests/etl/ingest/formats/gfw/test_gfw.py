"""etl/ingest/formats/gfw/, Global Forest Watch: the real newer CSV download, and spreadsheets/adm1 CSVs written here
(no real Peru spreadsheet was found): Peru only, the 30% threshold, GADM's Lima split, unknown regions rejected."""
from __future__ import annotations

from datetime import date

import pytest
from openpyxl import Workbook

from etl.ingest.run import ingest
from etl.problems import FileRejected

SAMPLE = "gfw_treecover_loss_by_region_PER_2001-2020.csv"


def test_real_csv_download_becomes_national_figures_with_the_threshold_caveat(tmp_path, samples, read, copy_datasets,
                                                                             csv_rows):
    tally, observations, det = read(samples / SAMPLE)
    assert det.variant == "csv" and tally.line() == "rows in 20 = kept 20 + rejected 0 + out of scope 0"
    by_year = {o["period"]: o for o in observations}
    assert by_year["2017"]["value"] == "303280.5196975296" and by_year["2001"]["geography"] == "PE"
    assert "threshold not stated" in by_year["2020"]["scope"]
    datasets = copy_datasets(tmp_path)
    ingest([samples / SAMPLE], date(2021, 3, 1), via="GitHub GuacamoleL0ver/CorruptionVsTrees", datasets=datasets,
           out=tmp_path / "package", log=lambda *_: None)
    published = [o for o in csv_rows(tmp_path / "package" / "observations.csv")
                 if o["indicator"] == "gfw_tree_cover_loss"]
    assert len(published) == 20
    indicators = {i["indicator"]: i for i in csv_rows(tmp_path / "package" / "indicators.csv")}
    assert indicators["gfw_tree_cover_loss"]["unit"] == "ha"


def _workbook(path, future: bool = False):
    book = Workbook()
    book.active.title = "Read_Me"
    years = ["tc_loss_ha_2001", "tc_loss_ha_2002"] + (["tc_loss_ha_2031"] if future else [])
    country = book.create_sheet("Country tree cover loss")
    country.append(["country", "threshold", "area_ha", "extent_2000_ha", "gain_2000-2020_ha", *years])
    country.append(["Peru", 0, 129e6, 80e6, 1e5, 150000, 160000])
    country.append(["Peru", 30, 129e6, 75e6, 1e5, 140000, None])
    country.append(["Brazil", 30, 851e6, 500e6, 1e6, 3e6, 3e6])
    sub = book.create_sheet("Subnational 1 tree cover loss")
    sub.append(["country", "subnational1", "threshold", "area_ha", "extent_2000_ha", "gain_2000-2012_ha", *years])
    for region, a, b in (("Loreto", 40000, 41000), ("Lima", 10, 11), ("Lima Province", 1, 2), ("Narnia", 5, 5),
                         ("Loreto", 1, 1), ("Madre de Dios", "n/a", 5)):
        sub.append(["Peru", region, 30, 1, 1, 1, a, b])
    sub.append(["Peru", "Loreto", 50, 1, 1, 1, 1, 1])
    sub2 = book.create_sheet("Subnational 2 tree cover loss")
    sub2.append(["country", "subnational1", "subnational2", "threshold", "area_ha", *years])
    sub2.append(["Peru", "Loreto", "Maynas", 30, 1, 1, 1])
    book.save(path)
    return path


def test_spreadsheet_reads_peru_at_30_percent_with_gadm_lima_split(tmp_path, read, reasons):
    tally, observations, det = read(_workbook(tmp_path / "PER.xlsx"))
    assert det.variant == "xlsx"
    assert tally.line() == "rows in 11 = kept 4 + rejected 3 + out of scope 4"
    why = reasons(tally)
    assert "known department name" in why[5] and "second row for this place" in why[6] and "non-numeric" in why[7]
    got = {(o["geography_level"], o["geography"], o["period"]): o["value"] for o in observations}
    assert got == {("country", "PE", "2001"): "140000", ("department", "PE-LOR", "2001"): "40000",
                   ("department", "PE-LOR", "2002"): "41000", ("region", "PE-LIM", "2001"): "10",
                   ("region", "PE-LIM", "2002"): "11", ("province", "PE-LMA", "2001"): "1",
                   ("province", "PE-LMA", "2002"): "2"}   # Peru 2002 at 30% is blank: a gap, not zero
    assert all(o["scope"] == "tree canopy density > 30% (threshold 30)" for o in observations)
    assert set(tally.out_of_scope) == {"not Peru", "canopy threshold other than 30%",
                                       "subnational 2 (provinces) not read"}


def test_spreadsheet_with_a_future_year_is_rejected(tmp_path, read):
    with pytest.raises(FileRejected) as bad:
        read(_workbook(tmp_path / "PER.xlsx", future=True))
    assert bad.value.problem.column == "tc_loss_ha_2031"


def test_subnational_csv_needs_its_adm1_names(tmp_path, read, write, reasons):
    text = ('"iso","adm1","umd_tree_cover_loss__year","umd_tree_cover_loss__ha"\n'
            '"PER",17,2019,"1,234.5"\n"PER",16,2019,-3\n"PER",99,2019,1\n"BRA",1,2019,1\n"PER",17,2019,"1,234.5"\n')
    path = write(tmp_path / "loss.csv", text)
    without = read(path)[0]
    assert without.kept == 0 and "adm1_metadata.csv" in reasons(without)[2]
    write(tmp_path / "adm1_metadata.csv", "name,adm1\nMadre de Dios,17\nLoreto,16\n")
    tally, observations, _ = read(path)
    assert tally.line() == "rows in 5 = kept 1 + rejected 3 + out of scope 1"
    why = reasons(tally)
    assert "negative" in why[3] and "adm1 index" in why[4] and "duplicate of line 2" in why[6]
    assert [(o["geography"], o["value"]) for o in observations] == [("PE-MDD", "1234.5")]


def test_a_spreadsheet_ingest_publishes_the_gfw_indicator(tmp_path, copy_datasets, csv_rows):
    datasets = copy_datasets(tmp_path)
    run = ingest([_workbook(tmp_path / "PER.xlsx")], date(2021, 3, 1), datasets=datasets, out=tmp_path / "package",
                 log=lambda *_: None).runs["gfw"]
    assert [i["id"] for i in run.indicators] == ["gfw_tree_cover_loss"]
    published = [o for o in csv_rows(tmp_path / "package" / "observations.csv") if o["ref"].startswith("ingest/")]
    assert len(published) == 7 and {o["indicator"] for o in published} == {"gfw_tree_cover_loss"}
    indicators = {i["indicator"]: i for i in csv_rows(tmp_path / "package" / "indicators.csv")}
    assert indicators["gfw_tree_cover_loss"]["unit"] == "ha"


def test_the_wide_csv_download_reads_like_the_spreadsheet_sheet_of_its_level(tmp_path, read, write, reasons):
    years = ",".join(f"tc_loss_ha_{y}" for y in range(2001, 2024))
    loss = ",".join(str(y - 2000) for y in range(2001, 2024))
    text = (f"country,subnational1,threshold,area_ha,extent_2000_ha,extent_2010_ha,gain_2000-2020_ha,{years}\n"
            f"Peru,Loreto,0,1,1,1,1,{loss}\n"                  # 2 threshold 0: out of scope
            f"Peru,Loreto,30,1,1,1,1,{loss}\n"                 # 3 kept
            f"Peru,Lima Province,30,1,1,1,1,{loss}\n"          # 4 GADM's Lima Province
            f"Peru,Narnia,30,1,1,1,1,{loss}\n"                 # 5 unknown region
            f"Brazil,Acre,30,1,1,1,1,{loss}\n"                 # 6 not Peru
            f"Peru,Ucayali,30,1,1\n")                          # 7 truncated
    tally, observations, det = read(write(tmp_path / "Peru_subnational.csv", text))
    assert det.variant == "wide" and tally.line() == "rows in 6 = kept 2 + rejected 2 + out of scope 2"
    why = reasons(tally)
    assert "known department name" in why[5] and "got 5: the row ends before this column" in why[7]
    got = {(o["geography_level"], o["geography"], o["period"]): o for o in observations}
    assert len(got) == 2 * 23 and got[("department", "PE-LOR", "2023")]["value"] == "23"
    assert got[("province", "PE-LMA", "2001")]["locator"] == "row 4, column 'tc_loss_ha_2001'"
    assert got[("department", "PE-LOR", "2001")]["scope"] == "tree canopy density > 30% (threshold 30)"
    country = write(tmp_path / "Peru_country.csv", f"country,threshold,{years},note\nPeru,30,{loss},\n")
    tally, observations, _ = read(country)
    assert tally.kept == 1 and {o["geography"] for o in observations} == {"PE"}
    assert "ignored columns: note" in tally.notes
