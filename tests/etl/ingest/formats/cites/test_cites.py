"""etl/ingest/formats/cites/, the CITES Trade Database reader: the real fin extracts reproduce
../shared/research/sharks_cites_derived.csv, the real 2013 tabulation and the R-written bulk rows read as they
should, and every bad input is handled or rejected with file, line, column and reason."""
from __future__ import annotations

import csv
import gzip
import re
from collections import defaultdict
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from etl.ingest.formats.cites import indicators as cites_indicators
from etl.ingest.formats.cites import reader as cites
from etl.ingest.run import ingest
from etl.problems import FileRejected

HEADER16 = ("Year,App.,Taxon,Class,Order,Family,Genus,Importer,Exporter,Origin,Importer reported quantity,"
            "Exporter reported quantity,Term,Unit,Purpose,Source\n")
HEADER13 = ("Year,App.,Family,Taxon,Importer,Exporter,Origin,Importer reported quantity,Exporter reported quantity,"
            "Term,Unit,Purpose,Source\n")
BULK = ("Id,Year,Appendix,Taxon,Class,Order,Family,Genus,Term,Quantity,Unit,Importer,Exporter,Origin,Purpose,Source,"
        "Reporter.type,Import.permit.RandomID,Export.permit.RandomID,Origin.permit.RandomID\n")
PARROT = "II,Ara macao,Aves,Psittaciformes,Psittacidae,Ara"
SHARK = "II,Sphyrna lewini,Elasmobranchii,Carcharhiniformes,Sphyrnidae,Sphyrna"
FIN_FILES = [("sharks_cites_comptab_fins_PE_2012-2019_GSM.csv", date(2024, 10, 16)),
             ("sharks_cites_comptab_fins_PE_2019-2023_GSM.csv", date(2024, 11, 5))]
# derived indicator -> (which flows, reporter); "total" rows add every taxon of that reporter (kg only)
DERIVED_SUMS = {
    "CITES_fin_exports_exporter_reported": ("peru_exports", "exporter"),
    "CITES_fin_exports_exporter_reported_count": ("peru_exports", "exporter"),
    "CITES_fin_imports_from_Peru_importer_reported": ("peru_exports", "importer"),
    "CITES_fin_imports_from_Ecuador_Peru_reported": ("imports_from_EC", "importer"),
    "CITES_fin_exports_exporter_reported_total (listed sharks)": ("peru_exports", "exporter"),
    "CITES_fin_imports_from_Peru_importer_reported_total (listed sharks)": ("peru_exports", "importer"),
    "CITES_fin_imports_from_Ecuador_total_Peru_reported": ("imports_from_EC", "importer"),
}


