"""The places catalogue and the one function that turns a place name into a place id."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass


def name_key(name: str) -> str:
    """Case-, accent- and spacing-insensitive key: 'MADRE DE DIOS', 'Madre De Dios' and 'madre de  dios' match."""
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().replace("-", " ").split())


class UnknownPlace(LookupError):
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
    map_units: tuple[str, ...]
    aliases: tuple[str, ...]


class PlaceIndex:
    """Names are matched within their level only: 'Ucayali' the province is not PE-UCA the department."""

    def __init__(self, places: list[Place]):
        self.places = {p.place_id: p for p in places}
        self._by_level: dict[tuple[str, str], str] = {}
        self.ambiguous: list[tuple[str, str, str, str]] = []
        for place in places:
            for name in {place.place_id, place.name_es, place.name_en, *place.aliases}:
                key = (place.level, name_key(name))
                other = self._by_level.setdefault(key, place.place_id)
                if other != place.place_id:
                    self.ambiguous.append((place.level, name, other, place.place_id))

    def normalise(self, name: str, level: str) -> str:
        try:
            return self._by_level[(level, name_key(name))]
        except KeyError:
            known = sorted({p.name_es for p in self.places.values() if p.level == level})
            hint = ", ".join(known[:12]) + (" ..." if len(known) > 12 else "")
            raise UnknownPlace(f"a known {level} name or alias ({hint or 'none at this level'})") from None

    def map_units(self) -> list[str]:
        """The 26 units drawn on the map: places whose map_units is exactly themselves."""
        return sorted(p.place_id for p in self.places.values() if p.map_units == (p.place_id,))
