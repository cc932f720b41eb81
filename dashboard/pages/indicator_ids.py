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
CITATION = "ind-citation"  # the "Cite" block of the figures drawn
CITATION_BODY = "ind-citation-body"
CITATION_URL = "ind-citation-url"  # the cited address: the view's (the browser's script follows its places and tab)
