"""How Vigía cites: the one rule every place that names a source follows (chart and map source lines, the
PNG/SVG/PDF images and briefs, "Citar", the CSV/Excel metadata, the source lists, hovers and tables).

- A source is named origin first (who produced the figure), the channel after (how Vigía got it:
  "DEVIDA (2024), vía pipaber/xgboost_deforestation (GitHub)").
- A set of figures cites only its own sources, ordered by the origin's grade (official statistic,
  peer-reviewed, other), then by the channel (the producer's document or file, a third party's file, a press
  relay), then by recency (newest first), then by id.
- When there are more than `SHOWN`, the first three are named and "y N fuentes más" says how many follow
  (linked to the list where the medium has links).
- What the research did not record is said in words in the reader's language (the `source_flag`
  vocabulary: "título no registrado", "fecha deducida del texto"), never left as a blank or a code.
- A title in another language than the reader's is shown as it is, with its language (`language` column)
  for the element that holds it.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dashboard import i18n

if TYPE_CHECKING:
    from dashboard.catalog import Catalog

GRADES = ("official_statistic", "peer_reviewed", "other")
CHANNELS = ("primary_checked", "publisher_file", "third_party_file", "relayed_unchecked")
SHOWN = 3


def _year(source: dict) -> int | None:
    for column in ("origin_year", "channel_year"):
        text = str(source.get(column) or "")[:4]
        if text.isdigit():
            return int(text)
    return None


def order_key(source: dict) -> tuple:
    """Grade of the origin, then the channel, then the newest first (an undated source last), then the id."""
    grade = source.get("origin_grade", "")
    channel = source.get("channel", "")
    year = _year(source)
    return (GRADES.index(grade) if grade in GRADES else len(GRADES),
            CHANNELS.index(channel) if channel in CHANNELS else len(CHANNELS),
            -(year if year is not None else -10_000), source.get("source_id", ""))


def ordered(sources: Iterable[dict]) -> list[dict]:
    return sorted(sources, key=order_key)


def flags(source: dict) -> list[str]:
    return [f for f in str(source.get("flags") or "").split(";") if f]


def origin_name(catalog: Catalog, source: dict, lang: str) -> str:
    """Who produced the figure; in words when the research did not record it."""
    return source["origin_publisher"] or catalog.label("source_flag", "origin_not_recorded", lang)


def _with_year(name: str, year: str) -> str:
    return f"{name} ({year})" if year else name


def short(catalog: Catalog, source: dict, lang: str) -> str:
    """A source in a line of names: "DEVIDA (2024)", "PRODUCE (2023), vía 247newsagency"."""
    origin = _with_year(origin_name(catalog, source, lang), source["origin_year"])
    if not source["channel_name"]:
        return origin
    channel = source["channel_name"] if source["origin_year"] else _with_year(source["channel_name"],
                                                                               source["channel_year"])
    return f"{origin}, {i18n.t(lang, 'cite_via')} {channel}"


@dataclass(frozen=True)
class Line:
    """A line that names a set of figures' sources: the first `SHOWN` and how many more."""
    named: tuple[str, ...]
    more: int

    def text(self, lang: str) -> str:
        names = "; ".join(self.named)
        if not self.more:
            return names
        return f"{names} {i18n.t(lang, 'more_sources_one' if self.more == 1 else 'more_sources', n=self.more)}"


def line(catalog: Catalog, rows, lang: str, limit: int = SHOWN) -> Line:
    """The source line of these figures (observation rows: a frame or records)."""
    sources = catalog.sources_of(rows)
    names = list(dict.fromkeys(short(catalog, s, lang) for s in sources))
    return Line(tuple(names[:limit]), max(0, len(names) - limit))


def figure_line(catalog: Catalog, row: dict, lang: str) -> str:
    """One figure's source, with its title and where in it the figure is."""
    s = catalog.source(row["source_id"])
    title = f", «{s['origin_title']}»" if s["origin_title"] else ""
    text = _with_year(origin_name(catalog, s, lang), s["origin_year"]) + title
    if s["channel_name"]:
        text += f", {i18n.t(lang, 'cite_via')} {_with_year(s['channel_name'], s['channel_year'])}"
    locator = locator_of(row, lang)
    return text + (f" · {i18n.t(lang, 'where_in_source')}: {locator}" if locator else "")


def locator_of(row: dict, lang: str) -> str:
    """Where in the source a figure is, in the reader's language."""
    return str(row.get(f"locator_{lang}") or "")


@dataclass(frozen=True)
class Entry:
    """A source in a list of sources, in pieces a page, a brief or a file lays out as it can."""
    source_id: str
    origin: str  # who produced the figure, in words when not recorded
    origin_year: str
    origin_title: str
    channel: str  # the channel's name ("" when Vigía read the producer's own document or file)
    channel_year: str
    channel_title: str
    url: str
    language: str  # the language of the titles (sources.language)
    grade: str  # the origin's grade, in words
    how: str  # how Vigía got it (the channel's vocabulary), in words
    licence: str  # in words
    missing: tuple[str, ...]  # what the research did not record, in words

    def text(self, lang: str) -> str:
        """The entry as one line of plain text (PDF, CSV, a copied citation)."""
        parts = [_with_year(self.origin, self.origin_year)]
        if self.origin_title:
            parts[0] += f". {self.origin_title}"
        if self.channel or self.channel_title:
            via = _with_year(self.channel, self.channel_year) if self.channel else self.channel_year
            parts.append(f"{i18n.t(lang, 'cite_via').capitalize()} {via}".strip()
                         + (f", {self.channel_title}" if self.channel_title else ""))
        if self.url:
            parts.append(self.url)
        return ". ".join(parts) + " — " + " · ".join(self.notes())

    def notes(self) -> list[str]:
        return [self.grade, self.how, *self.missing]


def entry(catalog: Catalog, source: dict, lang: str) -> Entry:
    return Entry(source["source_id"], origin_name(catalog, source, lang), source["origin_year"],
                 source["origin_title"], source["channel_name"], source["channel_year"], source["channel_title"],
                 source["url"], source["language"] or lang, catalog.label("grade", source["origin_grade"], lang),
                 catalog.label("verification", source["channel"], lang),
                 catalog.label("licence", source["licence"], lang) if source["licence"] else "",
                 tuple(catalog.label("source_flag", f, lang) for f in flags(source)
                       if f != "origin_not_recorded"))


def entries(catalog: Catalog, rows, lang: str) -> list[Entry]:
    """The list of these figures' sources, in the citation order."""
    return [entry(catalog, s, lang) for s in catalog.sources_of(rows)]


def citation_text(catalog: Catalog, title: str, rows, lang: str) -> str:
    """A ready-to-paste citation of these figures, up to its address (the caller adds the view's URL)."""
    package = catalog.package
    return i18n.t(lang, "citation", year=package.release_date[:4], title=title,
                  sources=line(catalog, rows, lang).text(lang), version=package.version, url="").rstrip()
