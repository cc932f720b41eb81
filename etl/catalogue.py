"""The catalogue's definitions (datasets/catalogue/*.yaml): vocabularies, dimensions, table schemas, layer files.

Each is defined once there; the ETL validates the sources layer against them and writes them into the
package, where the dashboard reads them back. Themes, places and units are catalogue tables (CSV) read with
the rest of the sources layer (`etl.sources_layer`), so that their rows are checked like any other row.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import yaml

from etl.paths import CATALOGUE
from etl.problems import Problems
from etl.wording import READER_TEXTS, Pattern, bilingual, read_patterns
from etl.yamlfile import load_yaml

LANGS = ("es", "en")
DIMENSIONS_MARK = "$dimensions"  # in a column list: the dimension columns, in their order
THEME_VOCABULARY = "theme"  # the one vocabulary that is a table (themes.csv), not a list in vocabularies.yaml
LANGUAGE_NOTE = {"_es": ", in Spanish", "_en": ", in English (it identifies the value)"}  # a translated dimension


@dataclass(frozen=True)
class Label:
    es: str
    en: str

    def get(self, lang: str) -> str:
        return self.es if lang == "es" else self.en


@dataclass(frozen=True)
class Dimension:
    name: str
    vocabulary: str  # "" for an open dimension
    pattern: str  # "" when any text is allowed
    name_label: Label
    rule: Label
    labels: str = ""  # an open dimension's vocabulary of labels for (some of) its values
    translated: bool = False  # free text in two columns, <name>_es and <name>_en; <name>_en identifies it

    @cached_property
    def columns(self) -> tuple[str, ...]:
        """Its columns in the observations table."""
        return (f"{self.name}_es", f"{self.name}_en") if self.translated else (self.name,)

    @cached_property
    def key(self) -> str:
        """The column whose value identifies the figure's cell."""
        return self.columns[-1]


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    description: str
    vocabulary: str
    constraints: Mapping[str, Any]

    @property
    def required(self) -> bool:
        return bool(self.constraints.get("required"))


@dataclass(frozen=True)
class TableSchema:
    name: str
    description: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[Mapping[str, Any], ...]

    @property
    def columns(self) -> list[str]:
        return [f.name for f in self.fields]


@dataclass(frozen=True)
class LayerFile:
    """A CSV file of the sources layer that feeds one package table as it is."""
    file_name: str
    table: str
    key: str  # the column that identifies a row ("" when the whole row does)
    in_catalogue: bool
    in_themes: bool


@dataclass(frozen=True)
class Catalogue:
    folder: Path
    vocabularies: Mapping[str, Mapping[str, Label]]
    dimensions: tuple[Dimension, ...]
    tables: Mapping[str, TableSchema]
    layer_files: tuple[LayerFile, ...]
    observation_columns: tuple[str, ...]  # the sources layer's observations.csv
    release: Mapping[str, Any]
    reader_texts: tuple[Pattern, ...] = ()  # Spanish for the readers' English texts (etl.wording)

    @property
    def dimension_names(self) -> list[str]:
        return [d.name for d in self.dimensions]

    @cached_property
    def dimension_columns(self) -> tuple[str, ...]:
        """Every dimension's columns in the observations table, in order (scope_es and scope_en for scope)."""
        return tuple(c for d in self.dimensions for c in d.columns)

    @property
    def dimension_keys(self) -> list[str]:
        """The column that identifies each dimension's value in a package or layer row (scope_en for scope)."""
        return [d.key for d in self.dimensions]

    @property
    def reader_columns(self) -> tuple[str, ...]:
        """observations.csv as an `etl ingest` reader writes a row: one English text `x` where the layer has
        `x_es` and `x_en` (etl.wording gives the Spanish)."""
        columns = self.observation_columns
        pairs = {c[:-3] for c in columns if c.endswith("_es") and f"{c[:-3]}_en" in columns}
        return tuple(c[:-3] if c[:-3] in pairs else c for c in columns if not (c.endswith("_en") and c[:-3] in pairs))

    def layer_row(self, row: Mapping[str, str]) -> dict[str, str]:
        """A reader's row (`reader_columns`) with the layer's columns: each English text in `x_en`, and `x_es`."""
        return bilingual(row, self.observation_columns, self.reader_texts)

    def layer_file(self, table: str) -> LayerFile:
        return next(f for f in self.layer_files if f.table == table)


