"""etl/ingest/formats/fishstat/, FAO FishStat: the real wide, partner and long extracts (and the Peru snapshot the build
derives the FAO fin and meat series from); fins and meat told from the other commodities; FAO symbols, footers,
BOM and CRLF; mirror figures reported by other countries; and every bad row rejected with its reason."""
from __future__ import annotations

import csv
from collections import Counter, defaultdict
from datetime import date
from decimal import Decimal

import pytest

from etl.ingest.run import ingest
from etl.paths import DATASETS

GSM = "sharks_fao_fishstat_elasmo_trade_Peru_2012-2022_GSM.csv"
SNAPSHOT = DATASETS / "snapshots" / "fao_elasmo_trade_peru_gsm" / GSM
DRIED = "Shark fins, smoked, dried, whether or not salted, etc."
DOGFISH_NEI = ("Dogfish and other sharks nei (excl. Squalus acanthias, Scyliorhinus spp., Lamna nasus, Prionace "
               "glauca), frozen")
WIDE = "\ufeffReporting country (Name),Commodity (Name),Trade flow (Name),Unit (Name),Unit,[2018],S,[2019],S\n"
PARTNER = "\ufeffReporting country (Name),Country,Commodity (Name),Trade flow (Name),Unit (Name),Unit,Quantity\n"
TONNES = "Tonnes - net product weight,Tonnes - net product weight"


@pytest.mark.parametrize("name, year, expected", [
    ("fao_fishstat_China_shark_commodities_wide_1985-2019.csv", None,
     "rows in 15 = kept 0 + rejected 0 + out of scope 15"),
    ("fao_fishstat_import_by_partner_quantity_China_from_Peru_2019.csv", 2019,
     "rows in 20 = kept 0 + rejected 0 + out of scope 20"),
    ("fao_fishstat_import_by_partner_value_China_from_Peru_2019.csv", 2019,
     "rows in 20 = kept 0 + rejected 0 + out of scope 20"),
    ("sharks_fao_fishstat_elasmo_fins_Ecuador_2012-2022_GSM.csv", None,
     "rows in 44 = kept 0 + rejected 0 + out of scope 44"),
    ("sharks_fao_fishstat_elasmo_trade_Peru_2012-2022_GSM.csv", None,
     "rows in 165 = kept 132 + rejected 0 + out of scope 33"),
])
def test_real_extracts_are_read_and_accounted_for(name, year, expected, samples, read):
    tally, _, det = read(samples / name, year=year)
    assert tally.line() == expected, det.variant


def test_real_peru_extract_gives_the_package_figures_and_the_derived_totals(tmp_path, research, samples, read,
                                                                            copy_datasets):
    _, observations, _ = read(samples / GSM)
    assert Counter(o["indicator"] for o in observations) == {"shark_fin_trade_volume": 55,
                                                             "shark_meat_trade_volume": 77}
    totals = defaultdict(Decimal)
    for o in observations:
        if o["indicator"] == "shark_fin_trade_volume":
            totals[(o["flow"], o["period"])] += Decimal(o["value"])
    derived = research / "sharks_cites_derived.csv"
    with derived.open(newline="", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f)
                if r["indicator"].startswith("shark_fin_") and "(dried+frozen)" in r["indicator"]]
    assert len(rows) == 22
    for r in rows:
        assert totals[("export" if "exports" in r["indicator"] else "import", r["year"])] == Decimal(r["value"])
    datasets = copy_datasets(tmp_path)
    run = ingest([samples / GSM], date(2024, 10, 1), via="GitHub mamacneil/GSM_Project", datasets=datasets,
                 out=tmp_path / "package", log=lambda *_: None).runs["fishstat"]
    # the package derives every figure of this file from its snapshot (datasets/sources/sharks/derived.yaml)
    assert (run.already, run.conflicts, run.observations) == (132, 0, [])


