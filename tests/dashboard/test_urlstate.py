"""Query-string values: an unknown or malformed one gives the nearest valid view and says so."""
from __future__ import annotations

from dashboard import i18n
from dashboard.urlstate import choose, choose_year, href, lang_of


def test_the_language_is_one_of_the_two_or_spanish():
    assert [lang_of(v) for v in ("en", "es", "fr", None, "")] == ["en", "es", "es", "es", "es"]


def test_choose_keeps_a_known_value_and_replaces_an_unknown_one_saying_so():
    notices: list[str] = []
    assert choose("b", ["a", "b"], "a", "tab", "en", notices) == "b" and notices == []
    assert choose(None, ["a"], "a", "tab", "en", notices) == "a" and choose("", ["a"], "a", "tab", "en", notices) == "a"
    assert notices == []  # nothing asked: the default, silently
    assert choose("<x>" * 40, ["a"], "a", "tab", "es", notices) == "a"
    assert notices == [i18n.t("es", "unknown_value", value=("<x>" * 40)[:60], field=i18n.t("es", "field_tab"),
                              fallback="a")]
    named = choose("PE-XXX", ["PE-LOR"], "PE-LOR", "region", "es", [], name={"PE-LOR": "Loreto"}.get)
    said: list[str] = []
    choose("PE-XXX", ["PE-LOR"], "PE-LOR", "region", "es", said, name={"PE-LOR": "Loreto"}.get)
    assert named == "PE-LOR" and said == ["«PE-XXX» no es un valor válido de región; se muestra Loreto."]  # no ids


def test_a_year_is_one_the_view_has_or_the_nearest_saying_so():
    notices: list[str] = []
    years = [2001, 2005, 2010]
    assert choose_year(None, years, "en", notices) == 2010 and choose_year("2005", years, "en", notices) == 2005
    assert choose_year(2001, years, "en", notices) == 2001 and notices == []
    assert choose_year("2004", years, "en", notices) == 2005
    assert choose_year("soon", years, "en", notices) == 2010  # not a year: the latest
    year = i18n.t("en", "field_year")
    assert notices == [i18n.t("en", "unknown_value", value="2004", field=year, fallback=2005),
                       i18n.t("en", "unknown_value", value="soon", field=year, fallback=2010)]
    assert choose_year("2004", [], "en", notices) is None and len(notices) == 2


def test_a_link_carries_only_the_parameters_given_encoded():
    assert href("/mapa") == "/mapa"
    assert href("/mapa", indicator="coca_area", year=2024, lang="es") == "/mapa?indicator=coca_area&year=2024&lang=es"
    assert href("/indicador/x", regions="PE,PE-LOR", tab="", lang=None) == "/indicador/x?regions=PE%2CPE-LOR"