def _yaml(path: Path, problems: Problems) -> Any:
    try:
        return load_yaml(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        problems.add(path, 0, "", "missing file", "the catalogue file")
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problems.add(path, (mark.line + 1) if mark else 0, "", str(exc).splitlines()[0], "valid YAML")
    return None


def _label(value: Any) -> Label | None:
    if isinstance(value, Mapping) and all(isinstance(value.get(lang), str) and value[lang].strip() for lang in LANGS):
        return Label(value["es"], value["en"])
    return None


def _vocabularies(path: Path, raw: Any, problems: Problems) -> dict[str, dict[str, Label]]:
    vocabularies: dict[str, dict[str, Label]] = {}
    for name, codes in (raw or {}).items():
        if name == "dimensions":
            continue
        if not isinstance(codes, Mapping) or not codes:
            problems.add(path, 0, name, repr(codes), "a mapping of codes to {es: ..., en: ...} labels")
            continue
        vocabularies[name] = {}
        for code, value in codes.items():
            label = _label(value)
            if label is None:
                problems.add(path, 0, f"{name}.{code}", repr(value), "a label with non-empty 'es' and 'en' text")
            elif set(value) - set(LANGS):
                problems.add(path, 0, f"{name}.{code}", repr(value), "only 'es' and 'en' (a comma in an unquoted "
                             "{es: ..., en: ...} splits the text into extra keys: put the text in quotes)")
            else:
                vocabularies[name][str(code)] = label
    return vocabularies


def _dimensions(path: Path, raw: Any, vocabularies: Mapping[str, object], problems: Problems) -> list[Dimension]:
    dimensions = []
    for name, spec in ((raw or {}).get("dimensions") or {}).items():
        texts = {lang: spec.get(lang) if isinstance(spec, Mapping) else None for lang in LANGS}
        names = _label({lang: (t or {}).get("name") for lang, t in texts.items()})
        rules = _label({lang: (t or {}).get("rule") for lang, t in texts.items()})
        if names is None or rules is None or not isinstance(spec, Mapping):
            problems.add(path, 0, f"dimensions.{name}", repr(spec), "es and en, each with a name and a rule")
            continue
        vocabulary, labels = (str(spec.get(key) or "") for key in ("vocabulary", "labels"))
        unknown = {key: v for key, v in (("vocabulary", vocabulary), ("labels", labels)) if v and v not in vocabularies}
        for key, v in unknown.items():
            problems.add(path, 0, f"dimensions.{name}.{key}", v, "a vocabulary of this file")
        if unknown:
            continue
        dimensions.append(Dimension(str(name), vocabulary, str(spec.get("pattern") or ""), names, rules, labels,
                                    bool(spec.get("translated"))))
    return dimensions


def _tables(path: Path, raw: Any, vocabularies: Mapping[str, object], dimensions: list[Dimension],
            problems: Problems) -> dict[str, TableSchema]:
    tables = {}
    known = {*vocabularies, THEME_VOCABULARY}
    for name, spec in (raw or {}).items():
        fields: list[Field] = []
        for column, field in spec["fields"].items():
            field = dict(field)
            if column == DIMENSIONS_MARK:
                fields += [Field(column, "string", d.rule.en + LANGUAGE_NOTE.get(column[-3:], "") + ".", d.vocabulary,
                                 {"pattern": d.pattern} if d.pattern else {})
                           for d in dimensions for column in d.columns]
                continue
            vocabulary = str(field.pop("vocabulary", "") or "")
            if vocabulary and vocabulary not in known:
                problems.add(path, 0, f"{name}.{column}.vocabulary", vocabulary, "a vocabulary of vocabularies.yaml")
            fields.append(Field(column, field.get("type", "string"), field.get("description", ""), vocabulary,
                                field.get("constraints") or {}))
        tables[name] = TableSchema(name, spec["description"], tuple(fields), tuple(spec["primaryKey"]),
                                   tuple(spec.get("foreignKeys") or ()))
    return tables


def load_catalogue(folder: Path = CATALOGUE, problems: Problems | None = None) -> Catalogue:
    """The definitions in `folder`; their problems go to `problems` (a fresh list when none is given)."""
    problems = Problems() if problems is None else problems
    vocab_file = folder / "vocabularies.yaml"
    raw_vocab = _yaml(vocab_file, problems)
    vocabularies = _vocabularies(vocab_file, raw_vocab, problems)
    dimensions = _dimensions(vocab_file, raw_vocab, vocabularies, problems)
    tables = _tables(folder / "tables.yaml", _yaml(folder / "tables.yaml", problems), vocabularies, dimensions,
                     problems)
    layer = _yaml(folder / "layer.yaml", problems) or {}
    layer_files = tuple(LayerFile(name, spec["table"], spec.get("key", ""), bool(spec.get("catalogue")),
                                  bool(spec.get("themes"))) for name, spec in (layer.get("files") or {}).items())
    for f in layer_files:
        if f.table not in tables:
            problems.add(folder / "layer.yaml", 0, f.file_name, f.table, "a table of tables.yaml")
    columns: list[str] = []
    for column in (layer.get("observations") or {}).get("columns") or []:
        columns += [c for d in dimensions for c in d.columns] if column == DIMENSIONS_MARK else [column]
    release = _yaml(folder / "release.yaml", problems) or {}
    return Catalogue(folder, vocabularies, tuple(dimensions), tables, layer_files, tuple(columns), release,
                     read_patterns(folder / READER_TEXTS, problems))


@cache
def repository_catalogue() -> Catalogue:
    """The repository's own catalogue, read once when first asked for: the contract the readers' rows follow."""
    return load_catalogue()