def test_the_peru_snapshot_gives_every_retyped_fin_and_meat_figure(read):
    """The snapshot the build derives the FAO fin and meat series from (fao_elasmo_trade_peru_gsm): the figures
    research had retyped are among its rows, same cell and value (e.g. dried fins exported in 2021: 415.36 t;
    frozen 'Dogfish and other sharks nei' imported in 2012: 2429 t), and the zeros it publishes are kept as 0."""
    tally, observations, det = read(SNAPSHOT)
    assert (det.format, det.variant, tally.line()) == ("fishstat", "long",
                                                       "rows in 165 = kept 132 + rejected 0 + out of scope 33")
    assert dict(tally.out_of_scope) == {"commodity not shark fins or shark meat": 33}    # rays and skates
    got = {(o["indicator"], o["product"], o["flow"], o["period"]): o["value"] for o in observations}
    assert got[("shark_fin_trade_volume", DRIED, "export", "2021")] == "415.36"
    assert got[("shark_meat_trade_volume", DOGFISH_NEI, "import", "2012")] == "2429"
    assert got[("shark_meat_trade_volume", "Dogfish (Squalidae) and other sharks, meat, frozen", "import",
                "2021")] == "34"
    assert got[("shark_fin_trade_volume", "Shark fins, dried, unsalted", "export", "2012")] == "0"
    assert {(o["partner"], o["reporter"], o["scope"], o["geography"]) for o in observations} == {("", "", "", "PE")}


def test_symbols_footers_bom_crlf_and_bad_rows(tmp_path, read, write, reasons):
    rows = [
        f'Peru,"Shark fins, frozen",Exports,{TONNES},12,E,...,',           # 2: 2018 estimate; 2019 not available
        f'Peru,"Shark fins, dried",Exports,{TONNES},-,,0 0,',               # 3: nil or zero; under half a tonne
        f'Peru,"Shark fins, salted",Reexports,{TONNES},3 F,,4,',            # 4: value and symbol in one cell
        f'Peru,"Shark fins, prepared",Exports,{TONNES},-7,,1,',             # 5: negative
        f'Peru,"Shark fins, chilled",Exports,{TONNES},abc,,1,',             # 6: non-numeric
        f'Peru,"Shark fins, chilled",Smuggled,{TONNES},1,,1,',              # 7: unknown flow
        'Peru,"Shark fins, chilled",Imports,Pieces,Pieces,1,,1,',          # 8: unknown unit
        f'Peru,"Shark fins, frozen",Exports,{TONNES},12,E,...,',           # 9: duplicate of line 2
        f'Peru,"Sharks nei, fresh or chilled",Exports,{TONNES},99,,99,',    # 10: shark meat
        f'Chile,"Shark fins, frozen",Exports,{TONNES},5,,5,',               # 11: not Peru
        f'Peru,"Dogfish, other sharks, rays and skates (Rajidae), fillets, frozen",Exports,{TONNES},7,,7,',  # 12
        f'Peru,"Shark liver oil",Exports,{TONNES},1,,1,',                   # 13: not meat
        f'Peru,"Rays and skates (Rajidae), frozen",Exports,{TONNES},2,,2,', # 14: no sharks
        'Peru,"Sharks nei, fresh or chilled",Exports,USD 1000,USD 1000,8,,9,',  # 15: meat value: no indicator
        'Totals - Tonnes - net product weight,,,,,1000,,1000,',             # 16: footer
        'Source: FAO Fisheries and Aquaculture Division,,,,,,,,',            # 17: footer
    ]
    path = write(tmp_path / "wide.csv", WIDE + "\n".join(rows) + "\n", newline="\r\n")
    tally, observations, det = read(path, downloaded=date(2021, 3, 1))
    assert det.variant == "wide"
    assert tally.line() == "rows in 16 = kept 4 + rejected 5 + out of scope 7"
    why = reasons(tally)
    assert "negative" in why[5] and "non-numeric" in why[6] and "trade flow" in why[7] and "unit" in why[8]
    assert "duplicate of line 2" in why[9]
    got = {(o["product"], o["period"]): (o["value"], o["flow"], o["note"]) for o in observations}
    frozen_2018 = got[("Shark fins, frozen", "2018")]
    assert frozen_2018[0] == "12" and "FAO symbol 'E': estimate" in frozen_2018[2]
    assert ("Shark fins, frozen", "2019") not in got                       # '...': a gap, never zero
    assert got[("Shark fins, dried", "2018")][:1] == ("0",) and "nil or zero" in got[("Shark fins, dried", "2018")][2]
    assert got[("Shark fins, dried", "2019")][0] == "<0.5"
    assert got[("Shark fins, salted", "2018")][:2] == ("3", "re_export")
    meat = [(o["indicator"], o["period"], o["value"], o["unit"]) for o in observations
            if o["product"] == "Sharks nei, fresh or chilled"]
    assert meat == [("shark_meat_trade_volume", "2018", "99", "t_product_weight"),
                    ("shark_meat_trade_volume", "2019", "99", "t_product_weight")]
    assert {o["indicator"] for o in observations if o["product"] != "Sharks nei, fresh or chilled"} == {
        "shark_fin_trade_volume"}
    assert dict(tally.out_of_scope) == {
        "trade not involving Peru": 1, "commodity mixing sharks with rays or skates": 1,
        "shark oil, liver, skin, cartilage or another fin product (not meat)": 1,
        "commodity not shark fins or shark meat": 1, "value of shark meat trade (no indicator for it)": 1,
        "footer or note line": 2}