def test_real_fin_extracts_reproduce_every_derived_cites_sum(tmp_path, research, samples, copy_datasets, csv_rows):
    derived = research / "sharks_cites_derived.csv"
    if not derived.exists():
        pytest.skip(f"{derived} is absent: the CITES sums are checked against it")
    datasets = copy_datasets(tmp_path)
    outcome = ingest([samples / name for name, _ in FIN_FILES], [d for _, d in FIN_FILES],
                     via="GitHub mamacneil/GSM_Project", datasets=datasets, out=tmp_path / "package",
                     log=lambda *_: None)
    assert (datasets / "sources" / "ingest_cites" / "observations.csv").exists()
    published = [o for o in csv_rows(tmp_path / "package" / "observations.csv")
                 if o["indicator"].startswith("cites_sharks")]
    # the package derives these figures from the same two files (sharks/derived.yaml): ingesting them again
    # adds nothing, and what is published is the derivation, read from the CITES export as released
    assert {o["verification"] for o in published} == {"publisher_file"}
    sums = defaultdict(Decimal)   # (flows, reporter, taxon, year, unit) -> sum over partners, sources, purposes
    for o in published:
        if o["indicator"].endswith("_peru_origin"):
            continue
        flows = "peru_exports" if o["flow"] in ("export", "re_export") else (
            "imports_from_EC" if o["flow"] == "import" and o["partner"] == "EC" else None)
        if flows:
            sums[(flows, o["reporter"], o["taxon"], o["period"], o["unit"])] += Decimal(o["value"])
    matched, checked = [], 0
    with derived.open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            name, taxon = re.fullmatch(r"(.+?)(?: \[(.+)\])?", row["indicator"]).groups()
            if name not in DERIVED_SUMS:
                continue
            flows, reporter = DERIVED_SUMS[name]
            unit = "kg" if row["unit"] == "kg" else "specimens"
            keys = [k for k in sums if k[:2] == (flows, reporter) and k[3] == row["year"] and k[4] == unit
                    and (taxon is None or k[2] == taxon)]
            got = sum((sums[k] for k in keys), Decimal(0)) if keys else None
            expected = Decimal(row["value"]) if row["value"] else None   # blank: no report, not zero
            checked += 1
            if got == expected:
                matched.append(row["indicator"])
            else:
                pytest.fail(f"{row['indicator']} {row['year']}: derived {expected}, ingested {got}")
    assert checked == len(matched) == 110
    first = outcome.runs["cites"].files[0][2]
    assert first.line() == "rows in 58 = kept 46 + rejected 11 + out of scope 1"   # 11 rows of 2019 superseded
    assert all("superseded by sharks_cites_comptab_fins_PE_2019-2023_GSM.csv" in r.reason for r in first.rejected)


def test_real_2013_tabulation_keeps_the_groups_and_both_reports_apart(samples, read):
    tally, observations, det = read(samples / "cites_comptab_PE_2013.csv", downloaded=date(2018, 1, 29))
    assert det.variant == "comptab16"
    assert tally.line() == "rows in 1390 = kept 50 + rejected 0 + out of scope 1340"
    swietenia_us = sorted((o["reporter"], o["value"]) for o in observations
                          if o["taxon"] == "Swietenia macrophylla" and o["partner"] == "US")
    assert swietenia_us == [("exporter", "223.92"), ("importer", "224")]
    [via_germany] = [o for o in observations if o["partner"] == "DE" and o["unit"] == "m3"]
    assert via_germany["indicator"] == "cites_timber_m3_peru_origin"
    assert "re-exported by DE to KW" in via_germany["scope"]
    seized = [o for o in observations if o["cites_source"] == "I"]
    assert seized and {o["series"] for o in seized} == {"seized"}
    assert {o["series"] for o in observations if o["cites_source"] != "I"} == {"reported"}
    assert {o["indicator"] for o in observations} >= {"cites_timber_m3", "cites_parrots_specimens",
                                                     "cites_primates_specimens", "cites_primates_ml"}
    assert "cites_timber_cm3_peru_origin" in {o["indicator"] for o in observations}   # never converted to m3


def test_real_r_written_bulk_rows_are_read_and_out_of_scope(samples, read):
    tally, observations, det = read(samples / "cites_bulk_PE_rows_from_Morton_products.csv")
    assert det.variant == "bulk_r"   # the reader tells R's write.csv copy (a row-index column)
    assert tally.line() == "rows in 3 = kept 0 + rejected 0 + out of scope 3" and not observations


def test_r_written_na_is_blank_but_quoted_na_is_namibia(tmp_path, read, write):
    path = write(tmp_path / "r.csv", '"",' + ",".join(f'"{c}"' for c in BULK.strip().split(",")) + ',"Extra"\n'
                 '"1",11,2015,"II","Ara macao","Aves","Psittaciformes","Psittacidae","Ara","live",2,NA,"NA","PE",NA,'
                 '"T","W","E",NA,"abc",NA,"x"\n')
    tally, [obs], det = read(path)
    assert (obs["partner"], obs["flow"], obs["unit"], obs["scope"]) == ("NA", "export", "specimens",
                                                                         "App. II; purpose T")


