"""Readers for analysts' fresh downloads: `python -m etl ingest FILE...` (see `run.py`), and for the
snapshots the build derives series from (`etl/derived.py`): one reader per format, the same for both.

    formats/       one folder per format (reader.py, format.yaml, its tables) and the registry of them
    reader.py      the reader contract: what a format's reader provides (`Reader`) and gives (`Reading`)
    download.py    a download as it arrives: the CSVs of a zip, gzip, UTF-16, bare CRs; not-a-CSV files refused
    detect.py      which format a file is, from its header (title rows, `,`/`;`/tab, BOM, any column order)
    text.py        decoding, the header line, the mapping of a format's columns
    rows.py        records, the one row loop every reader's rows go through, the row tally
    values.py      numbers and years
    files.py       the file given to a reader, the reader's context, the observation row
    stream.py      block-wise scan of large files for the records that can involve Peru (quote-aware)
    countries.py   partner countries as ISO 3166-1 alpha-2
    run.py         orchestration: read, compare with the package, write ingest_<format>/, rebuild
    runs.py        the records of a run (files, figures, staged snapshots, outcome)
    staging.py     the snapshot each file becomes, with its provenance stub (or the rows kept of a large one)
    report.py      the summary and datasets/ingest_report/
"""
