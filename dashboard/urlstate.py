"""Query-string values from the URL, validated: an unknown or malformed value gives the nearest valid view
and a message saying so, never a traceback."""
from __future__ import annotations

from urllib.parse import parse_qs, urlencode

from dashboard import i18n


def lang_of(value) -> str:
    return value if value in i18n.LANGS else i18n.DEFAULT_LANG


def choose(value, allowed: list, fallback, field: str, lang: str, notices: list[str], name=str):
    """`value` if allowed, else `fallback`, and a notice in the reader's words: the field's name (locale key
    field_<field>) and the fallback's (`name(fallback)`: a place's or an indicator's name, never its id)."""
    if value in (None, ""):
        return fallback
    if value in allowed:
        return value
    notice(notices, lang, value, field, name(fallback))
    return fallback


def notice(notices: list[str], lang: str, value, field: str, shown: str) -> None:
    notices.append(i18n.t(lang, "unknown_value", value=str(value)[:60], field=i18n.t(lang, f"field_{field}"),
                          fallback=shown))


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
    notice(notices, lang, value, "year", str(nearest))
    return nearest


def href(path: str, **params) -> str:
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return f"{path}?{query}" if query else path


def request_lang() -> str:
    """The language of the view being answered: its `lang` query parameter, read from the page's address (a page
    request) or from the address the browser sent to Dash's page callback; the default outside a request."""
    from flask import has_request_context, request
    if not has_request_context():
        return i18n.DEFAULT_LANG
    if request.method == "GET":
        return lang_of(request.args.get("lang"))
    import dash
    try:
        search = dash.ctx.inputs.get("_pages_location.search") or ""
    except Exception:  # noqa: BLE001  # not inside a callback
        return i18n.DEFAULT_LANG
    return lang_of(parse_qs(str(search).lstrip("?")).get("lang", [None])[0])