def test_bulk_shipments_are_summed_per_key_and_reporter_never_across(tmp_path, read, write, reasons):
    rows = [f"{i},2019,{PARROT},live,{q},,US,PE,,T,W,{r},,," for i, q, r in
            ((1, "3", "E"), (2, "4", "E"), (3, "5", "I"), (4, "2", "E"))]
    rows.append(f"4,2019,{PARROT},live,2,,US,PE,,T,W,E,,,")                     # same Id: a duplicate
    rows.append(f"5,2019,{PARROT},live,6,,US,PE,,T,I,E,,,")                     # source I: its own series
    rows.append(f"6,2019,{PARROT},live,1,,US,MX,PE,T,W,E,,,")                   # Peru as origin
    rows.append("7,2019,II,Python regius,Reptilia,Squamata,Pythonidae,Python,skins,9,,US,PE,,T,W,E,,,")  # no group
    rows.append(f"8,2019,{PARROT},live,1,,US,CN,,T,W,E,,,")                     # not Peru
    tally, observations, _ = read(write(tmp_path / "trade_db_1.csv", BULK + "\n".join(rows) + "\n"))
    assert tally.line() == "rows in 9 = kept 6 + rejected 1 + out of scope 2"
    assert "duplicate Id 4" in reasons(tally)[6]
    got = {(o["indicator"], o["series"], o["reporter"]): (o["value"], o["note"]) for o in observations}
    assert got[("cites_parrots_specimens", "reported", "exporter")] == (
        "9", "sum of 3 shipment records (comparative-tabulation key)")
    assert got[("cites_parrots_specimens", "reported", "importer")] == ("5", "")
    assert got[("cites_parrots_specimens", "seized", "exporter")][0] == "6"
    assert got[("cites_parrots_specimens_peru_origin", "reported", "exporter")][0] == "1"
    assert dict(tally.out_of_scope) == {"taxon outside Vigía's groups (mahogany and cedar, sharks and rays, parrots, "
                                        "primates)": 1, "trade not involving Peru": 1}


def test_bad_comptab_rows_are_rejected_with_line_column_and_reason(tmp_path, read, write, reasons):
    rows = [
        f"2019,{SHARK},HK,PE,,10,12,fins,kg,T,W",               # 2 good: both reports kept apart
        f"2019,{SHARK},ZZ,PE,,,5,fins,kg,T,W",                  # 3 unknown country code
        f"2019,{SHARK},HK,PE,,,-5,fins,kg,T,W",                 # 4 negative
        f"2019,{SHARK},HK,PE,,,lots,fins,kg,T,W",               # 5 non-numeric
        f"2031,{SHARK},HK,PE,,,5,fins,kg,T,W",                  # 6 future year
        f"2019,{SHARK},SG,PE,,,5,flippers,kg,T,W",              # 7 unknown term
        f"2019,{SHARK},SG,PE,,,5,fins,stones,T,W",              # 8 unknown unit
        f"2019,{SHARK},SG,PE,,,,fins,kg,T,W",                   # 9 no quantity at all
        f"2019,{SHARK},HK,PE,,10,12,fins,kg,T,W",               # 10 exact duplicate of line 2
        f"2019,{SHARK},HK,PE,,11,12,fins,kg,T,W",               # 11 same key, other quantities: kept, summed
        f"2019,{SHARK},PE,PE,,1,,fins,kg,T,W",                  # 12 importer and exporter both PE
        f"2019,{SHARK},VN,PE,,,5,fins,kg,T,Q",                  # 13 source code not in the vocabulary
        f"2019,{SHARK},VN,Peru,,,\"1,234.5\",FIN,KIL,T,W",      # 14 name for Peru, thousands comma, 3-letter codes
        f"2019,{SHARK},TW,pe,,,7,fins,kg,T,W",                  # 15 lower-case code
        f"2019,{SHARK},VN,PE",                                   # 16 too few fields
    ]
    path = write(tmp_path / "comptab.csv", HEADER16 + "\n".join(rows) + "\n")
    tally, observations, _ = read(path, downloaded=date(2024, 11, 5))
    why = reasons(tally)
    assert tally.line() == "rows in 15 = kept 4 + rejected 11 + out of scope 0"
    assert "unknown country" in why[3] and "negative" in why[4] and "non-numeric" in why[5]
    assert "future year" in why[6] and "trade term" in why[7] and "CITES unit" in why[8]
    assert "both blank" in why[9] and "duplicate of comptab.csv:2" in why[10] and 11 not in why
    assert "both Peru" in why[12] and "source code" in why[13] and "16 fields" in why[16]
    by_line = {r.line: r for r in tally.rejected}
    assert (by_line[3].column, by_line[3].value, by_line[3].file) == ("Importer", "ZZ", "comptab.csv")
    assert by_line[4].raw == rows[2]
    got = {(o["partner"], o["reporter"]): (o["value"], o["product"], o["unit"]) for o in observations}
    assert got == {("HK", "importer"): ("21", "fins", "kg"), ("HK", "exporter"): ("24", "fins", "kg"),
                   ("VN", "exporter"): ("1234.5", "fins", "kg"), ("TW", "exporter"): ("7", "fins", "kg")}


