"""Words of the other language in a view: what the language test counts (tests/dashboard/pages/test_language.py).

A view's words are every text a reader meets in its layout: the components' text, their titles, labels and
options, the figures' legend entries, axis titles, hovers and notes, and the texts the browser swaps in (the
map's stores). An element marked with another `lang` (a source's own title) is skipped, and so are names
(places, the producers and channels of sources: a name is not translated) and quotations (a source's own words
between quotation marks, which a note or a locator cites as the source wrote them).

    python -m tests.dashboard.language      # the count per view, in both languages (VIGIA_PACKAGE: the package)
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from dash.development.base_component import Component

from dashboard.catalog import Catalog
from dashboard.components import markdown_cell

# Common words of one language that never are words of the other (the lists, with plurals; not
# "para", which English locators use for a paragraph).
ENGLISH = ("the", "and", "of", "by", "from", "with", "which", "was", "this", "for", "per", "shipment", "shipments",
           "seized", "figure", "figures", "quoted", "transcribed", "party", "paragraph", "volume", "export",
           "exports", "timber", "frozen", "fins", "wildlife", "specimens", "source", "sources", "publisher",
           "publishers", "table", "tables")
SPANISH = ("el", "los", "las", "del", "y", "con", "por", "que", "una", "se", "cifra", "cifras", "fuente",
           "fuentes", "decomiso", "decomisos", "madera", "aletas", "especímenes", "ejemplares", "silvestre",
           "exportación", "exportaciones", "volumen", "tabla", "párrafo", "según", "año", "años", "sin", "datos")
OTHER = {"es": ENGLISH, "en": SPANISH}
QUOTED = re.compile(r"(?:&quot;|\\?\")[^\"&\n]{2,300}?(?:&quot;|\\?\")|“[^”\n]{2,300}”|«[^»\n]{2,300}»"
                    r"|(?<![\w\\])'[^'\n]{2,300}?'(?!\w)|(?<![\w\\])&#x27;.{2,300}?&#x27;(?!\w)")
TEXT_PROPS = ("children", "title", "label", "placeholder", "alt", "summary")
# keys of a figure or a store whose values are settings, not words
SETTINGS = {"href", "src", "id", "className", "style", "lang", "type", "value", "geojson", "locations", "featureidkey",
            "legendgroup", "geo", "mode", "symbol", "dash", "color", "colorscale", "hovertemplate", "meta", "namespace",
            "props", "data-format", "rel", "role", "xaxis", "yaxis", "xref", "yref", "anchor", "xanchor", "yanchor",
            "tickformat", "rangemode", "orientation", "align", "hoverinfo", "entrywidthmode", "hovermode",
            "separators", "dragmode", "family", "bgcolor", "gridcolor", "framecolor", "paper_bgcolor",
            "plot_bgcolor", "itemclick", "itemdoubleclick", "scope", "projection", "locale"}


def texts(node, lang: str) -> Iterator[str]:
    """Every text of a layout a reader of `lang` meets, but what an element marks as another language."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, list | tuple):
        for item in node:
            yield from texts(item, lang)
    elif isinstance(node, dict):
        if node.get("lang") not in (None, "", lang):
            return
        for key, value in node.items():
            if key in SETTINGS:
                if key == "props":
                    yield from texts(value, lang)
                continue
            yield from texts(value, lang)
    elif isinstance(node, Component):
        if getattr(node, "lang", None) not in (None, "", lang):
            return
        for prop in node._prop_names:
            value = getattr(node, prop, None)
            if prop in TEXT_PROPS or isinstance(value, Component | list | tuple):
                yield from texts(value, lang)
            elif prop in ("options",):
                yield from (str(o.get("label", "")) for o in value or [] if isinstance(o, dict))
            elif prop in ("figure", "data") and isinstance(value, dict | list):
                yield from texts(value, lang)


def names(catalog: Catalog) -> list[str]:
    """Proper names a view shows as they are: places, and who produced or relayed a source; longest first."""
    places = [str(n) for lang in ("es", "en") for n in catalog.places[f"name_{lang}"]]
    sources = [str(n) for column in ("origin_publisher", "channel_name") for n in catalog.sources[column]]
    plain = {n for n in places + sources if n}
    return sorted(plain | {markdown_cell(n) for n in plain}, key=len, reverse=True)  # and as a table cell has them


def count(tree, lang: str, catalog: Catalog) -> Counter:
    """The words of the other language in a view of language `lang`, by word."""
    text = "\n".join(texts(tree, lang))
    text = re.sub(r"https?://\S+", " ", text)  # addresses are not words
    text = QUOTED.sub(" ", text)  # a quotation is the source's own words, as it wrote them
    pattern = re.compile("|".join(re.escape(n) for n in names(catalog)))
    text = pattern.sub(" ", text)
    words = re.findall(r"[^\W\d_]+", text.lower())
    other = set(OTHER[lang])
    return Counter(w for w in words if w in other)


def views(catalog: Catalog) -> list[tuple[str, dict]]:
    """(page, query) of the views the test walks: every page, the indicators the issue names, every region."""
    wanted = ["coca_area", "forest_loss", "timber_legality_share", "wildlife_seized", "shark_fin_trade_volume"]
    indicators = [i for i in wanted if i in catalog.indicators.index]
    return ([("overview", {}), ("indicators", {}), ("map", {}), ("sources", {}), ("not_found_404", {})]
            + [("indicator", {"indicator_id": i}) for i in indicators]
            + [("region", {"region_id": u}) for u in catalog.map_units])


def main() -> None:
    from dashboard import state
    from tests.dashboard import trees
    trees.app()
    catalog = state.catalog()
    for page, query in views(catalog):
        counts = {lang: count(trees.layout(page, lang, **query), lang, catalog) for lang in ("es", "en")}
        label = page + "".join(f" {v}" for v in query.values())
        print(f"{label:40} es: {sum(counts['es'].values()):5}  en: {sum(counts['en'].values()):5}  "
              f"{dict(counts['es'].most_common(6))} | {dict(counts['en'].most_common(6))}")


if __name__ == "__main__":
    main()
