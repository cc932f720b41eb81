"""Colours and shared figure settings. Palettes are colour-blind safe (viridis classes, Okabe-Ito series)."""

CLASS_COLOURS = ["#fde725", "#7ad151", "#22a884", "#2a788e", "#414487"]  # viridis, light (low) to dark (high)
NO_DATA = "#a6a6a6"
OUTSIDE = "#f7f7f7"
NEIGHBOUR = "#e4dfd3"
BORDER = "#6b6b6b"
SERIES_COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]
FONT = dict(family="DejaVu Sans, Verdana, sans-serif", size=13, color="#222222")
GEOJSON_URL = "/geo/peru_departments.geojson"
NEIGHBOURS_URL = "/geo/peru_neighbours.geojson"


def text_lines(text: str, width: int) -> list[str]:
    """A text in lines of at most `width` characters (a longer word alone), broken between words: plotly does
    not wrap titles, legend entries or notes."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]
