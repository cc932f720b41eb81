"""etl/ingest/formats/geobosque/, the MINAM Geobosque district file: the real sample summed to departments
reproduces the department figures already in the package; bad rows never yield a partial department sum; title
rows, separators, encodings. (A figure that differs from the package's, and two releases of one figure: test_run.py.)"""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from etl.__main__ import main
from etl.ingest.formats.geobosque import reader as geobosque
from etl.ingest.run import ingest
from etl.paths import PACKAGE
from etl.problems import FileRejected

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
    summed = {(o["geography"], o["period"]): Decimal(o["value"]) for o in observations
              if o["geography_level"] == "department"}
    assert len(summed) == 15 * 24 and summed == package_figures


def test_ingesting_the_real_sample_adds_nothing_new_and_changes_no_figure(tmp_path, samples, copy_datasets):
    datasets = copy_datasets(tmp_path)
    outcome = ingest([samples / SAMPLE], date(2025, 6, 1), via="GitHub pipaber/xgboost_deforestation",
                     datasets=datasets, out=tmp_path / "package", log=lambda *_: None)
    run = outcome.runs["geobosque"]
    assert (run.conflicts, len(run.observations)) == (0, 0) and run.already >= 360   # and the catalogue's districts
    assert f"{run.already} already in the package with the same value" in outcome.summary


def test_bad_district_rows_never_give_a_partial_department_sum(tmp_path, read, write, reasons, districts):
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
    ]   # and the other 9 districts of Madre de Dios, so that its figure may be derived:
    rows += [f"{d},{p},{n},{u},0.00,0.00,1" for d, p, n, u in districts("17") if u not in ("170101", "170102")]
    tally, observations, _ = read(write(tmp_path / "g.csv", HEADER + "\n".join(rows) + "\n"))
    assert tally.line() == "rows in 21 = kept 11 + rejected 9 + out of scope 1"
    why = reasons(tally)
    assert "duplicate of line 3" in why[4] and "negative" in why[6] and "unknown department code" in why[7]
    assert "department of UBIGEO 220101 (PE-SAM)" in why[8] and "non-numeric" in why[9]
    assert "department not summed: district row at line 6 rejected" in why[5]
    assert "line 10 has other values" in why[11] and "not summed: two different rows" in why[10]
    assert "known department name" in why[12]
    assert {(o["geography"], o["period"]): o["value"] for o in observations
            if o["geography_level"] == "department"} == {("PE-MDD", "2001"): "1003.50"}
    assert any("PE-MDD: a district value is blank for 2002" in n for n in tally.notes)


def test_title_rows_semicolons_decimal_commas_and_latin1_names(tmp_path, read, districts):
    others = [f"HUÁNUCO;{p};{n};{u};0,00;0,00\n" for _, p, n, u in districts("10") if u not in ("100901", "100902")]
    text = ("Bosque y pérdida de bosques por distrito\n"
            "DEPARTAMENTO;PROVINCIA;DISTRITO;UBIGEO;2001_ha;2002_ha\n"
            "HUÁNUCO;PUERTO INCA;PUERTO INCA;100901;1.234,50;0,25\n"
            "HUÁNUCO;PUERTO INCA;CODO DEL POZUZO;100902;1,50;0,75\n" + "".join(others))
    path = tmp_path / "latin1.csv"
    path.write_bytes(text.replace("\n", "\r\n").encode("cp1252"))
    tally, observations, det = read(path)
    assert det.header.line == 2 and tally.kept == 2 + len(others) == 33
    departments = [o for o in observations if o["geography_level"] == "department"]
    assert sorted((o["geography"], o["period"], o["value"]) for o in departments) == [
        ("PE-HUC", "2001", "1236.00"), ("PE-HUC", "2002", "1.00")]
    assert departments[0]["geography_as_published"] == "HUÁNUCO"


def test_future_year_column_or_missing_ubigeo_rejects_the_file(tmp_path, read, write):
    with pytest.raises(FileRejected) as bad:
        read(write(tmp_path / "f.csv", "DEPARTAMENTO,UBIGEO,2001_ha,2030_ha\nLORETO,160101,1,1\n"))
    assert bad.value.problem.column == "2030_ha" and "future year" in bad.value.problem.reason
    with pytest.raises(FileRejected) as bad:
        read(write(tmp_path / "m.csv", "DEPARTAMENTO,DISTRITO,2001_ha\nLORETO,IQUITOS,1\n"), fmt="geobosque")
    assert bad.value.problem.line == 1


def test_utf16_tab_separated_export_is_read(tmp_path, read):
    path = tmp_path / "unicode.txt"
    path.write_bytes(("DEPARTAMENTO\tUBIGEO\t2001_ha\r\nLA LIBERTAD\t130305\t1.5\r\nLA LIBERTAD\t130306\t0\r\n"
                      "LA LIBERTAD\t130807\t1\r\n").encode("utf-16"))
    tally, observations, det = read(path)
    assert det.header.delimiter == "\t" and tally.kept == 3
    assert [(o["geography"], o["value"]) for o in observations if o["geography_level"] == "department"] == [
        ("PE-LAL", "2.5")]