def test_semicolons_decimal_commas_crlf_latin1_title_row_and_reordered_13_columns(tmp_path, read):
    header = "Taxon;Year;Exporter;Importer;Origin;App.;Importer reported quantity;Exporter reported quantity;" \
             "Term;Unit;Purpose;Source;Family\n"
    text = ("Descarga del Perú\n" + header +
            "Cedrela odorata;2013;PE;MX;;III;777,0484;587,1308;sawn wood;m3;T;W;Meliaceae\n"
            "Cedrela odorata;2013;Perú;CN;;III;;1.033,5;timber;m3;T;W;Meliaceae\n")
    path = tmp_path / "latin1.csv"
    path.write_bytes(text.replace("\n", "\r\n").encode("cp1252"))
    tally, observations, det = read(path, downloaded=date(2014, 1, 1))
    assert det.variant == "comptab13" and det.header.line == 2
    assert tally.line() == "rows in 2 = kept 2 + rejected 0 + out of scope 0"
    assert sorted(o["value"] for o in observations) == ["1033.5", "587.1308", "777.0484"]


def test_missing_required_column_rejects_the_whole_file(tmp_path, read, write):
    path = write(tmp_path / "c.csv", HEADER16.replace(",Source", "") + f"2019,{SHARK},HK,PE,,10,12,fins,kg,T\n")
    with pytest.raises(FileRejected) as bad:
        read(path)
    assert bad.value.problem.line == 1
    assert "the column 'Source' (missing; the columns found are: Year, App., Taxon" in str(bad.value)


def test_later_download_supersedes_the_same_trade_in_an_older_one(tmp_path, write, copy_datasets, csv_rows):
    old = write(tmp_path / "old.csv", HEADER16 + f"2014,{SHARK},HK,PE,,,5,fins,kg,T,W\n"
                f"2014,{SHARK},SG,PE,,,3,fins,kg,T,W\n")
    new = write(tmp_path / "new.csv", HEADER16 + f"2014,{SHARK},HK,PE,,4,5,fins,kg,T,W\n")
    datasets = copy_datasets(tmp_path)
    outcome = ingest([old, new], [date(2024, 1, 1), date(2024, 6, 1)], datasets=datasets, out=tmp_path / "pkg",
                     log=lambda *_: None)
    old_tally = outcome.runs["cites"].files[0][2]
    assert old_tally.line() == "rows in 2 = kept 1 + rejected 1 + out of scope 0"
    written = csv_rows(datasets / "sources" / "ingest_cites" / "observations.csv")
    assert sorted((o["partner"], o["reporter"], o["value"], o["source_id"][:7]) for o in written) == [
        ("HK", "exporter", "5", "ingest-"), ("HK", "importer", "4", "ingest-"), ("SG", "exporter", "3", "ingest-")]
    report = csv_rows(datasets / "ingest_report" / "cites-rejected.csv")
    assert [(r["file"], r["line"]) for r in report] == [("old.csv", "2")]
    summary = (datasets / "ingest_report" / "cites-summary.txt").read_text()
    assert "rows in 3 = kept 2 + rejected 1 + out of scope 0" in summary


