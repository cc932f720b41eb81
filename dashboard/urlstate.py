"""Query-string values from the URL, validated: an unknown or malformed value gives the nearest valid view
and a message saying so, never a traceback."""
from __future__ import annotations

from urllib.parse import urlencode

from dashboard import i18n


def lang_of(value) -> str:
    return value if value in i18n.LANGS else i18n.DEFAULT_LANG


def choose(value, allowed: list, fallback, field: str, lang: str, notices: list[str]):
    if value in (None, ""):
        return fallback
    if value in allowed:
        return value
    notices.append(i18n.t(lang, "unknown_value", value=str(value)[:60], field=field, fallback=fallback))
    return fallback


def choose_year(value, years: list[int], lang: str, notices: list[str]) -> int | None:
    if not years:
        return None
    if value in (None, ""):
        return years[-1]
    try:
        year = int(str(value))
    except ValueError:
        year = None
    if year in years:
        return year
    nearest = years[-1] if year is None else min(years, key=lambda y: abs(y - year))
    notices.append(i18n.t(lang, "unknown_value", value=str(value)[:60], field="year", fallback=nearest))
    return nearest


def href(path: str, **params) -> str:
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return f"{path}?{query}" if query else path
