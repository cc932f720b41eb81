"""etl/ingest/formats/baci/, CEPII BACI: the real GSM_Project snapshot the build derives the BACI fin series from (its
2019 HS17 rows repeated three times, HS12 and HS17 overlapping); CEPII's own layout with the revision in the
file name; exact repeats never summed; numeric country codes; every bad row rejected with its reason."""
from __future__ import annotations

from collections import Counter
from datetime import date

from etl.paths import DATASETS

SNAPSHOT = DATASETS / "snapshots" / "baci_fins_peru_gsm" / "sharks_baci_HS12-19_fins_Peru_GSM.csv"
RENAMED = ",year_t,exporter_i,importer_j,hscode_k,value_v,quantity_q,hs,product\n"


def test_the_real_snapshot_gives_one_figure_per_flow_without_summing_repeats(read):
    tally, observations, det = read(SNAPSHOT)
    assert (det.format, det.variant) == ("baci", "renamed")
    assert tally.line() == "rows in 78 = kept 48 + rejected 0 + out of scope 30"
    assert dict(tally.out_of_scope) == {"exact repeat of an earlier row (a duplicate, not summed)": 14,
                                        "flow given by an earlier HS revision (HS12)": 16}
    assert "ignored columns: product" in tally.notes               # the copy's own label; its index is unnamed
    assert Counter(o["indicator"] for o in observations) == {"shark_fin_trade_tonnes": 48,
                                                             "shark_fin_trade_value_kusd": 48}
    cells = Counter((o["indicator"], o["period"], o["partner"], o["flow"], o["hs_code"]) for o in observations)
    assert set(cells.values()) == {1}
    got = {(o["indicator"], o["period"], o["partner"], o["flow"], o["hs_code"]): o for o in observations}
    hk_2012 = got[("shark_fin_trade_tonnes", "2012", "HK", "export", "030571")]
    assert (hk_2012["value"], hk_2012["unit"], hk_2012["series"], hk_2012["geography"], hk_2012["reporter"]) == (
        "120.502", "t", "baci", "PE", "")
    assert hk_2012["locator"] == "row exporter_i=604, importer_j=344, hscode_k=30571, HS12"
    assert got[("shark_fin_trade_value_kusd", "2012", "HK", "export", "030571")]["value"] == "5680.124"
    # 2019 to Hong Kong: HS12's figure, not HS17's 9390.051, and never three HS17 copies summed
    assert got[("shark_fin_trade_value_kusd", "2019", "HK", "export", "030571")]["value"] == "9473.603"
    assert got[("shark_fin_trade_tonnes", "2019", "EC", "import", "030571")]["value"] == "102.332"
    frozen = got[("shark_fin_trade_value_kusd", "2018", "SG", "export", "030392")]     # only HS17 has it
    assert frozen["value"] == "1099.425" and "HS17" in frozen["note"]
    assert got[("shark_fin_trade_tonnes", "2019", "SG", "export", "030392")]["value"] == "4.8"
    assert {o["partner"] for o in observations} == {"CA", "HK", "JP", "US", "SG", "AE", "CN", "VN", "EC", "ID"}


def test_cepii_layout_revision_from_the_file_name_and_bad_rows(tmp_path, read, write, reasons):
    rows = ["2019,604,344,30571,9390.051,200.109",          # 2: kept
            "2019,218,604,30571,3272.98,NA",                # 3: quantity not available: value only
            "2019,604,490,30392,12.5,1.25",                 # 4: Other Asia, nes: no partner code
            "2019,218,344,30571,1,1",                       # 5: not Peru
            "2019,604,344,30530,5,5",                       # 6: fillets, not fins
            "2019,604,344,30571,9390.051,200.109",          # 7: exact repeat of 2
            "2019,604,344,30571,9390.051,200.2",            # 8: other values than 2
            "2019,604,999,30571,1,1",                       # 9: unknown country
            "2019,604,392,30571,-4,1",                      # 10: negative
            "2019,604,392,fins,4,1",                        # 11: not a code
            "2019,604,842,30292,0.5,0.01"]                  # 12: United States (Comtrade code 842)
    path = write(tmp_path / "BACI_HS17_Y2019_V202401.csv", "t,i,j,k,v,q\n" + "\n".join(rows) + "\n")
    tally, observations, det = read(path, downloaded=date(2024, 3, 1))
    assert (det.format, det.variant) == ("baci", "cepii")
    assert "HS revision from the file name: HS17" in tally.notes
    assert tally.line() == "rows in 11 = kept 4 + rejected 4 + out of scope 3"
    why = reasons(tally)
    assert "line 2 has other values" in why[8] and "unknown country" in why[9]
    assert "negative" in why[10] and "HS 6-digit product code" in why[11]
    assert dict(tally.out_of_scope) == {"trade not involving Peru": 1, "HS code not a shark-fin code": 1,
                                        "exact repeat of an earlier row (a duplicate, not summed)": 1}
    got = sorted((o["indicator"], o["partner"], o["flow"], o["hs_code"], o["value"], o["scope"]) for o in observations)
    assert got == [
        ("shark_fin_trade_tonnes", "", "export", "030392", "1.25", "partner: Other Asia, nes (BACI 490)"),
        ("shark_fin_trade_tonnes", "HK", "export", "030571", "200.109", ""),
        ("shark_fin_trade_tonnes", "US", "export", "030292", "0.01", ""),
        ("shark_fin_trade_value_kusd", "", "export", "030392", "12.5", "partner: Other Asia, nes (BACI 490)"),
        ("shark_fin_trade_value_kusd", "EC", "import", "030571", "3272.98", ""),
        ("shark_fin_trade_value_kusd", "HK", "export", "030571", "9390.051", ""),
        ("shark_fin_trade_value_kusd", "US", "export", "030292", "0.5", "")]
    assert all("CEPII BACI, HS17, HS " in o["note"] for o in observations)


def test_the_earliest_revision_gives_a_flow_whatever_the_order_of_the_rows(tmp_path, read, write):
    rows = ["1,2018,604,344,30571,7129.726,248.579,HS17,fins",     # 2: HS17, same flow as line 3
            "2,2018,604,344,30571,7794.511,247.595,HS12,fins",     # 3: HS12: gives the figure
            "3,2018,604,702,30392,1099.425,42.958,HS17,fins",      # 4: only HS17 has it: kept
            "4,2018,604,344,30571,7129.726,248.579,HS17,fins"]     # 5: exact repeat of line 2
    path = write(tmp_path / "gsm.csv", RENAMED + "\n".join(rows) + "\n", newline="\r\n")
    tally, observations, _ = read(path)
    assert tally.line() == "rows in 4 = kept 2 + rejected 0 + out of scope 2"
    assert dict(tally.out_of_scope) == {"flow given by an earlier HS revision (HS12)": 1,
                                        "exact repeat of an earlier row (a duplicate, not summed)": 1}
    assert sorted((o["partner"], o["hs_code"], o["value"], o["ref"].rsplit("#", 1)[1]) for o in observations) == [
        ("HK", "030571", "247.595", "L3"), ("HK", "030571", "7794.511", "L3"),
        ("SG", "030392", "1099.425", "L4"), ("SG", "030392", "42.958", "L4")]
