"""Curation notes stay out of the product: the source fields users read (publisher, title, outlet) must not
carry the notes a curator leaves while transcribing. What the research did not record is said with a flag
(vocabulary `source_flag`), which the dashboard puts in words in the reader's language.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from etl.problems import Problems
from etl.records import RawRow

USER_FACING = ("origin_publisher", "origin_title", "channel_name", "channel_title")

# marker -> what it is, for the message. A question mark is a note only when it closes a parenthesis ("AIN
# (Agencia ...?)"); one that ends a real title ("Is Peru cocaine production rising again?") passes.
MARKERS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"[\[\]]"), "a bracketed note"),
    (re.compile(r"\?\s*\)"), "a question mark closing a parenthesis"),
    (re.compile(r"_figures\.csv", re.I), "a research file reference"),
    (re.compile(r"#L\d+"), "a line reference"),
    # 7-40 hex digits with at least one digit and one letter: a commit, not a year or a word such as "decade"
    (re.compile(r"\b(?=[0-9a-f]*[0-9])(?=[0-9a-f]*[a-f])[0-9a-f]{7,40}\b", re.I), "a commit hash"),
    (re.compile(r"\binferred\b", re.I), "a curator's inference"),
    (re.compile(r"\btranscribed by\b", re.I), "a note on who transcribed it"),
    (re.compile(r"\((?:relaying|citing|quoting)\b", re.I), "a relay in parentheses (use channel_name)"),
    (re.compile(r"research notes|dossier", re.I), "a reference to the research"),
    (re.compile(r"\bnot (?:recorded|shown|identified)\b|\bURL slug\b", re.I), "a note on what is missing"),
)


def curation_marker(text: str) -> str:
    """What curation note `text` carries ("" for none)."""
    return next((what for pattern, what in MARKERS if pattern.search(text)), "")


def check_curation(rows: Iterable[RawRow], problems: Problems) -> None:
    for row in rows:
        for column in USER_FACING:
            what = curation_marker(row[column])
            if what:
                problems.at(row.where, column, row[column], f"text a reader can be shown, without {what} "
                            "(what the research did not record goes in `flags`)")
