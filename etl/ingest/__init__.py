"""Readers for analysts' fresh downloads: `python -m etl ingest FILE...` (see `run.py`), and for the
snapshots the build derives series from (`etl/derived.py`): one reader per format, the same for both.

    download.py    a download as it arrives: the CSVs of a zip, gzip, UTF-16, bare CRs; not-a-CSV files refused
    detect.py      which format a file is, from its header (title rows, `,`/`;`/tab, BOM, any column order)
    common.py      decoding, headers, numbers, years, the observation row, the row tally
    stream.py      block-wise scan of large files for the records that can involve Peru (quote-aware)
    cites.py       CITES Trade Database: comparative tabulation (16/13 columns) and bulk files (cites_codes.py)
    geobosque.py   MINAM Geobosque forest loss by district, summed to departments only when every district is there
    gfw.py         Global Forest Watch tree cover loss: spreadsheet and CSV download
    fishstat.py    FAO FishStat shark fin and meat trade: wide, partner and long layouts
    fao_capture.py FAO Global Capture Production in long form: Peru's shark catch
    baci.py        CEPII BACI shark-fin trade with Peru (exact repeats are duplicates, never summed)
    devida.py      DEVIDA coca area by department and zone: report tables (retyped text or CSV), latest report wins
    comtrade.py    UN Comtrade shark-fin trade (HS 030292, 030392, 030571): legacy and current columns
    countries.py   partner countries as ISO 3166-1 alpha-2
    run.py         orchestration: read, compare with the package, write ingest_<format>/, rebuild
    runs.py        the records of a run (files, figures, staged snapshots, outcome)
    staging.py     the snapshot each file becomes, with its provenance stub (or the rows kept of a large one)
    report.py      the summary and datasets/ingest_report/
"""
