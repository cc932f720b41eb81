"""The FAO capture in long form format: reader.py and its data files (see etl/ingest/formats/__init__.py)."""
