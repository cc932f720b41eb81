"""etl/ingest/staging.py: the snapshot an ingested file becomes (ingests that write one are in test_run.py)."""
from __future__ import annotations

from datetime import date

from etl.ingest import staging


def test_a_snapshot_id_is_the_format_the_file_stem_and_the_download_date():
    day = date(2024, 1, 1)
    assert staging._snapshot_id("cites", "trade_db_1.csv.gz", day, set()) == "cites_trade_db_1_20240101"
    assert staging._snapshot_id("cites", "trade_db_1.csv", day, {"cites_trade_db_1_20240101",
                                                                    "cites_trade_db_1_20240101_2"}) == \
        "cites_trade_db_1_20240101_3"
    assert staging._snapshot_id("geobosque", "Pérdida de Bosque (2025).CSV", day, set()) == \
        "geobosque_perdida_de_bosque_2025_20240101"
    assert staging._snapshot_id("cites", "CITES comptab.csv", day, set()) == "cites_comptab_20240101"
    assert staging._snapshot_id("gfw", "森林.xlsx", day, set()) == "gfw_20240101"
    assert len(staging._snapshot_id("gfw", "x" * 300 + ".csv", day, set())) == 4 + 60 + 9
