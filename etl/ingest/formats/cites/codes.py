"""The CITES code lists (codes.yaml: terms, units, purposes, appendices, taxon groups; units.csv: each unit's
wording, id and names) and how a record's term, unit and taxon are read against them."""
from __future__ import annotations

from typing import NamedTuple

from etl.ingest.formats import table


class Unit(NamedTuple):
    """A unit of the CITES lists as the catalogue defines it."""
    id: str
    name_es: str
    name_en: str
    kind: str   # count, mass, volume, area or length


class Group(NamedTuple):
    theme: str
    es: str
    en: str


_CODES = table("cites", "codes.yaml")
TERM_CODES: dict[str, str] = _CODES["terms"]
TERM_WORDS = set(TERM_CODES.values()) | set(_CODES["term_words"])
UNIT_CODES: dict[str, str] = _CODES["unit_codes"]   # unit as written -> its wording; blank: number of specimens
UNITS = {r["wording"]: Unit(r["unit_id"], r["name_es"], r["name_en"], r["kind"]) for r in table("cites", "units.csv")}
SYMBOLS: dict[str, str] = {}   # unit id -> the symbol the catalogue shows (its first wording's)
for _row in table("cites", "units.csv"):
    SYMBOLS.setdefault(_row["unit_id"], _row["symbol"])
PURPOSES: dict[str, str] = _CODES["purposes"]
APPENDICES = set(_CODES["appendices"])
GROUPS = {name: Group(**group) for name, group in _CODES["groups"].items()}
TIMBER_GENERA = set(_CODES["timber_genera"])
FAMILIES: dict[str, set[str]] = {group: set(names) for group, names in _CODES["families"].items()}
CLASS_OR_ORDER = {"sharks": "Elasmobranchii", "parrots": "Psittaciformes", "primates": "Primates"}


def group_of(taxon: str, klass: str, order: str, family: str, genus: str) -> str | None:
    """Which of Vigía's groups a CITES record belongs to, from its classification columns (the older
    13-column export has only Family and Taxon); None for every other taxon."""
    first = taxon.split()[0] if taxon.split() else ""
    genus = genus or first
    names = {klass, order, family, first}
    if genus in TIMBER_GENERA:
        return "timber"
    for group, higher in CLASS_OR_ORDER.items():
        if higher in names or family in FAMILIES[group] or first in FAMILIES[group]:
            return group
    return None


def term_of(text: str) -> str | None:
    s = " ".join(text.split())
    if s.upper() in TERM_CODES:
        return TERM_CODES[s.upper()]
    return s.lower() if s.lower() in TERM_WORDS else None


def unit_of(text: str) -> Unit | None:
    s = " ".join(text.split())
    if s.upper() in UNIT_CODES:
        s = UNIT_CODES[s.upper()]
    return UNITS.get(s.lower())
