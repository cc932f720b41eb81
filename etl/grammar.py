"""The value and period grammars of the sources layer (datasets/sources/README.md)."""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache

NUMBER = r"-?\d+(?:\.\d+)?"
_PREFIXES = {">=": "at_least", "<=": "at_most", ">": "more_than", "<": "less_than", "~": "approximate"}


@dataclass(frozen=True)
class Value:
    qualifier: str
    value: Decimal | None  # the point, or the bound; None for a range
    low: Decimal | None = None
    high: Decimal | None = None

    @property
    def text(self) -> str:
        """The value in the grammar it was parsed from: `54134`, `~4000`, `>286`, `70..90`."""
        if self.qualifier == "range":
            return f"{decimal_text(self.low)}..{decimal_text(self.high)}"
        prefix = {q: p for p, q in _PREFIXES.items()}.get(self.qualifier, "")
        return prefix + decimal_text(self.value)


@dataclass(frozen=True)
class Period:
    text: str
    kind: str
    start: date | None
    end: date | None

    @property
    def year(self) -> int | None:
        """The calendar year, only for a whole-year period (what a map's year slider shows)."""
        return self.start.year if self.kind == "year" and self.start else None


VALUE_EXPECTED = "a number (54134, 93.938), ~N, >N, >=N, <N, <=N or LOW..HIGH, no thousands separators"
PERIOD_EXPECTED = ("YYYY, YYYY/YYYY, YYYY-MM, YYYY-MM/YYYY-MM, YYYY-MM-DD, YYYY-MM-DD/YYYY-MM-DD, "
                   "~YYYY, ~YYYY/YYYY or unstated")


@lru_cache(maxsize=1 << 16)  # Value and Period are frozen: a text parsed once serves every row that has it
def parse_value(text: str) -> Value:
    s = text.strip()
    if m := re.fullmatch(f"({NUMBER})\\.\\.({NUMBER})", s):
        low, high = Decimal(m[1]), Decimal(m[2])
        if low >= high:
            raise ValueError("range low must be below high")
        return Value("range", None, low, high)
    for prefix, qualifier in _PREFIXES.items():
        if s.startswith(prefix) and re.fullmatch(NUMBER, s[len(prefix):]):
            return Value(qualifier, Decimal(s[len(prefix):]))
    if re.fullmatch(NUMBER, s):
        return Value("exact", Decimal(s))
    raise ValueError(VALUE_EXPECTED)


def _bound(text: str, end: bool) -> date:
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 1:
        return date(parts[0], 12, 31) if end else date(parts[0], 1, 1)
    if len(parts) == 2:
        year, month = parts
        return date(year, month, calendar.monthrange(year, month)[1] if end else 1)
    return date(*parts)


@lru_cache(maxsize=1 << 16)
def parse_period(text: str) -> Period:
    s = text.strip()
    if s == "unstated":
        return Period(s, "unstated", None, None)
    approximate = s.startswith("~")
    body = s[1:] if approximate else s
    piece = r"\d{4}(?:-\d{2}(?:-\d{2})?)?"
    m = re.fullmatch(f"({piece})(?:/({piece}))?", body)
    if not m:
        raise ValueError(PERIOD_EXPECTED)
    first, second = m[1], m[2]
    if second and len(first) != len(second):
        raise ValueError("both ends of a period need the same precision")
    try:
        start, end = _bound(first, False), _bound(second or first, True)
    except ValueError as exc:
        raise ValueError(f"not a calendar date ({exc})") from None
    if start > end:
        raise ValueError("a period must not end before it starts")
    if approximate:
        if len(first) != 4:
            raise ValueError("~ goes with years only (~2007, ~2016/2019)")
        kind = "approximate"
    elif len(first) == 4:
        kind = "span" if second else "year"
    elif second:
        kind = "part_year" if start.year == end.year else "span"
    else:
        kind = "month" if len(first) == 7 else "day"
    return Period(s, kind, start, end)


def decimal_text(value: Decimal | None) -> str:
    """A number as plain text, without exponent: the source's digits, no more, no fewer."""
    return "" if value is None else format(value, "f")
