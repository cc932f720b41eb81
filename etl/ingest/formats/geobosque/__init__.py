"""The MINAM Geobosque format: reader.py and its data files (see etl/ingest/formats/__init__.py)."""
