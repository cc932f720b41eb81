import pytest

from etl.places import UnknownPlace
from etl.sources_layer import read_sources_layer


@pytest.fixture(scope="module")
def places():
    return read_sources_layer().places


@pytest.mark.parametrize("name, level, place_id", [
    ("MADRE DE DIOS", "department", "PE-MDD"),
    ("Madre De Dios", "department", "PE-MDD"),
    ("madre  de dios", "department", "PE-MDD"),
    ("Huanuco", "department", "PE-HUC"),
    ("San Martin", "department", "PE-SAM"),
    ("Ancash", "department", "PE-ANC"),
    ("El Callao", "department", "PE-CAL"),
    ("Lima", "department", "PE-15"),
    ("Lima Metropolitana", "province", "PE-LMA"),
    ("Lima Provincias", "region", "PE-LIM"),
    ("Peru", "country", "PE"),
    ("La Convención y Lares", "coca_zone", "zone-la-convencion-lares"),
    ("Pichis-Palcazu-Pachitea", "coca_zone", "zone-pichis-palcazu-pachitea"),
])
def test_names_and_aliases_resolve_within_their_level(places, name, level, place_id):
    assert places.normalise(name, level) == place_id


def test_a_name_at_another_level_is_another_place(places):
    assert places.normalise("Madre de Dios", "coca_zone") == "zone-madre-de-dios"
    assert places.normalise("Madre de Dios", "department") == "PE-MDD"
    with pytest.raises(UnknownPlace):
        places.normalise("Ucayali", "province")  # Ucayali province (Loreto) is not department PE-UCA


def test_unknown_names_are_errors(places):
    with pytest.raises(UnknownPlace, match="department"):
        places.normalise("Atlantis", "department")


def test_the_map_has_26_units_and_inei_lima_is_their_aggregate(places):
    units = places.map_units()
    assert len(units) == 26
    assert {"PE-LIM", "PE-LMA", "PE-CAL"} <= set(units) and "PE-15" not in units
    assert places.places["PE-15"].map_units == ("PE-LIM", "PE-LMA")
    assert not places.ambiguous