@pytest.mark.parametrize("names, variant", [
    ({"year", "taxon", "importer", "exporter", "importerreportedquantity", "exporterreportedquantity", "class"},
     "comptab16"),
    ({"year", "taxon", "importer", "exporter", "importerreportedquantity", "exporterreportedquantity"}, "comptab13"),
    ({"id", "year", "taxon", "importer", "exporter", "quantity", "reportertype"}, "bulk"),
    ({"year", "taxon", "importer", "exporter", "quantity"}, None),
])
def test_the_header_tells_the_tabulation_from_the_bulk_file(names, variant):
    assert cites.accepts(names) == variant


def test_catalogue_entries_for_the_indicators_and_units_the_observations_use(reader_context):
    units = cites_indicators.units()
    assert {unit: units[unit] for unit in ("kg", "specimens", "ug")} == {
        "kg": ("kg", "kilogramos", "kilograms", "mass", "kg"),
        "specimens": ("specimens", "especímenes", "specimens", "count", ""),
        "ug": ("ug", "microgramos", "micrograms", "mass", "µg")}
    ctx = replace(reader_context, unit_names={"m3": ("metros cúbicos", "cubic metres")})
    entries = cites_indicators.indicators([{"indicator": "cites_sharks_kg_peru_origin"},
                                           {"indicator": "cites_timber_m3"}], ctx)
    origin = entries["cites_sharks_kg_peru_origin"]
    assert (origin["id"], origin["theme"], origin["unit"]) == ("cites_sharks_kg_peru_origin", "sharks", "kg")
    assert origin["name"]["en"] == ("CITES trade in sharks and rays (Elasmobranchii) of Peruvian origin re-exported "
                                    "by other countries (kilograms)")
    assert [(s["id"], s.get("preferred", False)) for s in origin["series"]] == [("reported", True), ("seized", False)]
    timber = entries["cites_timber_m3"]
    assert timber["theme"] == "timber" and timber["name"]["en"].endswith("involving Peru (cubic metres)")


def test_tabulation_rows_sharing_a_key_are_each_kept_and_summed_per_reporter(tmp_path, read, write):
    rows = [f"2019,{SHARK},HK,PE,,10,12,fins,kg,T,W",    # 2 }
            f"2019,{SHARK},HK,PE,,,7,fins,kg,T,W",       # 3 } one key (year, appendix, taxon, countries, term,
            f"2019,{SHARK},HK,PE,,4.5,,fins,kg,T,W",     # 4 }   unit, purpose, source), three records
            f"2019,{SHARK},HK,PE,,,7,fins,kg,T,W",       # 5 identical to line 3: a duplicate
            f"2019,{SHARK},HK,PE,,1,,fins,kg,T,I"]       # 6 another key (source I)
    tally, observations, _ = read(write(tmp_path / "comptab.csv", HEADER16 + "\n".join(rows) + "\n"))
    assert tally.line() == "rows in 5 = kept 4 + rejected 1 + out of scope 0"
    assert [(r.line, r.reason) for r in tally.rejected] == [(5, "duplicate of comptab.csv:3 (every field the same)")]
    got = {(o["reporter"], o["cites_source"]): o for o in observations}
    assert set(got) == {("exporter", "W"), ("importer", "W"), ("importer", "I")}
    exporter, importer = got[("exporter", "W")], got[("importer", "W")]
    assert (exporter["value"], exporter["value_as_published"], exporter["ref"]) == ("19", "12 + 7",
                                                                                   "ingest/comptab.csv#L2")
    assert exporter["locator"] == "sum of 2 rows with the same key, column 'Exporter reported quantity': lines 2, 3"
    assert (importer["value"], importer["locator"]) == (
        "14.5", "sum of 2 rows with the same key, column 'Importer reported quantity': lines 2, 4")
    assert "separate records, each kept" in importer["note"]
    assert (got[("importer", "I")]["value"], got[("importer", "I")]["note"]) == ("1", "")


