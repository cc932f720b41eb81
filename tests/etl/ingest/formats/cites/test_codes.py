"""etl/ingest/formats/cites/codes.py: the CITES Trade Database Guide's code lists (terms, units) and Vigía's taxon
groups. Codes and descriptive wordings map to one wording; anything in neither list is None (the reader rejects it)."""
from __future__ import annotations

import pytest

from etl.ingest.formats.cites.codes import group_of, term_of, unit_of


@pytest.mark.parametrize("taxon, klass, order, family, genus, group", [
    ("Swietenia macrophylla", "", "", "Meliaceae", "", "timber"),
    ("Cedrela odorata", "", "", "", "", "timber"),                          # genus from the taxon's first word
    ("Sphyrna lewini", "", "", "Sphyrnidae", "", "sharks"),                  # 13-column export: family only
    ("Carcharhinus falciformis", "Elasmobranchii", "", "", "", "sharks"),
    ("Mobulidae spp.", "", "", "", "", "sharks"),                            # a family given as the taxon
    ("Ara macao", "Aves", "Psittaciformes", "Psittacidae", "Ara", "parrots"),
    ("Amazona spp.", "", "", "Psittacidae", "", "parrots"),
    ("Aotus nancymaae", "Mammalia", "Primates", "Aotidae", "Aotus", "primates"),
    ("Python regius", "Reptilia", "Squamata", "Pythonidae", "Python", None),
    ("", "", "", "", "", None),
])
def test_a_record_belongs_to_a_group_by_any_of_its_classification_columns(taxon, klass, order, family, genus, group):
    assert group_of(taxon, klass, order, family, genus) == group


@pytest.mark.parametrize("text, term", [("FIN", "fins"), ("fin", "fins"), ("fins", "fins"), ("SAW", "sawn wood"),
                                        (" Sawn   wood ", "sawn wood"), ("SAWN WOOD", "sawn wood"), ("live", "live"),
                                        ("flippers", None), ("", None)])
def test_trade_terms_as_codes_or_words(text, term):
    assert term_of(text) == term


def test_units_as_codes_or_words_and_blank_is_a_number_of_specimens():
    kg = ("kg", "kilogramos", "kilograms", "mass")
    specimens = ("specimens", "especímenes", "specimens", "count")
    assert unit_of("KIL") == unit_of("kg") == unit_of("KG") == kg
    assert unit_of("") == unit_of("NAR") == unit_of("Number of specimens") == specimens
    assert unit_of("CUF") == unit_of("cubic  feet") == ("ft3", "pies cúbicos", "cubic feet", "volume")
    assert unit_of("stones") is None and unit_of("XYZ") is None
