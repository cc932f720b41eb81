"""Origin and channel of every source (sources.csv): who produced a figure, and how Vigía got it.

The channel is stored once, on the source, with the codes of the `verification` vocabulary; the verification of
every figure is its source's channel. The layer's rows still carry a `verification` column: the build refuses one
that contradicts the channel, and a figure read from a snapshot must come from a file of the channel's kind. The
one difference allowed is towards caution: a figure of the producer's own document (`primary_checked`) may say
`relayed_unchecked` when it was read in a copy of that document and not yet checked in it.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from etl.curation import check_curation
from etl.problems import Location, Problems
from etl.records import Observation, RawRow

CAUTIOUS = ("primary_checked", "relayed_unchecked")  # (channel, what a figure of it may say instead)
FILE_CHANNELS = ("publisher_file", "third_party_file")
# What a flag qualifies: a "not recorded" flag goes with a blank cell, any other with a filled one. Titles and
# years are those of what Vigía read: the channel's (a relay's article, a file); a verbatim copy with no title or
# year of its own shows the producer's, and needs no flag.
BLANK_FLAGS = {"origin_not_recorded": "origin_publisher", "address_not_recorded": "url",
               "title_not_recorded": "title", "year_not_recorded": "year"}
FILLED_FLAGS = {"title_from_address": "title", "title_incomplete": "title", "year_inferred": "year",
                "year_approximate": "year"}


def check_sources(tables: Mapping[str, list[RawRow]], observations: list[Observation],
                  flag_codes: Iterable[str], problems: Problems) -> None:
    """Each source well formed and free of curation notes; every figure's verification its source's channel."""
    sources = tables["sources"]
    check_curation(sources, problems)
    known = set(flag_codes)
    for row in sources:
        _check_source(row, known, problems)
    channels = {r["source_id"]: r for r in sources}
    for o in observations:
        _check_verification(o.where, o.verification, channels.get(o.source_id), problems)
    for row in tables["facts"] + tables["events"]:
        _check_verification(row.where, row["verification"], channels.get(row["source_id"]), problems)


def _check_source(row: RawRow, known: set[str], problems: Problems) -> None:
    channel, through = row["channel"], row["channel_name"]
    if channel == "third_party_file" and not through:
        problems.at(row.where, "channel_name", "", "the third party whose file Vigía read")
    if channel in ("primary_checked", "publisher_file") and through:
        problems.at(row.where, "channel_name", through, f"blank: channel {channel} is the producer's own")
    if not through and channel not in FILE_CHANNELS:
        for column in ("channel_title", "channel_year"):
            if row[column]:
                problems.at(row.where, column, row[column], "blank when there is no channel_name or file")
    if not row["origin_publisher"] and not through:
        problems.at(row.where, "origin_publisher", "", "the producer, or else the channel_name Vigía read")
    flags = [f for f in row["flags"].split(";") if f]
    for flag in flags:
        if flag not in known:
            problems.at(row.where, "flags", flag, "codes of vocabulary source_flag, ;-separated")
    for flag, what in BLANK_FLAGS.items():
        read, shown = _cells(row, what)
        if flag in flags and read:
            problems.at(row.where, "flags", row["flags"], f"no {flag}: the {what} is recorded ({read!r})")
        elif flag not in flags and not shown:
            problems.at(row.where, "flags", row["flags"], f"{flag}, for the blank {what}")
    for flag, what in FILLED_FLAGS.items():
        if flag in flags and not _cells(row, what)[1]:
            problems.at(row.where, "flags", row["flags"], f"{flag} only with a {what}")


def _cells(row: RawRow, what: str) -> tuple[str, str]:
    """The value of `what` for what Vigía read, and what a reader is shown for it (that value, or for a channel
    without its own, the producer's)."""
    if what not in ("title", "year"):
        return row[what], row[what]
    read = row["channel_" + what] or ("" if row["channel_name"] else row["origin_" + what])
    return read, read or row["origin_" + what]


def _check_verification(where: Location, verification: str, source: RawRow | None, problems: Problems) -> None:
    if source is None or verification == source["channel"]:
        return  # an unknown source id is reported where references are checked
    if (source["channel"], verification) == CAUTIOUS:
        return
    problems.at(where, "verification", verification, f"{source['channel']}, the channel of source "
                f"{source['source_id']} ({source.where.file.parent.name}/{source.where.file.name}:{source.where.line})")


# the start of a reader's terms (its SOURCE's `licence`, in words) -> the licence code of the package
LICENCE_OF_TERMS = (("CC BY-SA 4.0", "cc_by_sa_4_0"), ("CC BY 4.0", "cc_by_4_0"),
                    ("public information of the Peruvian State", "pe_public_information"))


def file_source(source_id: str, producer: Mapping[str, str], file: str, downloaded: date, via: str | None,
                publisher: str | None, url: str | None) -> dict[str, str]:
    """The sources row of a data file `etl ingest` reads: its producer (a reader's SOURCE, or `publisher`) and the
    file, the producer's own or, `via` a third party, a copy."""
    terms = producer["licence"]
    row = {"source_id": source_id, "origin_publisher": publisher or producer["publisher"],
           "origin_title": producer["title"], "origin_year": "", "origin_grade": producer["reliability"],
           "channel": "publisher_file", "channel_name": "", "channel_title": f"{file}, downloaded {downloaded}",
           "channel_year": str(downloaded.year), "url": url or producer["url"], "language": producer["language"],
           "licence": next((code for text, code in LICENCE_OF_TERMS if terms.startswith(text)), "publisher_terms"),
           "flags": ""}
    if via:
        row.update(channel="third_party_file", channel_name=via, licence="third_party_copy")
    return row
