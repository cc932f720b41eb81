"""What every page shares: the header (brand, navigation, language switch), notices and the footer."""
from __future__ import annotations

import dash
import pytest
from dash import html

from dashboard import i18n, shell, state
from tests.dashboard.trees import by_id, notices, text, walk


@pytest.fixture
def pages(app, small, monkeypatch):
    """The app's registered pages, shown with the small package."""
    monkeypatch.setattr(state, "_catalog", small)


def test_the_navigation_is_the_registered_pages_with_a_label_in_their_order(pages):
    registered = sorted((p for p in dash.page_registry.values() if p["nav"]), key=lambda p: p["order"])
    assert shell.navigation() == [(p["path"], p["nav"]) for p in registered]


def test_a_page_says_its_language_and_switches_to_the_other_keeping_its_state(pages):
    tree = shell.page("en", "/mapa", {"indicator": "loss", "year": 2020}, [], html.H1("Map"))
    assert tree.lang == "en"
    switch = by_id(tree, shell.LANG_SWITCH)
    assert switch.href == "/mapa?indicator=loss&year=2020&lang=es" and switch.lang == "es"
    assert text(switch) == i18n.t("en", "language_switch")


def test_the_section_of_a_path_is_marked_in_the_navigation(pages):
    nav = next(c for c in walk(shell.page("es", "/indicador/loss", {}, [])) if isinstance(c, html.Nav))
    active = [link.href for link in nav.children if link.className == "active"]
    assert active == ["/indicador?lang=es"]


def test_notices_come_first_in_the_main_content(pages):
    tree = shell.page("es", "/", {}, ["uno", "dos"], html.P("contenido"))
    main = by_id(tree, shell.MAIN)
    assert [text(c) for c in main.children] == ["uno", "dos", "contenido"]
    assert notices(tree) == ["uno", "dos"] and main.children[0].role == "status"


def test_the_footer_names_the_package_version_and_links_its_download(pages, small):
    tree = shell.page("en", "/", {}, [])
    package = small.package
    assert text(by_id(tree, shell.DATA_AS_OF)) == i18n.t("en", "data_as_of", date=package.release_date,
                                                          version=package.version)
    assert by_id(tree, shell.DOWNLOAD_PACKAGE).href == "/download/vigia-datapackage.zip"


@pytest.mark.parametrize(("path", "lang", "expected"), [
    ("/region/PE-UCA", "es", "Ucayali — Vigía"), ("/region/PE-XXX", "en", "Loreto — Vigía"),
    ("/indicador/coca_area", "en", "Coca cultivation area — Vigía"), ("/mapa", "es", "Mapa por departamento — Vigía"),
    ("/fuentes", "en", "Sources and method — Vigía"), ("/no/such/page", "es", "Página no encontrada — Vigía")])
def test_the_html_page_says_its_language_and_its_own_title(client, path, lang, expected):
    """<html lang> and <title> are right in the page the server sends, before any script runs."""
    page = client.get(f"{path}?lang={lang}").get_data(as_text=True)
    assert f'<html lang="{lang}">' in page and f"<title>{expected}</title>" in page
    assert f'content="{i18n.t(lang, "meta_description")}"' in page
