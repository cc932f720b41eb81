"""Catalogue entries for the CITES indicators and units an ingest writes, from the templates of indicators.yaml and
the units of units.csv (where datasets/catalogue lacks them)."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from etl.ingest.files import Context, ObservationRow
from etl.ingest.formats import table
from etl.ingest.formats.cites import codes
from etl.ingest.reader import IndicatorEntry, UnitEntry

ORIGIN = "_peru_origin"


def indicators(observations: Sequence[ObservationRow], ctx: Context) -> dict[str, IndicatorEntry]:
    """The entry of every indicator the observations use; unit names are the catalogue's where it has them."""
    names = {unit.id: (unit.name_es, unit.name_en) for unit in units().values()}
    names.update(ctx.unit_names)
    return {ident: _entry(ident, names) for ident in sorted({o["indicator"] for o in observations})}


def units() -> dict[str, UnitEntry]:
    """unit id -> its entry, for every unit of units.csv."""
    return {unit.id: UnitEntry(*unit, codes.SYMBOLS[unit.id]) for unit in codes.UNITS.values()}


def _entry(indicator_id: str, unit_names: Mapping[str, tuple[str, str]]) -> IndicatorEntry:
    """`cites_<group>_<unit>` or `cites_<group>_<unit>_peru_origin`, filled in from indicators.yaml."""
    templates = table("cites", "indicators.yaml")
    origin = indicator_id.endswith(ORIGIN)
    group, unit_id = indicator_id.removeprefix("cites_").removesuffix(ORIGIN if origin else "").split("_", 1)
    kind = templates["kinds"]["peru_origin" if origin else "peru"]
    theme, group_es, group_en = codes.GROUPS[group]
    unit_es, unit_en = unit_names[unit_id]
    words = {"group_es": group_es, "group_en": group_en, "unit_es": unit_es, "unit_en": unit_en,
             "what_es": kind["what"]["es"], "what_en": kind["what"]["en"]}
    entry: IndicatorEntry = {"id": indicator_id, "theme": theme, "unit": unit_id, "name": _filled(kind["name"], words)}
    entry.update(_filled(templates["entry"], words))
    return entry


def _filled(template: Any, words: Mapping[str, str]) -> Any:
    """A copy of a template with every text's {placeholders} filled in."""
    if isinstance(template, str):
        return template.format(**words)
    if isinstance(template, dict):
        return {key: _filled(value, words) for key, value in template.items()}
    if isinstance(template, list):
        return [_filled(value, words) for value in template]
    return template
