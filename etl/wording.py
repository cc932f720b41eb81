"""Spanish for the texts the `etl ingest` readers write in English: a figure's locator, scope and note.

A reader writes one English text per column (`Catalogue.reader_columns`); the sources layer holds each in two,
`x_es` and `x_en`. The translator's file, `datasets/catalogue/reader_texts.yaml`, lists patterns: a text is cut
at "; " into clauses and each clause is matched whole against the patterns' `en`, in order; `{name}` stands for
any text (a number, a column, a name the file gives) and `{name:number}` for a number, copied into `es` as they
are. A text with a clause that no pattern matches gets no Spanish: its `x_es` stays blank, and
tests/datasets/test_wording.py names it.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from etl.problems import Problems
from etl.yamlfile import load_yaml

READER_TEXTS = "reader_texts.yaml"
CLAUSES = "; "
PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)(?::(number))?\}")  # {name} any text, {name:number} a number only
KINDS = {None: ".+?", "number": r"-?\d[\d.,]*"}

Pattern = tuple[re.Pattern[str], str]  # the English clause as a regular expression, the Spanish template


def _compile(en: str) -> re.Pattern[str]:
    parts, end = [], 0
    for m in PLACEHOLDER.finditer(en):
        parts += [re.escape(en[end:m.start()]), f"(?P<{m[1]}>{KINDS[m[2]]})"]
        end = m.end()
    return re.compile("".join(parts) + re.escape(en[end:]))


def read_patterns(path: Path, problems: Problems) -> tuple[Pattern, ...]:
    """The translator's patterns; a malformed entry is a problem, and no file means no patterns."""
    if not path.exists():
        return ()
    try:
        entries: Any = load_yaml(path.read_text(encoding="utf-8")) or []
    except yaml.YAMLError as exc:
        problems.add(path, 0, "", str(exc).splitlines()[0], "valid YAML")
        return ()
    patterns = []
    for entry in entries if isinstance(entries, list) else [entries]:
        en, es = (entry.get(lang) if isinstance(entry, Mapping) else None for lang in ("en", "es"))
        if not (isinstance(en, str) and isinstance(es, str) and en.strip() and es.strip()):
            problems.add(path, 0, "", repr(entry), "entries {en: ..., es: ...} with non-empty text")
        elif CLAUSES in en or not _names(es) <= _names(en) or len(_names(en)) < len(PLACEHOLDER.findall(en)):
            problems.add(path, 0, "", repr(entry), f"one clause (no {CLAUSES!r}), each placeholder once, and an es "
                                                   "that names only en's placeholders")
        else:
            patterns.append((_compile(en), es))
    return tuple(patterns)


def _names(text: str) -> set[str]:
    return {m[1] for m in PLACEHOLDER.finditer(text)}


def _fill(template: str, values: Mapping[str, str]) -> str:
    return PLACEHOLDER.sub(lambda m: values[m[1]], template)


# Spanish already found, per pattern list (kept alive here, so its id names it) and English text: a reader
# writes the same few texts on many rows.
_MEMO: dict[int, tuple[Sequence[Pattern], dict[str, str]]] = {}


def spanish(text: str, patterns: Sequence[Pattern]) -> str:
    """The Spanish of a reader's English text, or "" when a clause of it has no pattern."""
    held = _MEMO.get(id(patterns))
    if held is None or held[0] is not patterns:
        if len(_MEMO) >= 8:
            _MEMO.clear()
        held = _MEMO[id(patterns)] = (patterns, {})
    found = held[1].get(text)
    if found is None:
        found = held[1][text] = _spanish(text, patterns)
    return found


def _spanish(text: str, patterns: Sequence[Pattern]) -> str:
    clauses = []
    for clause in text.split(CLAUSES) if text else []:
        for regex, template in patterns:
            if match := regex.fullmatch(clause):
                clauses.append(_fill(template, match.groupdict()))
                break
        else:
            return ""
    return CLAUSES.join(clauses)


def bilingual(row: Mapping[str, str], columns: Sequence[str], patterns: Sequence[Pattern]) -> dict[str, str]:
    """A reader's row with the layer's columns: its English text `x` as `x_en`, and `x_es` from the patterns."""
    out = dict(row)
    for text, es, en in _pairs(tuple(columns)):
        if text in out:
            english = out.pop(text)
            out[es], out[en] = spanish(english, patterns), english
    return out


@functools.lru_cache(maxsize=64)
def _pairs(columns: tuple[str, ...]) -> tuple[tuple[str, str, str], ...]:
    """The reader's column `x` of each pair `x_es`, `x_en` among the columns, in their order."""
    return tuple((c[:-3], c, f"{c[:-3]}_en") for c in columns if c.endswith("_es") and f"{c[:-3]}_en" in columns)
