"""Every row of the research dossier is accounted for, and transcribed faithfully.

Reads ../shared/research (the dossier stays there); skips, saying why, where it is absent.
"""
import csv
from decimal import Decimal

import pandas as pd
import pytest

from etl.catalogue import load_catalogue
from etl.paths import PACKAGE, RESEARCH, SOURCES
from etl.problems import Location
from etl.records import RawRow

pytestmark = pytest.mark.requires_research


def research_rows():
    rows = {}
    for path in sorted(RESEARCH.glob("*_figures.csv")):
        with path.open(newline="", encoding="utf-8") as f:
            for line, row in enumerate(csv.DictReader(f), start=2):
                rows[f"{path.name}#L{line}"] = row
    return rows


def layer_rows(name):
    rows = []
    for path in sorted(SOURCES.glob(f"*/{name}")):
        with path.open(newline="", encoding="utf-8") as f:
            rows += [RawRow(Location(path, n), r) for n, r in enumerate(csv.DictReader(f), start=2)]
    return rows


def where(row: RawRow) -> str:
    return f"{row.where.file.parent.name}/{row.where.file.name}:{row.where.line}"


@pytest.fixture(scope="module")
def research_by_ref(research):
    return research_rows()


def test_every_research_row_is_transcribed_or_excluded_with_a_reason(research_by_ref):
    used = {r["ref"] for name in ("observations.csv", "facts.csv", "events.csv") for r in layer_rows(name)}
    excluded = {r["ref"] for r in layer_rows("exclusions.csv")}
    missing = sorted(set(research_by_ref) - used - excluded,
                     key=lambda ref: (ref.split("#")[0], int(ref.split("#L")[1])))
    assert not missing, f"{len(missing)} research rows not accounted for, e.g. {missing[:10]}"
    research_refs = {ref for ref in used | excluded if not ref.startswith(("context/", "ingest/"))}
    assert research_refs <= set(research_by_ref), sorted(research_refs - set(research_by_ref))[:10]
    assert not used & excluded


def test_published_strings_are_the_research_strings(research_by_ref):
    """A row's *_as_published text is the research field itself, or a piece of that row (a compound value
    split in parts, or the other side of a disagreement named in its notes)."""
    unfaithful = []
    for row in layer_rows("observations.csv"):
        source = research_by_ref.get(row["ref"])
        if source is None:
            continue
        whole_row = " ".join(source.values())
        for column, field in (("value_as_published", "value"), ("period_as_published", "year"),
                              ("geography_as_published", "geography")):
            text = row[column]
            if text != source[field] and (not text or text not in whole_row):
                unfaithful.append(f"{where(row)} {column}={text!r} vs research {source[field]!r}")
    assert not unfaithful, "\n".join(unfaithful[:20])


def derived_values_by_ref() -> dict[str, set[Decimal]]:
    """Research ref -> the values the package derives from a snapshot for the cells of that ref's rows."""
    obs = pd.read_csv(PACKAGE / "observations.csv", dtype=str, keep_default_na=False)
    cell = ["indicator", "geography_id", "period", *load_catalogue().dimension_keys]
    derived = obs[obs.ref.str.startswith("snapshot/")].groupby(cell).value.agg(lambda v: {Decimal(x) for x in v})
    research = obs[~obs.ref.str.startswith("snapshot/")].join(derived.rename("derived"), on=cell, how="inner")
    return {ref: set().union(*values) for ref, values in research.groupby("ref").derived}


def test_exact_rows_keep_the_research_number(research_by_ref):
    """Where the research value is a plain number and the row is its only transcription, the number is the same
    (a qualifier may be added where the research unit or notes say "more than", "rounded", "about"). A row that
    is the other side of a disagreement (a press variant) whose research number the build now derives from a
    snapshot, in the same cell, has that number in the derived figure."""
    derived = derived_values_by_ref()
    by_ref = {}
    for row in layer_rows("observations.csv"):
        by_ref.setdefault(row["ref"], []).append(row)
    changed = []
    for ref, rows in by_ref.items():
        source = research_by_ref.get(ref)
        if source is None or len(rows) != 1:
            continue
        plain = source["value"].replace(",", "")
        if plain.lstrip("-").replace(".", "", 1).isdigit():
            value = rows[0]["value"].lstrip("~<>=")
            if value != plain and Decimal(plain) not in derived.get(ref, set()):
                changed.append(f"{where(rows[0])}: {rows[0]['value']} vs research {source['value']}")
    assert not changed, "\n".join(changed[:20])
