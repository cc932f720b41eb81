"""The Global Forest Watch format: reader.py and its data files (see etl/ingest/formats/__init__.py)."""
