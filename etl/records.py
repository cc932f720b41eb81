"""The typed records of the sources layer: a row where it was read, and what validation makes of it.

Validation never changes a record: it returns new ones, and reports what it rejects as problems at the
record's `file:line`.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from etl.catalogue import Label
from etl.grammar import Period, Value
from etl.problems import Location


@dataclass(frozen=True)
class RawRow:
    """A row as read from a CSV file: where it stands, and its fields as text (stripped)."""
    where: Location
    fields: Mapping[str, str]

    def __getitem__(self, column: str) -> str:
        return self.fields[column]


@dataclass(frozen=True)
class Observation:
    """One validated figure: its place resolved to an id, its value and period parsed."""
    where: Location
    ref: str
    indicator: str
    series: str
    preferred: bool
    geography_id: str
    geography_level: str
    period: Period
    value: Value
    unit: str
    source_id: str
    locator: Label
    verification: str
    dimensions: Mapping[str, str]  # every dimension of the catalogue, "" where it does not apply (scope: its English)
    dimension_columns: Mapping[str, str]  # every dimension column as written (scope_es and scope_en for scope)
    note: Label
    value_as_published: str
    period_as_published: str
    geography_as_published: str
    comparison_group: str  # the row's own, else its series'

    def cell(self) -> tuple[str, ...]:
        """What one figure of a series is about: a preferred series has one value per cell."""
        return (self.indicator, self.series, self.geography_id, self.period.text, *self.dimensions.values())


@dataclass(frozen=True)
class Series:
    series_id: str
    name: Label
    preferred: bool
    comparison_group: str  # which of its indicator's comparison groups its figures belong to (unless a row says)


@dataclass(frozen=True)
class ComparisonGroup:
    """Figures of one group may share a chart's axis; figures of different groups never do."""
    group_id: str
    name: Label


@dataclass(frozen=True)
class MethodBreak:
    period: str
    text: Label


@dataclass(frozen=True)
class Indicator:
    indicator_id: str
    theme: str
    unit: str
    name: Label
    definition: Label
    caveats: tuple[Label, ...]
    method_breaks: tuple[MethodBreak, ...]
    series: tuple[Series, ...]
    comparison_groups: tuple[ComparisonGroup, ...]
    coverage: tuple[str, ...]  # map units; empty when no coverage is defined
    file: Path

    @cached_property
    def series_by_id(self) -> Mapping[str, Series]:
        """Its series by id (the last of a repeated id, which the indicator checks reject)."""
        return {s.series_id: s for s in self.series}

    @property
    def preferred_series(self) -> str:
        return next((s.series_id for s in self.series if s.preferred), "")
