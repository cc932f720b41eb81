"""etl.places: names resolve within their level; a name that names two places is refused where it is used."""
from pathlib import Path

import pytest

from etl.places import AmbiguousPlace, Place, PlaceIndex, UnknownPlace, name_key, read_places
from etl.problems import Location, Problems
from etl.records import RawRow
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


def test_every_place_below_a_department_says_which_departments_it_lies_in(places):
    assert places.places["PE-LMA"].departments == ("PE-15",)
    assert places.places["port-callao"].departments == ("PE-CAL",)
    assert places.places["area-loreto-ucayali"].departments == ("PE-LOR", "PE-UCA")
    assert all(places.places[d].level == "department" for p in places.places.values() for d in p.departments)


def place(place_id: str, name: str, parent: str = "PE-LOR", aliases: str = "", level: str = "district") -> RawRow:
    fields = {"place_id": place_id, "level": level, "name_es": name, "name_en": name, "iso_3166": "",
              "ubigeo": "", "parent_id": parent, "departments": parent, "map_units": "", "aliases": aliases}
    return RawRow(Location(Path("places.csv"), 2), fields)


def test_a_name_shared_by_two_places_is_refused_only_where_it_is_used():
    rows = [place("PE-LOR", "Loreto", parent="", level="department"), place("d-1", "Lagunas"), place("d-2", "Lagunas"),
            place("d-3", "Yurimaguas", aliases="Yurimaguas (Alto Amazonas)")]
    problems = Problems()
    index = read_places(rows, problems)
    assert not problems
    with pytest.raises(AmbiguousPlace, match="d-1 and d-2"):
        index.normalise("LAGUNAS", "district")
    assert index.normalise("d-2", "district") == "d-2"
    assert index.normalise("yurimaguas (alto amazonas)", "district") == "d-3"


def test_a_place_round_trips_through_its_package_row():
    row = place("d-1", "Lagunas", aliases="Lagunas (Loreto)|Lagunas town")
    assert Place.from_row(row).row() == {**row.fields, "aliases": "Lagunas (Loreto)|Lagunas town"}
    assert Place.from_row(row).aliases == ("Lagunas (Loreto)", "Lagunas town")


def test_name_keys_ignore_case_accents_hyphens_and_spacing():
    assert name_key("Apurímac-Ene") == name_key("apurimac  ene") == "apurimac ene"
    assert PlaceIndex([]).map_units() == []
