"""Component ids of the indicator page (indicator.py), shared with its callbacks, the server and the tests."""
NAME = "indicator-name"
INDICATOR = "ind-id"  # store: the indicator on show
LANG = "ind-lang"  # store: the page's language
REGIONS = "ind-regions"
TABS = "ind-tab"
SUMMARY = "ind-summary"
GRAPH = "ind-graph"
DOWNLOADS = "ind-downloads"
TABLE = "ind-table"
