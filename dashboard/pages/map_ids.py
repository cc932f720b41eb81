"""Component ids of the map page (map.py), shared with its callbacks, the server and the tests."""
INDICATOR = "map-indicator"
YEAR_LABEL = "map-year-label"
YEAR = "map-year"
PLAY = "map-play"
TIMER = "map-timer"
LANG = "map-lang"  # store: the page's language
FIGURE = "map-figure"  # store: the whole figure, every year as a frame
TEXTS = "map-texts"  # store: each year's summary and table
SUMMARY = "map-summary"
GRAPH = "map-graph"
BOUNDARIES_NOTE = "map-boundaries-note"
DOWNLOADS = "map-downloads"
CITATION = "map-citation"
TABLE = "map-table"
INDICATOR_LINK = "map-indicator-link"
