"""Every word that comes with the data is in Spanish and in English: each `x_es`/`x_en` pair of every package
table is filled in both languages or in neither, the Spanish keeps every figure of the English, and every value
of an open dimension with labels (taxon, product, market) has them. The texts the readers write in English get
their Spanish from datasets/catalogue/reader_texts.yaml (etl/wording.py)."""
from __future__ import annotations

import re
from collections import Counter

import pytest

from etl.build import package_tables
from etl.sources_layer import read_sources_layer
from etl.wording import CLAUSES, spanish

FIGURE = re.compile(r"\d+(?:[.,]\d+)*")


@pytest.fixture(scope="module")
def layer():
    return read_sources_layer()


@pytest.fixture(scope="module")
def tables(layer):
    return package_tables(layer)


def pairs(columns: list[str]) -> list[str]:
    return [c[:-3] for c in columns if c.endswith("_es") and f"{c[:-3]}_en" in columns]


def test_every_text_of_the_package_is_in_both_languages_or_in_neither(tables):
    half = Counter()
    examples = []
    for name, rows in tables.items():
        for stem in pairs(list(rows[0]) if rows else []):
            for row in rows:
                if bool(row[f"{stem}_es"].strip()) != bool(row[f"{stem}_en"].strip()):
                    half[f"{name}.{stem}"] += 1
                    examples.append(f"{name}.{stem}: es {row[f'{stem}_es']!r}, en {row[f'{stem}_en']!r}")
    assert not half, f"texts in one language only: {dict(half)}\n" + "\n".join(examples[:15])


def test_the_spanish_keeps_every_figure_of_the_english(tables):
    changed = []
    for name in ("observations", "facts", "events"):
        for stem in ("locator", "note", "scope"):
            for row in tables[name]:
                if f"{stem}_en" not in row:
                    continue
                lost = Counter(FIGURE.findall(row[f"{stem}_en"])) - Counter(FIGURE.findall(row[f"{stem}_es"]))
                if lost:
                    changed.append(f"{name}.{stem} {row['ref']}: {sorted(lost)} not in {row[f'{stem}_es']!r}")
    assert not changed, f"{len(changed)} translations lose a figure:\n" + "\n".join(changed[:15])


def test_every_reader_text_has_spanish_and_every_clause_a_pattern(layer):
    derived = [o for o in layer.observations if o.ref.startswith("snapshot/")]
    assert len(derived) > 10000
    untranslated = Counter()
    for o in derived:
        for text in (o.locator.en, o.note.en, *(v for k, v in o.dimension_columns.items() if k.endswith("_en"))):
            for clause in text.split(CLAUSES) if text else []:
                if not spanish(clause, layer.catalogue.reader_texts):
                    untranslated[re.sub(r"\d+", "N", clause)] += 1
    assert not untranslated, f"clauses with no pattern in reader_texts.yaml: {untranslated.most_common(10)}"


def test_every_value_of_a_labelled_dimension_has_its_labels(layer):
    catalogue = layer.catalogue
    labelled = {d.name: catalogue.vocabularies[d.labels] for d in catalogue.dimensions if d.labels}
    assert set(labelled) == {"taxon", "product", "market"}
    unlabelled = {(dim, o.dimensions[dim]) for o in layer.observations for dim, labels in labelled.items()
                  if o.dimensions[dim] and o.dimensions[dim] not in labels}
    assert not unlabelled, sorted(unlabelled)
