"""Questions the pages, the briefs and the downloads ask of the data package: each answered here only, from
tables loaded once at start-up."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from dashboard import citation, i18n
from dashboard.data import Package

MAP_LEVELS = ("department", "region", "province")
CHART_KINDS = ("year", "approximate")  # the periods a time series draws; the others are only listed


@dataclass(frozen=True)
class Cell:
    """One map unit in one year: a value (zero included), no data, or outside the indicator's coverage."""
    state: str  # "value" | "no_data" | "outside"
    row: dict | None = None  # the figure: given exactly when state is "value"
    via: str = ""  # place whose figure fills this unit, when it is not the unit itself (INEI Lima)


@dataclass(frozen=True)
class Rank:
    """A map unit's place among the units with a figure of their own in one year, highest value first."""
    rank: int  # equal values share the better rank
    of: int  # units with a figure that year
    year: int


class Catalog:
    def __init__(self, package: Package):
        self.package = package
        dimensions = package["dimensions"]
        self.dimensions: list[str] = list(dimensions.sort_values("position", key=lambda p: p.astype(int)).dimension)
        # A translated dimension (free text in two columns, <dimension>_es and <dimension>_en) is keyed by its English
        # text, which identifies the figure's cell; dimension_text gives it in the reader's language.
        self.translated = {str(r["dimension"]) for r in dimensions.to_dict("records")
                           if str(r.get("translated", "")).lower() == "true"}
        obs = package["observations"].copy()
        self._translations: dict[tuple[str, str, str], str] = {}
        for d in self.translated:
            if f"{d}_en" in obs.columns:
                obs[d] = obs[f"{d}_en"]
                for lang in i18n.LANGS:
                    pairs = obs[[f"{d}_en", f"{d}_{lang}"]].drop_duplicates()
                    self._translations.update({(d, str(en), lang): str(text)
                                               for en, text in pairs.itertuples(index=False) if en})
        # The district series derived from snapshots (forest loss in 411 districts, ~9,900 rows) are in the
        # package and its download; the views show departments until a district map exists.
        obs = obs[~(obs.geography_level.eq("district") & obs.ref.str.startswith("snapshot/"))].copy()
        for column in ("value", "value_low", "value_high"):
            obs[column + "_num"] = pd.to_numeric(obs[column], errors="coerce")
        obs["year_num"] = pd.to_numeric(obs["year"], errors="coerce").astype("Int64")
        obs["has_dims"] = (obs[self.dimensions] != "").any(axis=1)
        self.obs = obs
        self.indicators = package["indicators"].set_index("indicator", drop=False)
        self.series = package["indicator_series"]
        self.notes = package["indicator_notes"]
        self.sources = package["sources"].set_index("source_id", drop=False)
        self.places = package["places"].set_index("place_id", drop=False)
        self.units = package["units"].set_index("unit_id", drop=False)
        self.facts = package["facts"]
        self.events = package["events"]
        themes = package["themes"]
        self.themes = themes.sort_values("position", key=lambda p: p.astype(int)).set_index("theme_id", drop=False)
        self._labels = {(r["vocabulary"], r["code"], lang): r[f"name_{lang}"]
                        for r in package["vocabularies"].to_dict("records") for lang in i18n.LANGS}

    # --- the package's own catalogue: themes and vocabularies ------------------------------------------
    def __repr__(self) -> str:  # what the builders' cache keys name a catalog by (dashboard.cache)
        return f"Catalog(version={self.package.version!r})"

    def theme_name(self, theme: str, lang: str) -> str:
        return str(self.themes.at[theme, f"name_{lang}"]) if theme in self.themes.index else theme

    def label(self, vocabulary: str, code: str, lang: str) -> str:
        """A code's label in the user's language (vocabularies table); the code itself where it has none."""
        return self._labels.get((vocabulary, code, lang), code)

    # --- places -----------------------------------------------------------------------------------------
    @cached_property
    def map_units(self) -> list[str]:
        p = self.places
        return sorted(p.index[p.map_units == p.place_id])

    def units_of(self, place_id: str) -> list[str]:
        value = str(self.places.at[place_id, "map_units"]) if place_id in self.places.index else ""
        return [u for u in value.split(";") if u]

    def place_name(self, place_id: str, lang: str) -> str:
        return str(self.places.at[place_id, f"name_{lang}"]) if place_id in self.places.index else place_id

    def unit_symbol(self, indicator: str, lang: str) -> str:
        return str(self.units.at[self.indicators.at[indicator, "unit"], f"symbol_{lang}"])

    # --- indicators -------------------------------------------------------------------------------------
    def name(self, indicator: str, lang: str) -> str:
        return str(self.indicators.at[indicator, f"name_{lang}"])

    def preferred(self, indicator: str) -> str:
        return str(self.indicators.at[indicator, "preferred_series"])

    @cached_property
    def _series_names(self) -> dict[tuple[str, str, str], str]:
        return {(r["indicator"], r["series"], lang): r[f"name_{lang}"] for r in self.series.to_dict("records")
                for lang in i18n.LANGS}

    def series_name(self, indicator: str, series: str, lang: str) -> str:
        return self._series_names.get((indicator, series, lang), series)

    def indicators_of(self, theme: str) -> list[str]:
        """A theme's indicators, in the indicators table's order; none for a theme without any (or no such theme)."""
        return list(self.indicators.index[self.indicators.theme == theme])

    def coverage(self, indicator: str) -> list[str]:
        value = str(self.indicators.at[indicator, "coverage"])
        return [u for u in value.split(";") if u] or self.map_units

    def method_breaks(self, indicator: str) -> list[dict]:
        n = self.notes
        return n[(n.indicator == indicator) & (n.kind == "method_break")].to_dict("records")

    def caveats(self, indicator: str) -> list[dict]:
        n = self.notes
        return n[(n.indicator == indicator) & (n.kind == "caveat")].to_dict("records")

    @cached_property
    def _rows_by_indicator(self) -> dict[str, pd.DataFrame]:
        return {str(indicator): frame for indicator, frame in self.obs.groupby("indicator", sort=False)}

    def rows(self, indicator: str, geography: str | None = None, series: str | None = None) -> pd.DataFrame:
        o = self._rows_by_indicator.get(indicator, self.obs.iloc[0:0])
        if geography:
            o = o[o.geography_id == geography]
        if series:
            o = o[o.series == series]
        return o

    def places_of(self, indicator: str) -> frozenset[str]:
        """The places with figures for an indicator (any series, period or level)."""
        return frozenset(self.rows(indicator).geography_id)

    def default_places(self, indicator: str) -> list[str]:
        """The place a chart of the indicator shows unless asked: Peru, or else the place with most figures."""
        rows = self.rows(indicator)
        if (rows.geography_id == "PE").any():
            return ["PE"]
        counts = rows.geography_id.value_counts()
        return [str(counts.index[0])] if len(counts) else []

    # --- comparison groups: which figures may share a chart's axis ------------------------------------------
    def group_of(self, rows: pd.DataFrame) -> pd.Series:
        """Each figure's comparison group: the package's `comparison_group` (a figure's own, else its series');
        a package without one: what the figure covers (its scope), else its series."""
        if "comparison_group" in rows.columns:
            own = rows["comparison_group"].astype(str)
            by_series = rows.apply(lambda r: self._series_groups.get((r["indicator"], r["series"]), r["series"]),
                                   axis=1) if len(rows) else own
            return own.where(own != "", by_series)
        scope = rows["scope"].astype(str) if "scope" in rows.columns else rows.series.astype(str)  # before groups
        return scope.where(scope != "", rows.series.astype(str))

    @cached_property
    def _series_groups(self) -> dict[tuple[str, str], str]:
        if "comparison_group" not in self.series.columns:
            return {}
        return {(r["indicator"], r["series"]): r["comparison_group"] for r in self.series.to_dict("records")
                if r["comparison_group"]}

    @cached_property
    def _groups(self) -> dict[tuple[str, str], dict]:
        table = self.package.tables.get("comparison_groups")
        if table is None:
            return {}
        return {(r["indicator"], r["comparison_group"]): r for r in table.to_dict("records")}

    def group_name(self, indicator: str, group: str, lang: str) -> str:
        """What a comparison group's figures measure, in the user's language."""
        record = self._groups.get((indicator, group))
        if record is not None:
            return str(record[f"name_{lang}"])
        if (indicator, group, lang) in self._series_names:
            return self.series_name(indicator, group, lang)
        return group  # a package without groups: the scope as the package writes it

    def group_order(self, indicator: str, groups: list[str]) -> list[str]:
        """These comparison groups in their order (the package's positions; else the preferred series' group
        first, then as the figures come)."""
        preferred = self.preferred(indicator)

        def key(item: tuple[int, str]) -> tuple:
            n, group = item
            record = self._groups.get((indicator, group))
            position = int(record["position"]) if record and str(record.get("position", "")).isdigit() else 10**6
            return (position, group != preferred and group != self._series_groups.get((indicator, preferred)), n)
        return [g for _, g in sorted(enumerate(groups), key=key)]

    def line_order(self, indicator: str) -> dict[tuple[str, ...], int]:
        """The rank of each line (series and dimensions) among all the indicator's figures: what a line's
        colour is counted from, so that it keeps its colour whichever places are shown."""
        memo = self.__dict__.setdefault("_line_order_memo", {})
        if indicator not in memo:
            rows = self.rows(indicator)
            keys = [tuple(str(v) for v in k) for k in rows[["series", *self.dimensions]].itertuples(index=False)]
            preferred = self.preferred(indicator)
            ordered = sorted(dict.fromkeys(keys), key=lambda k: k[0] != preferred)
            memo[indicator] = {k: n for n, k in enumerate(ordered)}
        return memo[indicator]

    def dimension_text(self, dimension: str, value: str, lang: str) -> str:
        """A dimension's value in words in the reader's language: a translated dimension's text in that language,
        its vocabulary's label where it has one, else as the package has it (a scientific name)."""
        if dimension in self.translated:
            return self._translations.get((dimension, value, lang), value)
        vocabulary = self._dimension_vocabularies.get(dimension, "")
        return self.label(vocabulary, value, lang) if vocabulary else value

    def dims_text(self, row: dict, lang: str) -> str:
        """A figure's dimensions in words, in their order."""
        return " · ".join(self.dimension_text(d, str(row[d]), lang) for d in self.dimensions if row[d])

    def dimension_name(self, dimension: str, lang: str) -> str:
        """What a dimension is, in the reader's language ('taxón', 'socio comercial')."""
        return self._dimension_names.get((dimension, lang), dimension)

    @cached_property
    def _dimension_names(self) -> dict[tuple[str, str], str]:
        return {(r["dimension"], lang): r[f"name_{lang}"] for r in self.package["dimensions"].to_dict("records")
                for lang in ("es", "en")}

    @cached_property
    def _dimension_vocabularies(self) -> dict[str, str]:
        table = self.package["dimensions"]
        out = {}
        for r in table.to_dict("records"):
            out[r["dimension"]] = r.get("vocabulary") or r.get("labels") or ""
        return out

    def series_figures(self, indicator: str, places: list[str]) -> pd.DataFrame:
        """The figures a time series of these places shows (whole years and approximate periods), with `x`,
        the year it is drawn at; in the package's order."""
        rows = self.rows(indicator)
        rows = rows[rows.geography_id.isin(places) & rows.period_kind.isin(CHART_KINDS)]
        return rows.assign(x=pd.to_datetime(rows.period_start).dt.year)

    @cached_property
    def map_indicators(self) -> list[str]:
        """Indicators whose preferred series has whole-year figures for places drawn on the map."""
        o = self.obs
        on_map = o[o.preferred.eq("true") & o.period_kind.eq("year") & o.geography_level.isin(MAP_LEVELS)
                   & ~o.has_dims & o.geography_id.map(lambda g: bool(self.units_of(g)))]
        return sorted(set(on_map.indicator))

    def map_cells(self, indicator: str) -> dict[int, dict[str, Cell]]:
        """Every map unit in every year the indicator has department figures for (computed once per
        indicator: the package never changes while the process runs; callers only read the result)."""
        memo = self.__dict__.setdefault("_map_cells_memo", {})
        if indicator not in memo:
            memo[indicator] = self._map_cells(indicator)
        return memo[indicator]

    def map_years(self, indicator: str) -> list[int]:
        """The years the indicator's map has, oldest first."""
        return sorted(self.map_cells(indicator))

    def _map_cells(self, indicator: str) -> dict[int, dict[str, Cell]]:
        o = self.rows(indicator, series=self.preferred(indicator))
        o = o[o.period_kind.eq("year") & o.geography_level.isin(MAP_LEVELS) & ~o.has_dims]
        covered = set(self.coverage(indicator))
        cells: dict[int, dict[str, Cell]] = {}
        for year, group in o.groupby("year_num"):
            by_unit: dict[str, Cell] = {}
            for row in group.to_dict("records"):
                units = self.units_of(row["geography_id"])
                for unit in units:
                    by_unit[unit] = Cell("value", row, via="" if units == [unit] else row["geography_id"])
            cells[int(year)] = {  # type: ignore[arg-type]  # pandas-stubs: a group key is any Scalar
                u: by_unit.get(u, Cell("no_data" if u in covered else "outside")) for u in self.map_units}
        return cells

    # --- a place's figures: the questions the region page, its brief and the downloads share -----------
    def region_places(self, unit: str) -> list[str]:
        """A map unit and the places whose figures stand for it (INEI's Lima figures count for PE-LIM)."""
        return [unit] + [p for p in self.places.index if unit in self.units_of(p) and p != unit]

    def figures(self, places: list[str], theme: str | None = None) -> pd.DataFrame:
        """The figures (observation rows, every series) of these places, of one theme's indicators if given;
        in the package's order."""
        rows = self.obs[self.obs.geography_id.isin(places)]
        if theme:
            rows = rows[rows.indicator.isin(self.indicators_of(theme))]
        return rows

    def region_figures(self, unit: str) -> dict[str, dict[str, pd.DataFrame]]:
        """A map unit's figures by theme (ordered by the themes table's position), then by indicator (by id)."""
        rows = self.figures(self.region_places(unit))
        position = {t: n for n, t in enumerate(self.themes.index)}
        grouped: dict[str, dict[str, pd.DataFrame]] = {}
        for indicator, frame in sorted(rows.groupby("indicator", sort=False),
                                       key=lambda g: (position.get(self.indicators.at[g[0], "theme"], len(position)),
                                                      self.indicators.at[g[0], "theme"], g[0])):
            grouped.setdefault(str(self.indicators.at[indicator, "theme"]), {})[str(indicator)] = frame
        return grouped

    def latest(self, rows: pd.DataFrame) -> dict | None:
        """The most recent of these figures (by period end, then period); None if there are none."""
        if not len(rows):
            return None
        return rows.sort_values(["period_end", "period"]).iloc[-1].to_dict()

    def rank(self, indicator: str, unit: str, year: int | None = None) -> Rank | None:
        """The unit's rank on the indicator's map in a year (the latest the map has unless given), counting
        only units with a figure of their own; None when the unit has none that year."""
        cells = self.map_cells(indicator)
        if year is None and cells:
            year = max(cells)
        if year is None or year not in cells:
            return None
        values = {u: float(cell.row["value"]) for u, cell in cells[year].items()
                  if cell.row is not None and not cell.via}
        if unit not in values:
            return None
        ordered = sorted(values.values(), reverse=True)
        return Rank(ordered.index(values[unit]) + 1, len(values), year)

    def sources_of(self, rows: pd.DataFrame | Iterable[dict]) -> list[dict]:
        """The source records (sources table) of a set of figures (observation rows: a frame or records), each
        once, in the citation order (dashboard.citation)."""
        ids = rows.source_id if isinstance(rows, pd.DataFrame) else (r["source_id"] for r in rows)
        return citation.ordered(self._source_records[s] for s in set(ids))

    def source(self, source_id: str) -> dict:
        """A source's record (sources table)."""
        return self._source_records[source_id]

    # --- formatting helpers -----------------------------------------------------------------------------
    def value_text(self, row: dict, lang: str) -> str:
        return i18n.value_text(row["qualifier"], row["value"], row["value_low"], row["value_high"],
                               self.unit_symbol(row["indicator"], lang), lang)

    def period_text(self, row: dict, lang: str) -> str:
        return i18n.period_text(row["period"], row["period_kind"], row["period_start"], row["period_end"], lang)

    def note_text(self, row: dict, lang: str) -> str:
        """A figure's note in the reader's language (note_es, note_en)."""
        return str(row.get(f"note_{lang}") or "")

    @cached_property
    def _source_records(self) -> dict[str, dict]:
        return {r["source_id"]: r for r in self.sources.to_dict("records")}
