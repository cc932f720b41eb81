"""Briefing PDFs: what a region's or a theme's brief shows (on the small package), and its HTML, which
escapes whatever text the package holds."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from markupsafe import Markup

from dashboard import i18n
from dashboard.catalog import Catalog
from dashboard.data import Package, load_package
from dashboard.exports import brief
from tests.dashboard.smallpackage import VERSION


@pytest.fixture
def no_drawing(monkeypatch):
    """Briefs without kaleido: each chart's SVG is a placeholder naming its size."""
    monkeypatch.setattr(brief, "_svg", lambda figure, width, height, key: Markup(f"<svg class='chart-{width}'/>"))


def test_a_regions_brief_has_its_maps_latest_figures_charts_notes_and_sources(small, no_drawing):
    content, stem = brief.brief_content(small, "en", region="PE-UCA")
    assert stem == "vigia_informe_ucayali_en" and content.title == i18n.t("en", "region_title", name="Ucayali")
    assert [(m.title, m.year, m.no_data) for m in content.maps] == [
        ("Coca area", 2021, "Cusco, Lima Region, Metropolitan Lima, Loreto"), ("Forest loss", 2021, "Lima Region")]
    latest = {row.name: row for row in content.latest}
    assert (latest["Forest loss"].value, latest["Forest loss"].source) == ("30 ha", "MINAM (2022)")
    assert latest["Coca area"].change == i18n.t("en", "change_not_comparable", period="2021")
    assert {c.title for c in content.charts} == {"Forest loss", "Coca area"}
    assert [n.text for n in content.notes if n.indicator == "Coca area"] == [
        "Valleys only.", f"{i18n.t('en', 'indicator_method_break')} (2021): New method."]
    assert [s.source_id for s in content.sources] == [s["source_id"] for s in small.sources_of(
        small.figures(small.region_places("PE-UCA")))] == ["s-minam", "s-devida"]  # the citation order
    assert content.sources[1].text("en").startswith("DEVIDA (2021). Monitoreo de coca. Via Coca Repo (2023)")
    assert content.as_of == i18n.t("en", "data_as_of", date=small.package.release_date, version=VERSION)


def test_a_themes_brief_is_peru_s_figures_of_its_indicators(small, no_drawing):
    content, stem = brief.brief_content(small, "es", theme="forests")
    assert stem == "vigia_informe_forests_es" and content.title == "Bosques — Perú"
    assert [m.title for m in content.maps] == ["Pérdida de bosque"]
    assert {row.name: row.value for row in content.latest} == {"Pérdida de bosque": "66 ha", "Bosque protegido": "45 %"}
    assert any(n.text.startswith("ONG — más de 70 ha (2021).") for n in content.notes)  # the other series
    assert [s.origin for s in content.sources] == ["MINAM", "Watch NGO"]
    assert content.sources[1].missing == ("título no registrado", "fecha no registrada")
    with pytest.raises(ValueError):
        brief.brief_content(small, "es")


HOSTILE = "<script>alert('x')</script> & Co"


def hostile_catalog() -> Catalog:
    """The real package with markup and ampersands in a place name, an indicator name and every source."""
    package = load_package()
    tables = {name: frame.copy() for name, frame in package.tables.items()}
    tables["places"].loc[tables["places"].place_id == "PE-UCA", "name_es"] = f"Ucayali {HOSTILE}"
    tables["indicators"].loc[tables["indicators"].indicator == "coca_area", "name_es"] = f"Coca {HOSTILE}"
    for column in ("origin_publisher", "origin_title", "channel_name", "channel_title", "url"):
        tables["sources"][column] = tables["sources"][column] + f" {HOSTILE}"
    return Catalog(Package(package.version + "+hostile", package.release_date, tables, package.folder))


def catalog_sources(unit: str) -> list[dict]:
    catalog = Catalog(load_package())
    return catalog.sources_of(catalog.figures(catalog.region_places(unit)))


def test_the_brief_escapes_the_packages_text_and_keeps_its_charts(no_drawing):
    page = brief.build_brief(hostile_catalog(), "es", region="PE-UCA").html
    assert "<script>" not in page and "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Co" in page
    assert "<title>Perfil regional: Ucayali &lt;script&gt;" in page and "<h1>Perfil regional: Ucayali &lt;" in page
    assert "<td>Coca &lt;script&gt;" in page and "<b>Coca &lt;script&gt;" in page  # the table and the caveats
    listed = re.search(r"<ol class='sources'>(.*?)</ol>", page, flags=re.DOTALL)
    assert listed and listed.group(1).count("<li>") == len(catalog_sources("PE-UCA"))
    assert re.findall(r"&(?!(?:#\d+|#x[0-9a-f]+|[a-z]+);)", page, flags=re.IGNORECASE) == []  # every & an entity
    assert "<svg class='chart-900'/>" in page  # the charts' SVG is markup, not text
    assert "<cite lang='en'>" in page  # an English title in a Spanish brief says its language


def test_the_briefs_html_is_in_its_templates():
    source = Path(brief.__file__).read_text(encoding="utf-8")
    assert "html.escape" not in source and "<h2>" not in source
