"""etl/ingest/countries.py: partner countries as ISO 3166-1 alpha-2, from codes, names and the numeric codes
UN Comtrade uses; an unknown one is never guessed."""
from __future__ import annotations

import pytest

from etl.ingest.countries import COMTRADE_AREAS, alpha2, from_numeric


@pytest.mark.parametrize("text, code", [
    ("PE", "PE"), ("pe", "PE"), ("PER", "PE"), ("per", "PE"), ("Peru", "PE"), ("PERÚ", "PE"),
    ("República del Perú", "PE"),
    ("China, Hong Kong SAR", "HK"), ("CHINA, HONG KONG SAR", "HK"), ("Viet Nam", "VN"),
    ("Bolivia (Plurinational State of)", "BO"), ("Côte d'Ivoire", "CI"), ("Korea, Republic of", "KR"),
    ("United States of America", "US"), ("Germany", "DE"), ("Turkey", "TR"), ("Türkiye", "TR"),
    ("NA", "NA"), ("Namibia", "NA"),        # 'NA' is Namibia, never "not available"
    ("XX", "XX"), ("YU", "YU"),             # CITES: unknown country; a former country (Yugoslavia)
])
def test_codes_and_names_become_alpha2(text, code):
    assert alpha2(text) == code


@pytest.mark.parametrize("text", ["", "  ", "ZZ", "Narnia", "Cote d Ivoire", "PERX"])
def test_an_unknown_country_is_none_not_a_guess(text):
    assert alpha2(text) is None


def test_comtrade_numeric_codes_including_its_own_and_its_areas():
    assert [from_numeric(c) for c in (604, 156, 344, 76, 4)] == ["PE", "CN", "HK", "BR", "AF"]
    assert [from_numeric(c) for c in (842, 251, 699)] == ["US", "FR", "IN"]  # Comtrade's codes, not ISO's 840/250/356
    assert from_numeric(999) is None
    for area in (0, 490, 899):                # World, Other Asia nes, Areas nes: named, no country code
        assert from_numeric(area) is None and COMTRADE_AREAS[area]
