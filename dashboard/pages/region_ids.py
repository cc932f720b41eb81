"""Component ids of the region page (region.py), shared with the tests."""
NAME = "region-name"
