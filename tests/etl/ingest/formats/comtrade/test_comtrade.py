"""etl/ingest/formats/comtrade/, UN Comtrade (no real Peru fin rows were found, so every file is written here): legacy
and current columns, the three fin codes (030530 is not fins), mirror figures, named partner areas, monthly periods,
and bad rows rejected with their reason."""
from __future__ import annotations

import csv
import io
from datetime import date

from etl.ingest.run import ingest

LEGACY = ("Classification,Year,Period,Period Desc.,Aggregate Level,Is Leaf Code,Trade Flow Code,Trade Flow,"
          "Reporter Code,Reporter,Reporter ISO,Partner Code,Partner,Partner ISO,2nd Partner Code,2nd Partner,"
          "2nd Partner ISO,Customs Proc. Code,Customs,Mode of Transport Code,Mode of Transport,Commodity Code,"
          "Commodity,Qty Unit Code,Qty Unit,Qty,Alt Qty Unit Code,Alt Qty Unit,Alt Qty,Netweight (kg),"
          "Gross weight (kg),Trade Value (US$),CIF Trade Value (US$),FOB Trade Value (US$),Flag").split(",")
CURRENT = ("typeCode,freqCode,refPeriodId,refYear,refMonth,period,reporterCode,reporterISO,reporterDesc,flowCode,"
           "flowDesc,partnerCode,partnerISO,partnerDesc,partner2Code,partner2ISO,partner2Desc,classificationCode,"
           "cmdCode,cmdDesc,customsCode,motCode,qtyUnitCode,qty,netWgt,isNetWgtEstimated,primaryValue").split(",")


def legacy_row(**values) -> dict:
    row = {"Classification": "H4", "Year": "2019", "Period": "2019", "Trade Flow Code": "2", "Trade Flow": "Export",
           "Reporter Code": "604", "Reporter": "Peru", "Reporter ISO": "PER", "Partner Code": "156",
           "Partner": "China", "Partner ISO": "CHN", "2nd Partner Code": "", "Customs Proc. Code": "",
           "Mode of Transport Code": "", "Commodity Code": "030571", "Qty Unit Code": "8", "Qty": "1000",
           "Netweight (kg)": "1000", "Trade Value (US$)": "25000", "Flag": "0"}
    row.update(values)
    return row


def table(columns, rows) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, restval="", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def test_legacy_file_reads_fins_for_peru_and_its_mirror(tmp_path, read, write, reasons):
    rows = [
        legacy_row(),                                                                      # 2
        legacy_row(**{"Partner Code": "0", "Partner": "World", "Partner ISO": "WLD"}),     # 3 World: named in scope
        legacy_row(**{"Commodity Code": "030530"}),                                        # 4 not fins
        legacy_row(**{"Commodity Code": "030281"}),                                        # 5 whole sharks
        legacy_row(**{"Reporter Code": "344", "Reporter": "China, Hong Kong SAR", "Reporter ISO": "HKG",
                      "Partner Code": "604", "Partner": "Peru", "Partner ISO": "PER", "Trade Flow Code": "1",
                      "Netweight (kg)": "900", "Trade Value (US$)": "30000"}),             # 6 mirror
        legacy_row(**{"Trade Flow Code": "4"}),                                            # 7 re-import
        legacy_row(**{"Partner Code": "490", "Partner": "Other Asia, nes", "Partner ISO": ""}),   # 8 named area
        legacy_row(**{"Partner Code": "999", "Partner": "Narnia", "Partner ISO": ""}),     # 9 unknown country
        legacy_row(**{"Partner Code": "76", "Partner ISO": "BRA", "Netweight (kg)": "-5"}),  # 10 negative
        legacy_row(),                                                                      # 11 duplicate of 2
        legacy_row(**{"Partner Code": "36", "Partner ISO": "AUS", "Mode of Transport Code": "1"}),  # 12 breakdown
        legacy_row(**{"Year": "2031", "Period": "2031", "Partner Code": "392", "Partner ISO": "JPN"}),  # 13 future
        legacy_row(**{"Reporter Code": "156", "Partner Code": "344", "Partner ISO": "HKG"}),  # 14 not Peru
        legacy_row(**{"Partner Code": "704", "Partner ISO": "VNM", "Netweight (kg)": "",
                      "Commodity Code": "30392"}),                                         # 15 no weight; code w/o zero
        legacy_row(**{"Partner Code": "702", "Partner ISO": "SGP", "Flag": "4"}),          # 16 estimated weight
    ]
    tally, observations, det = read(write(tmp_path / "comtrade.csv", table(LEGACY, rows)), downloaded=date(2021, 1, 5))
    assert det.variant == "legacy"
    assert tally.line() == "rows in 15 = kept 6 + rejected 4 + out of scope 5"
    why = reasons(tally)
    assert "unknown country" in why[9] and "negative" in why[10] and "duplicate of line 2" in why[11]
    assert "future year" in why[13]
    got = {(o["unit"], o["partner"] or o["scope"], o["flow"], o["reporter"], o["hs_code"]): (o["value"], o["note"])
           for o in observations}
    assert got[("kg", "CN", "export", "exporter", "030571")] == ("1000", "")
    assert got[("usd", "CN", "export", "exporter", "030571")] == ("25000", "")
    assert ("kg", "partner: World (Comtrade 0)", "export", "exporter", "030571") in got
    assert ("kg", "partner: Other Asia, nes (Comtrade 490)", "export", "exporter", "030571") in got
    assert got[("kg", "HK", "export", "importer", "030571")][0] == "900"
    assert [o["scope"] for o in observations if o["partner"] == "HK"] == ["reported by China, Hong Kong SAR"] * 2
    assert ("kg", "VN", "export", "exporter", "030392") not in got                 # blank weight: a gap
    assert got[("usd", "VN", "export", "exporter", "030392")][0] == "25000"
    assert "estimated" in got[("kg", "SG", "export", "exporter", "030571")][1]
    assert got[("usd", "SG", "export", "exporter", "030571")][1] == ""
    assert dict(tally.out_of_scope) == {
        "HS 030530 (dried or salted fish fillets, not fins)": 1, "HS code not a shark-fin code": 1,
        "flow 4 (re-imports, domestic/foreign and processing breakdowns not read)": 1,
        "breakdown by second partner, customs procedure or mode of transport (totals are read)": 1,
        "trade not involving Peru": 1}


