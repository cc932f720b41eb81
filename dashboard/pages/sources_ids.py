"""Component ids of the sources page (sources.py), shared with the tests."""
METHOD = "method"  # the method section's heading (an anchor)
TABLE = "sources-table"
