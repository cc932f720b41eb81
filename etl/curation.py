"""Curation notes stay out of the product: the source fields users read (publisher, title, outlet) must not
carry the notes a curator leaves while transcribing. What the research did not record is said with a flag
(vocabulary `source_flag`), which the dashboard puts in words in the reader's language.

The texts of the figures, facts and events (locator_*, note_*, scope_*: shown on hover and in tables) are held
to the same markers, in both languages, but there what the research did not record is said in the text itself,
in the reader's words: "date inferred from the text: ..." / "fecha deducida del texto: ..." and "place in the
document not recorded" / "lugar en el documento no registrado" pass; "inferred by the researcher", "the dossier
infers", "research notes", "(paragraph not recorded)", "not shown" do not.
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


# Allowed in a text column: the reader's wording of what the research did not record, and a heading quoted as
# the source writes it, brackets included (FAO FishStat's year columns are "[2018]": "column '[2018]'").
READER_WORDING = re.compile(r"place in the document not recorded|lugar en el documento no registrado"
                            r"|'\[[^'\[\]]*\]'", re.I)

# marker -> what it is, for texts of figures, facts and events (Spanish and English).
TEXT_MARKERS: tuple[tuple[re.Pattern[str], str], ...] = MARKERS[:5] + (
    # "inferred from the text" / "deducida del texto" is the reader's wording; any other inference is the curator's
    (re.compile(r"\b(?!inferred from the text\b)inf(?:ie|e)r\w*", re.I), "a curator's inference"),
    (re.compile(r"\btranscribed by\b|\btranscrit[oa]s? por\b", re.I), "a note on who transcribed it"),
    (re.compile(r"\((?:relaying|citing|quoting)\b", re.I), "a relay in parentheses"),
    (re.compile(r"research notes|\bresearcher\b|dossier|notas de (?:la )?investigaci[oó]n|\binvestigador(?:a)?\b",
                re.I), "a reference to the research"),
    # "not identified to species" says what the source's figure covers, not what the research missed
    (re.compile(r"\bnot (?:recorded|shown)\b|\bnot identified\b(?! to\b)|\bURL slug\b|\bslug de la URL\b"
                r"|\bno registrad[oa]s?\b|\bno se muestra\b", re.I), "a note on what is missing"),
)
TEXT_PREFIXES = ("locator_", "note_", "scope_")


def curation_marker(text: str) -> str:
    """What curation note `text` carries ("" for none)."""
    return next((what for pattern, what in MARKERS if pattern.search(text)), "")


def text_curation_marker(text: str) -> str:
    """What curation note the text of a figure, fact or event carries ("" for none)."""
    text = READER_WORDING.sub("", text)
    return next((what for pattern, what in TEXT_MARKERS if pattern.search(text)), "")


def check_curation(rows: Iterable[RawRow], problems: Problems) -> None:
    for row in rows:
        for column in USER_FACING:
            what = curation_marker(row[column])
            if what:
                problems.at(row.where, column, row[column], f"text a reader can be shown, without {what} "
                            "(what the research did not record goes in `flags`)")


def check_text_curation(rows: Iterable[RawRow], problems: Problems) -> None:
    """The locator, note and scope texts of figures, facts and events: no curator's notes, in either language."""
    for row in rows:
        for column, text in row.fields.items():
            if text and column.startswith(TEXT_PREFIXES):
                what = text_curation_marker(text)
                if what:
                    problems.at(row.where, column, text, f"text a reader can be shown, without {what} (say "
                                "what the source does not give in the reader's words: 'date inferred from the "
                                "text: ...', 'place in the document not recorded')")