def test_current_columns_monthly_periods_and_a_full_ingest(tmp_path, read, write, reasons, copy_datasets, csv_rows):
    base = {"typeCode": "C", "freqCode": "M", "period": "202203", "refYear": "2022", "reporterCode": "604",
            "reporterISO": "PER", "flowCode": "X", "partnerCode": "156", "partnerISO": "CHN", "partner2Code": "0",
            "cmdCode": "30571", "customsCode": "C00", "motCode": "0", "netWgt": "500.5",
            "isNetWgtEstimated": "true", "primaryValue": "12000"}
    rows = [base, {**base, "flowCode": "FM"}, {**base, "flowCode": "M", "partnerCode": "218", "partnerISO": "ECU"},
            {**base, "period": "202213"}]
    path = write(tmp_path / "plus.csv", table(CURRENT, rows))
    tally, observations, det = read(path, downloaded=date(2023, 2, 1))
    assert det.variant == "current" and tally.line() == "rows in 4 = kept 2 + rejected 1 + out of scope 1"
    assert "YYYYMM" in reasons(tally)[5]
    got = sorted((o["period"], o["partner"], o["flow"], o["unit"], o["value"]) for o in observations)
    assert got == [("2022-03", "CN", "export", "kg", "500.5"), ("2022-03", "CN", "export", "usd", "12000"),
                   ("2022-03", "EC", "import", "kg", "500.5"), ("2022-03", "EC", "import", "usd", "12000")]
    datasets = copy_datasets(tmp_path)
    ingest([path], date(2023, 2, 1), datasets=datasets, out=tmp_path / "package", log=lambda *_: None)
    published = [o for o in csv_rows(tmp_path / "package" / "observations.csv") if o["ref"].startswith("ingest/")]
    assert len(published) == 4 and {o["period_kind"] for o in published} == {"month"}
    sources = {s["source_id"]: s for s in csv_rows(tmp_path / "package" / "sources.csv")}
    [source] = [s for s in sources.values() if "plus.csv" in s["channel_title"]]
    assert (source["origin_publisher"], source["origin_grade"]) == ("United Nations Statistics Division",
                                                                    "official_statistic")
    assert "downloaded 2023-02-01" in source["channel_title"] and "sha256 " in source["channel_title"]


def test_a_legacy_file_with_a_text_trade_flow_and_truncated_rows(tmp_path, read, write, reasons):
    columns = [c for c in LEGACY if c != "Trade Flow Code"]
    rows = [legacy_row(**{"Trade Flow": "Export"}),                                                    # 2
            legacy_row(**{"Trade Flow": "Re-Export", "Partner Code": "392", "Partner ISO": "JPN"}),   # 3
            legacy_row(**{"Trade Flow": "Import", "Partner Code": "218", "Partner ISO": "ECU"}),      # 4
            legacy_row(**{"Trade Flow": "Re-Import", "Partner Code": "76", "Partner ISO": "BRA"})]    # 5
    for row in rows:
        row.pop("Trade Flow Code")
    text = table(columns, rows) + "H4,2019,2019,,,,Export,604,Peru\n"                                 # 6 truncated
    tally, observations, det = read(write(tmp_path / "legacy.csv", text), downloaded=date(2021, 1, 5))
    assert det.variant == "legacy" and tally.line() == "rows in 5 = kept 3 + rejected 1 + out of scope 1"
    assert "got 9: the row ends before this column" in reasons(tally)[6]
    assert dict(tally.out_of_scope) == {
        "flow Re-Import (re-imports, domestic/foreign and processing breakdowns not read)": 1}
    assert {(o["partner"], o["flow"]) for o in observations} == {("CN", "export"), ("JP", "re_export"),
                                                                 ("EC", "import")}
