"""The places catalogue (datasets/catalogue/places.csv) and the one function that turns a place name into an id.

A place is declared once for the whole package, with the departments it lies in. Names may repeat (three
districts are called Lagunas): a reference that matches two places is the error, where it is made. An alias
given to two places under the same parent is an error of the catalogue itself.
"""
from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from etl.problems import Problems
from etl.records import RawRow


@lru_cache(maxsize=1 << 16)
def name_key(name: str) -> str:
    """Case-, accent- and spacing-insensitive key: 'MADRE DE DIOS', 'Madre De Dios' and 'madre  de dios' match."""
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().replace("-", " ").split())


class UnknownPlace(LookupError):
    pass


class AmbiguousPlace(UnknownPlace):
    pass


@dataclass(frozen=True)
class Place:
    place_id: str
    level: str
    name_es: str
    name_en: str
    iso_3166: str
    ubigeo: str
    parent_id: str
    departments: tuple[str, ...]
    map_units: tuple[str, ...]
    aliases: tuple[str, ...]

    @classmethod
    def from_row(cls, row: RawRow) -> Place:
        def listed(column: str, sep: str) -> tuple[str, ...]:
            return tuple(filter(None, (part.strip() for part in row[column].split(sep))))
        return cls(row["place_id"], row["level"], row["name_es"], row["name_en"], row["iso_3166"], row["ubigeo"],
                   row["parent_id"], listed("departments", ";"), listed("map_units", ";"), listed("aliases", "|"))

    def row(self) -> dict[str, str]:
        """The place as a row of the package's places table."""
        return {"place_id": self.place_id, "level": self.level, "name_es": self.name_es, "name_en": self.name_en,
                "iso_3166": self.iso_3166, "ubigeo": self.ubigeo, "parent_id": self.parent_id,
                "departments": ";".join(self.departments), "map_units": ";".join(self.map_units),
                "aliases": "|".join(self.aliases)}


class PlaceIndex:
    """Names are matched within their level only: 'Ucayali' the province is not PE-UCA the department."""

    def __init__(self, places: list[Place]):
        self.places = {p.place_id: p for p in places}
        self._by_level: dict[tuple[str, str], list[str]] = defaultdict(list)
        for place in places:
            for name in sorted({place.place_id, place.name_es, place.name_en, *place.aliases}):
                ids = self._by_level[(place.level, name_key(name))]
                if place.place_id not in ids:
                    ids.append(place.place_id)

    def normalise(self, name: str, level: str) -> str:
        ids = self._by_level.get((level, name_key(name)), [])
        if len(ids) > 1:
            raise AmbiguousPlace(f"one {level}, but it names {' and '.join(ids)}: give the place id instead")
        if not ids:
            known = sorted({p.name_es for p in self.places.values() if p.level == level})
            hint = ", ".join(known[:12]) + (" ..." if len(known) > 12 else "")
            raise UnknownPlace(f"a known {level} name or alias ({hint or 'none at this level'})")
        return ids[0]

    def map_units(self) -> list[str]:
        """The 26 units drawn on the map: places whose map_units is exactly themselves."""
        return sorted(p.place_id for p in self.places.values() if p.map_units == (p.place_id,))


def read_places(rows: list[RawRow], problems: Problems) -> PlaceIndex:
    """The index of the catalogue's place rows; references between places and shared aliases are problems."""
    places = [Place.from_row(row) for row in rows]
    index = PlaceIndex(places)
    alias_owner: dict[tuple[str, str, str], RawRow] = {}
    for row, place in zip(rows, places, strict=True):
        for column, refs in (("parent_id", (place.parent_id,)), ("departments", place.departments),
                             ("map_units", place.map_units)):
            for ref in filter(None, refs):
                if ref not in index.places:
                    problems.at(row.where, column, ref, "a place id of places.csv")
                elif column == "departments" and index.places[ref].level != "department":
                    problems.at(row.where, column, ref, "the id of a department (level department)")
        for alias in place.aliases:
            key = (place.level, place.parent_id, name_key(alias))
            first = alias_owner.setdefault(key, row)
            if first is not row:
                problems.at(row.where, "aliases", alias, f"an alias of one place under {place.parent_id or 'no parent'}"
                            f" (also {first['place_id']}, line {first.where.line})")
    for row, place in zip(rows, places, strict=True):
        for name in {place.name_es, place.name_en, place.place_id}:
            owner = alias_owner.get((place.level, place.parent_id, name_key(name)))
            if owner is not None and owner is not row:
                problems.at(owner.where, "aliases", name, "an alias that is no other place's name under "
                            f"{place.parent_id or 'no parent'} (it names {place.place_id}, line {row.where.line})")
    return index
