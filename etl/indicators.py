"""Read and check the indicator definitions (`indicators.yaml` in each theme folder) into typed records."""
from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

import yaml

from etl.catalogue import LANGS, Label
from etl.grammar import PERIOD_EXPECTED, parse_period
from etl.problems import Problems
from etl.records import ComparisonGroup, Indicator, MethodBreak, Series
from etl.yamlfile import load_yaml

EXPECTED_LABEL = "a mapping with non-empty 'es' and 'en' text"
EXPECTED_KEYS = ("only 'es' and 'en' (a comma in an unquoted {es: ..., en: ...} splits the text into extra keys: "
                 "put the text in quotes)")


def _label(value: Any) -> Label | None:
    if isinstance(value, Mapping) and all(str(value.get(lang, "")).strip() for lang in LANGS):
        return Label(str(value["es"]), str(value["en"]))
    return None


class _Checker:
    """Checks one indicator's entries, reporting each problem at the file with the indicator's id."""

    def __init__(self, path: Path, ident: str, problems: Problems):
        self.path, self.where, self.problems = path, f"indicator {ident}", problems

    def label(self, value: Any, column: str, where: str = "", other_keys: tuple[str, ...] = ()) -> Label:
        label = _label(value)
        if label is None:
            self.problems.add(self.path, 0, column, f"{where or self.where}: {value!r}", EXPECTED_LABEL)
            return Label("", "")
        extra = sorted(str(k) for k in value if k not in ("es", "en", *other_keys))
        if extra:
            self.problems.add(self.path, 0, column, f"{where or self.where}: extra keys {extra}", EXPECTED_KEYS)
        return label

    def code(self, value: Any, column: str, allowed: Collection[str], expected: str) -> str:
        if value not in allowed:
            self.problems.add(self.path, 0, column, f"{self.where}: {value}", expected)
        return str(value)


def _indicator(path: Path, item: Mapping[str, Any], themes: Collection[str], units: Collection[str],
               map_units: Collection[str], problems: Problems) -> Indicator:
    check = _Checker(path, item["id"], problems)
    breaks = []
    for brk in item.get("method_breaks") or []:
        text = check.label(brk, "method_breaks", other_keys=("period",))
        try:
            parse_period(str(brk.get("period", "")))
        except ValueError:
            problems.add(path, 0, "method_breaks.period", f"{check.where}: {brk.get('period')}", PERIOD_EXPECTED)
        breaks.append(MethodBreak(str(brk.get("period", "")), text))
    groups = _comparison_groups(check, item.get("comparison_groups"))
    series = tuple(_series(check, s, [g.group_id for g in groups]) for s in item.get("series") or [])
    if sum(s.preferred for s in series) != 1:
        problems.add(path, 0, "series", check.where, "exactly one series with preferred: true")
    coverage = tuple(item.get("coverage") or ())
    for unit in coverage:
        check.code(unit, "coverage", map_units, "one of the 26 map units")
    return Indicator(
        indicator_id=item["id"],
        theme=check.code(item.get("theme"), "theme", themes, "a theme id of themes.csv: " + ", ".join(themes)),
        unit=check.code(item.get("unit"), "unit", units, "a unit id from units.csv"),
        name=check.label(item.get("name"), "name"), definition=check.label(item.get("definition"), "definition"),
        caveats=tuple(check.label(note, "caveats") for note in item.get("caveats") or []),
        method_breaks=tuple(breaks), series=series, comparison_groups=groups, coverage=coverage, file=path)


def _series(check: _Checker, item: Mapping[str, Any], groups: Collection[str]) -> Series:
    where = f"{check.where} series {item.get('id')}"
    return Series(str(item.get("id")), check.label(item.get("name"), "series.name", where), bool(item.get("preferred")),
                  check.code(item.get("comparison_group"), "series.comparison_group", groups,
                             f"one of the indicator's comparison_groups ({where})"))


def _comparison_groups(check: _Checker, items: Any) -> tuple[ComparisonGroup, ...]:
    """Which of the indicator's figures may share an axis: each group an id (unique in the indicator) and a name."""
    groups: list[ComparisonGroup] = []
    for item in items if isinstance(items, list) else []:
        ident = str(item.get("id", "")) if isinstance(item, Mapping) else ""
        if not re.fullmatch(r"[a-z][a-z0-9_]*", ident) or ident in {g.group_id for g in groups}:
            check.problems.add(check.path, 0, "comparison_groups.id", f"{check.where}: {ident!r}",
                               "a snake_case id, unique in the indicator")
            continue
        groups.append(ComparisonGroup(ident, check.label(item.get("name"), "comparison_groups.name",
                                                         f"{check.where} comparison group {ident}")))
    if not groups:
        check.problems.add(check.path, 0, "comparison_groups", check.where,
                           "a list of comparison groups, each with an id and a name {es: ..., en: ...}")
    return tuple(groups)


def read_indicators(paths: list[Path], themes: Collection[str], units: Collection[str],
                    map_units: Collection[str], problems: Problems) -> list[Indicator]:
    indicators: list[Indicator] = []
    seen: dict[str, Path] = {}
    for path in paths:
        try:
            items = load_yaml(path.read_text(encoding="utf-8")) or []
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            problems.add(path, (mark.line + 1) if mark else 0, "", str(exc), "valid YAML")
            continue
        if not isinstance(items, list):
            problems.add(path, 0, "", type(items).__name__, "a YAML list of indicators")
            continue
        for item in items:
            ident = item.get("id", "") if isinstance(item, dict) else ""
            if not re.fullmatch(r"[a-z][a-z0-9_]*", ident):
                problems.add(path, 0, "id", ident, "an indicator id in snake_case")
                continue
            if ident in seen:
                problems.add(path, 0, "id", ident, f"a unique id (also defined in {seen[ident].name})")
                continue
            seen[ident] = path
            indicators.append(_indicator(path, item, themes, units, map_units, problems))
    return indicators