def test_the_header_needs_a_department_a_ubigeo_and_a_year_column():
    names = {"departamento", "provincia", "distrito", "ubigeo", "2001ha", "bosqueal2002ha"}
    assert geobosque.accepts(names) == "district"
    assert geobosque.accepts({"departamento", "ubigeo", "perdida2019"}) == "district"
    assert geobosque.accepts({"departamento", "ubigeo", "bosqueal2002ha"}) is None
    assert geobosque.accepts({"departamento", "2001ha"}) is None


YEARS = [f"{year}_ha" for year in range(2001, 2025)]


def test_a_department_the_file_covers_in_part_gets_no_figure_and_the_missing_districts_are_named(tmp_path, read,
                                                                                                write):
    path = write(tmp_path / "g.csv", "DEPARTAMENTO,DISTRITO,UBIGEO,2020_ha\nLA LIBERTAD,UCHUMARCA,130305,1.50\n"
                 "LA LIBERTAD,UCUNCHA,130306,2.00\n")
    tally, observations, _ = read(path)
    assert tally.rows_in == 2 == tally.kept + len(tally.rejected)
    assert not [o for o in observations if o["geography_level"] == "department"]
    assert {o["geography_level"] for o in observations} <= {"district"}   # the catalogue's districts, if any
    assert "La Libertad: 2 of 3 districts; department figure not derived (missing: 130807 ONGON)" in tally.notes
    for rejected in tally.rejected:   # a district the places catalogue lacks: reported, never dropped
        assert rejected.reason.startswith("district of a partial department, not published (La Libertad: 2 of 3")


def _geobosque_cli(datasets, path):
    return main(["ingest", str(path), "--downloaded", "2025-06-01", "--datasets", str(datasets),
                 "--out", str(datasets.parent / "package")])


def test_a_partial_file_for_a_department_the_package_lacks_publishes_nothing(tmp_path, capsys, write,
                                                                              copy_datasets, tree):
    datasets = copy_datasets(tmp_path)
    before = tree(datasets)
    path = write(tmp_path / "ancash.csv", "DEPARTAMENTO,PROVINCIA,DISTRITO,UBIGEO," + ",".join(YEARS) + "\n"
                 "ÁNCASH,HUARAZ,HUARAZ,020101," + ",".join(["1.50"] * 24) + "\n")
    assert _geobosque_cli(datasets, path) == 1
    err = capsys.readouterr().err
    assert "rows in 1 = kept 0 + rejected 1 + out of scope 0" in err
    assert ("Áncash: 1 district(s), but Geobosque's district table lists none in Áncash; department figure not "
            "derived") in err
    assert "nothing to ingest: ancash.csv (geobosque) keeps no row" in err
    assert "ancash.csv:2, column 'UBIGEO': got '020101'; district of a partial department, not published" in err
    assert tree(datasets) == before and not (tmp_path / "package").exists()


def test_a_partial_file_for_a_department_the_package_has_stays_at_district_level(tmp_path, capsys, write,
                                                                                  copy_datasets, csv_rows, districts,
                                                                                  no_build):
    datasets = copy_datasets(tmp_path)
    places = datasets / "catalogue" / "places.csv"
    if ",010101," not in places.read_text(encoding="utf-8"):   # the catalogue has Geobosque's districts
        with places.open("a", encoding="utf-8") as f:
            f.write("district-010101,district,Chachapoyas,Chachapoyas,,010101,PE-AMA,PE-AMA,,\n")
    [chachapoyas] = [r for r in csv_rows(geobosque.DISTRICT_TABLE) if r["UBIGEO"] == "010101"]
    path = write(tmp_path / "amazonas.csv", "DEPARTAMENTO,PROVINCIA,DISTRITO,UBIGEO," + ",".join(YEARS) + "\n"
                 "AMAZONAS,CHACHAPOYAS,CHACHAPOYAS,010101," + ",".join(chachapoyas[y] for y in YEARS) + "\n")
    assert _geobosque_cli(datasets, path) == 0
    out = capsys.readouterr().out
    assert "rows in 1 = kept 1 + rejected 0 + out of scope 0" in out
    assert "Amazonas: 1 of 84 districts; department figure not derived (missing: 010102 ASUNCION, " in out
    assert "and 71 more)" in out
    written = csv_rows(datasets / "sources" / "ingest_geobosque" / "observations.csv")
    assert {o["geography_level"] for o in written} <= {"district"}   # never a department figure
    assert len(written) + int(out.split(" already in the package")[0].rsplit(" ", 1)[1]) == 24