def test_partner_layout_gives_mirror_figures_and_needs_a_year(tmp_path, read, write, reasons):
    rows = [f'"China, Hong Kong SAR",Peru,"Shark fins, dried",Imports,{TONNES},"1,250.5"',
            f'Atlantis,Peru,"Shark fins, dried",Imports,{TONNES},3',
            f'Peru,Ecuador,"Shark fins, frozen",Imports,{TONNES},2',
            f'China,Peru,"Fishmeals, nei",Imports,{TONNES},770595.6']
    path = write(tmp_path / "partner.csv", PARTNER + "\n".join(rows) + "\n")
    no_year = read(path)[0]
    assert no_year.kept == 0 and "give --year" in reasons(no_year)[2]
    tally, observations, det = read(path, year=2019)
    assert det.variant == "partner" and tally.line() == "rows in 4 = kept 2 + rejected 1 + out of scope 1"
    assert "unknown country" in reasons(tally)[3]
    got = sorted((o["partner"], o["flow"], o["reporter"], o["value"], o["scope"], o["period"]) for o in observations)
    assert got == [("EC", "import", "", "2", "", "2019"),
                   ("HK", "export", "importer", "1250.5", "reported by China, Hong Kong SAR", "2019")]


def test_values_in_thousand_dollars_publish_the_fao_value_indicator(tmp_path, write, copy_datasets, csv_rows):
    path = write(tmp_path / "value.csv", WIDE + 'Peru,"Shark fins, dried",Exports,USD 1000,USD 1000,120,,95,E\n')
    datasets = copy_datasets(tmp_path)
    run = ingest([path], date(2021, 3, 1), datasets=datasets, out=tmp_path / "package",
                 log=lambda *_: None).runs["fishstat"]
    assert [i["id"] for i in run.indicators] == ["shark_fin_trade_value_fao"]     # defined by the reader
    published = [o for o in csv_rows(tmp_path / "package" / "observations.csv") if o["ref"].startswith("ingest/")]
    assert [(o["indicator"], o["period"], o["value"], o["unit"], o["flow"]) for o in published] == [
        ("shark_fin_trade_value_fao", "2018", "120", "usd_thousand", "export"),
        ("shark_fin_trade_value_fao", "2019", "95", "usd_thousand", "export")]
    assert "FAO symbol 'E': estimate" in published[1]["note_en"]
    assert "símbolo FAO 'E': estimación" in published[1]["note_es"]
    indicators = {i["indicator"]: i for i in csv_rows(tmp_path / "package" / "indicators.csv")}
    assert indicators["shark_fin_trade_value_fao"]["preferred_series"] == "fao_fishstat"
