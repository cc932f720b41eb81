"""Translations (dashboard/locales/*.yaml) and number, value and period formatting for Peru's Spanish and English.

Numbers follow CLDR `es_PE` (54,134.5: comma for thousands, point for decimals, as read in Peru), not
generic `es` (54.134,5), which a reader in Peru would misread.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

import yaml
from babel.dates import format_date
from babel.numbers import format_decimal

LANGS = ("es", "en")
DEFAULT_LANG = "es"
LOCALES = {"es": "es_PE", "en": "en"}
_FOLDER = Path(__file__).parent / "locales"


@cache
def _strings(lang: str) -> dict:
    return yaml.safe_load((_FOLDER / f"{lang}.yaml").read_text(encoding="utf-8"))


def t(lang: str, key: str, **values) -> str:
    text = _strings(lang)[key]
    return text.format(**values) if values else text


def raw(lang: str, key: str):
    """A list or mapping of strings as translators wrote them (no placeholder filling)."""
    return _strings(lang)[key]


def number(value: str | Decimal | float | int, lang: str) -> str:
    """Keeps the source's decimals (no rounding, no padding)."""
    return format_decimal(Decimal(str(value)), locale=LOCALES[lang], decimal_quantization=False)


def value_text(qualifier: str, value: str, low: str, high: str, unit_symbol: str, lang: str) -> str:
    if qualifier == "range":
        core = f"{number(low, lang)}–{number(high, lang)}"
    else:
        prefix = "" if qualifier == "exact" else t(lang, f"value_prefix_{qualifier}")
        core = prefix + number(value, lang)
    return f"{core} {unit_symbol}".strip()


def _month(d: date, lang: str) -> str:
    return format_date(d, format="MMM y", locale=LOCALES[lang])


def period_text(period: str, kind: str, start: str, end: str, lang: str) -> str:
    if kind == "unstated":
        return t(lang, "period_unstated")
    first, last = date.fromisoformat(start), date.fromisoformat(end)
    if kind == "year":
        return str(first.year)
    if kind == "approximate":
        years = str(first.year) if first.year == last.year else f"{first.year}–{last.year}"
        return t(lang, "period_approximate", year=years)
    if kind == "day":
        return format_date(first, format="d MMM y", locale=LOCALES[lang])
    if kind == "month":
        return _month(first, lang)
    by_day = len(period.split("/")[0]) == 10
    fmt = "d MMM y" if by_day else "MMM y"
    start_text = format_date(first, format=fmt, locale=LOCALES[lang])
    end_text = format_date(last, format=fmt, locale=LOCALES[lang])
    if kind == "span" and len(period.split("/")[0]) == 4:
        return t(lang, "period_span", start=first.year, end=last.year)
    return f"{start_text} – {end_text}"
