"""etl/ingest/geobosque.py, the MINAM Geobosque district file: the real sample summed to departments reproduces the
department figures already in the package; bad rows never yield a partial department sum; title rows, separators,
encodings. (A figure that differs from the package's, and two releases of one figure: test_run.py.)"""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from etl.ingest import geobosque
from etl.ingest.common import FileRejected
from etl.ingest.run import ingest
from etl.paths import PACKAGE

SAMPLE = "geobosque_district_forest_loss_2001-2024_curated_pipaber.csv"
HEADER = "DEPARTAMENTO,PROVINCIA,DISTRITO,UBIGEO,2001_ha,2002_ha,BOSQUE AL 2002_ha\n"


@pytest.fixture(scope="module")
def package_figures(csv_rows) -> dict[tuple[str, str], Decimal]:
    """(department, year) -> the Geobosque forest loss figure in the published package."""
    return {(o["geography_id"], o["period"]): Decimal(o["value"]) for o in csv_rows(PACKAGE / "observations.csv")
            if o["indicator"] == "forest_loss" and o["series"] == "minam_geobosque"
            and o["geography_level"] == "department"}


def test_real_sample_reproduces_the_department_figures_in_the_package(samples, package_figures, read):
    tally, observations, _ = read(samples / SAMPLE)
    assert tally.line() == "rows in 411 = kept 411 + rejected 0 + out of scope 0"
    summed = {(o["geography"], o["period"]): Decimal(o["value"]) for o in observations}
    assert len(summed) == 15 * 24 and summed == package_figures


def test_ingesting_the_real_sample_adds_nothing_new_and_changes_no_figure(tmp_path, samples, copy_datasets):
    datasets = copy_datasets(tmp_path)
    outcome = ingest([samples / SAMPLE], date(2025, 6, 1), via="GitHub pipaber/xgboost_deforestation",
                     datasets=datasets, out=tmp_path / "package", log=lambda *_: None)
    run = outcome.runs["geobosque"]
    assert (run.already, run.conflicts, len(run.observations)) == (360, 0, 0)
    assert "360 already in the package with the same value" in outcome.summary


def test_bad_district_rows_never_give_a_partial_department_sum(tmp_path, read, write, reasons):
    rows = [
        "MADRE DE DIOS,TAMBOPATA,TAMBOPATA,170101,\"1,000.50\",2.00,1",   # 2 thousands comma in quotes
        "MADRE DE DIOS,TAMBOPATA,INAMBARI,170102,3.00,,1",                # 3 blank 2002: 2002 left as a gap
        "MADRE DE DIOS,TAMBOPATA,INAMBARI,170102,3.00,,1",                # 4 identical duplicate: rejected, sum kept
        "PASCO,OXAPAMPA,PUERTO BERMUDEZ,190306,5.00,6.00,1",              # 5 Pasco: fine
        "PASCO,OXAPAMPA,VILLA RICA,190307,-1.00,6.00,1",                  # 6 negative: Pasco not summed at all
        "ATLANTIS,X,Y,260101,1.00,1.00,1",                               # 7 unknown department code
        "LORETO,MAYNAS,IQUITOS,220101,1.00,1.00,1",                       # 8 name and UBIGEO disagree
        "AMAZONAS,CHACHAPOYAS,CHACHAPOYAS,10101,n.d.,1.00,1",             # 9 non-numeric (5-digit UBIGEO padded)
        "CUSCO,LA CONVENCION,ECHARATI,080901,1.00,1.00,1",                # 10 Cusco: two rows for one district
        "CUSCO,LA CONVENCION,ECHARATI,080901,2.00,1.00,1",                # 11
        "NARNIA,A,B,080902,1.00,1.00,1",                                  # 12 unknown department name
        "TOTAL,,,,1.00,1.00,1",                                           # 13 total line
    ]
    tally, observations, _ = read(write(tmp_path / "g.csv", HEADER + "\n".join(rows) + "\n"))
    assert tally.line() == "rows in 12 = kept 2 + rejected 9 + out of scope 1"
    why = reasons(tally)
    assert "duplicate of line 3" in why[4] and "negative" in why[6] and "unknown department code" in why[7]
    assert "department of UBIGEO 220101 (PE-SAM)" in why[8] and "non-numeric" in why[9]
    assert "department not summed: district row at line 6 rejected" in why[5]
    assert "line 10 has other values" in why[11] and "not summed: two different rows" in why[10]
    assert "known department name" in why[12]
    assert {(o["geography"], o["period"]): o["value"] for o in observations} == {("PE-MDD", "2001"): "1003.50"}
    assert any("PE-MDD: a district value is blank for 2002" in n for n in tally.notes)


def test_title_rows_semicolons_decimal_commas_and_latin1_names(tmp_path, read):
    text = ("Bosque y pérdida de bosques por distrito\n"
            "DEPARTAMENTO;PROVINCIA;DISTRITO;UBIGEO;2001_ha;2002_ha\n"
            "HUÁNUCO;PUERTO INCA;PUERTO INCA;100901;1.234,50;0,25\n"
            "HUÁNUCO;PUERTO INCA;CODO DEL POZUZO;100902;1,50;0,75\n")
    path = tmp_path / "latin1.csv"
    path.write_bytes(text.replace("\n", "\r\n").encode("cp1252"))
    tally, observations, det = read(path)
    assert det.header.line == 2 and tally.kept == 2
    assert sorted((o["geography"], o["period"], o["value"]) for o in observations) == [
        ("PE-HUC", "2001", "1236.00"), ("PE-HUC", "2002", "1.00")]
    assert observations[0]["geography_as_published"] == "HUÁNUCO"


def test_future_year_column_or_missing_ubigeo_rejects_the_file(tmp_path, read, write):
    with pytest.raises(FileRejected) as bad:
        read(write(tmp_path / "f.csv", "DEPARTAMENTO,UBIGEO,2001_ha,2030_ha\nLORETO,160101,1,1\n"))
    assert bad.value.column == "2030_ha" and "future year" in bad.value.reason
    with pytest.raises(FileRejected) as bad:
        read(write(tmp_path / "m.csv", "DEPARTAMENTO,DISTRITO,2001_ha\nLORETO,IQUITOS,1\n"), fmt="geobosque")
    assert bad.value.line == 1


def test_utf16_tab_separated_export_is_read(tmp_path, read):
    path = tmp_path / "unicode.txt"
    path.write_bytes("DEPARTAMENTO\tUBIGEO\t2001_ha\r\nSAN MARTÍN\t220101\t1.5\r\n".encode("utf-16"))
    tally, observations, det = read(path)
    assert det.header.delimiter == "\t" and tally.kept == 1
    assert [(o["geography"], o["value"]) for o in observations] == [("PE-SAM", "1.5")]


def test_the_header_needs_a_department_a_ubigeo_and_a_year_column():
    names = {"departamento", "provincia", "distrito", "ubigeo", "2001ha", "bosqueal2002ha"}
    assert geobosque.accepts(names) == "district"
    assert geobosque.accepts({"departamento", "ubigeo", "perdida2019"}) == "district"
    assert geobosque.accepts({"departamento", "ubigeo", "bosqueal2002ha"}) is None
    assert geobosque.accepts({"departamento", "2001ha"}) is None
