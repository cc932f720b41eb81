"""Numbers and years as the readers accept them: a file's own decimal convention, never a guess."""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from etl.ingest.rows import RowRejected

_PLAIN = re.compile(r"\d+(?:\.\d+)?|\.\d+")
_SCIENTIFIC = re.compile(r"\d+(?:\.\d+)?[eE][+-]?\d+")
_THOUSANDS_COMMA = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_THOUSANDS_DOT = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_DECIMAL_COMMA = re.compile(r"\d+,\d+")


def parse_number(text: str, column: str, delimiter: str = ",") -> Decimal | None:
    """A non-negative quantity, or None for a blank (a gap, never zero).

    Comma-separated files: '2,403.72' (thousands comma, necessarily quoted) and '1234.5'. Semicolon files
    (Spanish-locale exports): '1.234,5', '1234,5' and '1234.5'. Anything else is rejected, never guessed."""
    s = text.strip().replace("\u00a0", "").replace(" ", "")
    if not s:
        return None
    sign = ""
    if s[0] in "+-":
        sign, s = s[0], s[1:]
    if _PLAIN.fullmatch(s) or _SCIENTIFIC.fullmatch(s):
        number = s
    elif delimiter != ";" and _THOUSANDS_COMMA.fullmatch(s):
        number = s.replace(",", "")
    elif delimiter == ";" and _THOUSANDS_DOT.fullmatch(s):
        number = s.replace(".", "").replace(",", ".")
    elif delimiter == ";" and _DECIMAL_COMMA.fullmatch(s):
        number = s.replace(",", ".")
    else:
        raise RowRejected(column, text, "a number (non-numeric value)")
    try:
        value = Decimal(number)
    except InvalidOperation:
        raise RowRejected(column, text, "a number (non-numeric value)") from None
    if sign == "-" and value != 0:
        raise RowRejected(column, text, "a quantity of zero or more (negative value)")
    return value


def number_text(value: Decimal) -> str:
    """Plain decimal text for the sources layer: no exponent, no thousands separator."""
    text = format(value, "f")
    return text


def parse_year(text: str, column: str, downloaded: date, earliest: int = 1900) -> int:
    s = text.strip()
    if not re.fullmatch(r"\d{4}", s):
        raise RowRejected(column, text, "a four-digit year")
    year = int(s)
    if year > downloaded.year or year > date.today().year:
        raise RowRejected(column, text, f"a year up to {min(downloaded.year, date.today().year)} "
                                        f"(future year; downloaded {downloaded.isoformat()})")
    if year < earliest:
        raise RowRejected(column, text, f"a year from {earliest} on")
    return year