def test_a_truncated_row_is_rejected_even_when_its_peru_field_was_cut_off(tmp_path, read, write, reasons):
    rows = [f"2019,{SHARK},HK,PE,,10,12,fins,kg,T,W",
            f"2019,{SHARK},HK",                           # 3 cut before the exporter: no Peru field left
            f"2019,{SHARK},HK,PE,,10"]                    # 4 cut after it
    tally, observations, _ = read(write(tmp_path / "comptab.csv", HEADER16 + "\n".join(rows) + "\n"))
    assert tally.line() == "rows in 3 = kept 1 + rejected 2 + out of scope 0"
    by_line = {r.line: r for r in tally.rejected}
    assert (by_line[3].column, by_line[3].value, by_line[3].raw) == ("Exporter", "8", rows[1])
    assert reasons(tally)[4] == ("expected 16 fields like the header, got 11: the row ends before this column "
                                 "(truncated?)")


def test_an_extra_column_named_in_the_header_is_ignored_and_named(tmp_path, read, write):
    path = write(tmp_path / "comptab.csv", HEADER16.replace("\n", ",Notes,Checked by\n")
                 + f"2019,{SHARK},HK,PE,,10,12,fins,kg,T,W\n" + f"2019,{SHARK},SG,PE,,1,2,fins,kg,T,W,ok\n")
    tally, observations, _ = read(path)
    assert tally.line() == "rows in 2 = kept 2 + rejected 0 + out of scope 0" and len(observations) == 4
    assert "ignored columns: Notes, Checked by" in tally.notes


def _comptab_bytes(encoding: str, delimiter: str) -> bytes:
    text = (HEADER16 + f"2019,{SHARK},HK,Perú,,10.5,12,fins,kg,T,W\n").replace(",", delimiter)
    if delimiter == ";":
        text = text.replace("10.5", "10,5")   # a Spanish-locale export: decimal comma
    return text.replace("\n", "\r\n").encode(encoding)


@pytest.mark.parametrize("delimiter", [",", ";", "\t"], ids=["comma", "semicolon", "tab"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
@pytest.mark.parametrize("packed", ["plain", "gzip"])
def test_any_encoding_and_separator_a_spreadsheet_writes_reads_the_same(tmp_path, read, encoding, delimiter, packed):
    data = _comptab_bytes(encoding, delimiter)
    path = tmp_path / "comptab.csv"
    path.write_bytes(gzip.compress(data) if packed == "gzip" else data)
    tally, observations, det = read(path)
    assert (det.format, det.header.delimiter, tally.kept) == ("cites", delimiter, 1)
    assert sorted((o["reporter"], o["value"], o["geography_as_published"]) for o in observations) == [
        ("exporter", "12", "Perú"), ("importer", "10.5", "Perú")]


def test_lines_ending_in_a_bare_carriage_return_are_lines(tmp_path, read):
    path = tmp_path / "mac.csv"
    path.write_bytes((HEADER16 + f"2019,{SHARK},HK,PE,,10,12,fins,kg,T,W\n" + f"2019,{SHARK},HK\n")
                     .replace("\n", "\r").encode("cp1252"))
    tally, observations, _ = read(path)
    assert tally.line() == "rows in 2 = kept 1 + rejected 1 + out of scope 0" and len(observations) == 2
    assert tally.rejected[0].line == 3 and tally.rejected[0].raw == f"2019,{SHARK},HK"
