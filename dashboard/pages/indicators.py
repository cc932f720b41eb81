"""Index of every indicator, by theme."""
from __future__ import annotations

import dash
from dash import html

from dashboard import i18n
from dashboard.components import indicator_link
from dashboard.shell import page
from dashboard.state import catalog
from dashboard.urlstate import lang_of

dash.register_page(__name__, path="/indicador", title="Vigía — indicadores")

THEMES = {"coca_deforestation": {"es": "Coca y deforestación", "en": "Coca and deforestation"},
          "timber": {"es": "Madera y caoba", "en": "Timber and mahogany"},
          "sharks": {"es": "Aletas de tiburón", "en": "Shark fins"},
          "wildlife": {"es": "Tráfico de fauna silvestre", "en": "Wildlife trafficking"},
          "mining": {"es": "Minería aurífera", "en": "Gold mining"},
          "crime_index": {"es": "Índice Global de Crimen Organizado", "en": "Global Organized Crime Index"}}


def layout(lang=None, **_):
    lang = lang_of(lang)
    c = catalog()
    sections = []
    for theme, names in THEMES.items():
        ids = [i for i in c.indicators.index if c.indicators.at[i, "theme"] == theme]
        if ids:
            sections += [html.H2(names[lang]),
                         html.Ul([html.Li([indicator_link(c, i, lang), " ",
                                           html.Small(f"({len(c.rows(i))} · {c.unit_symbol(i, lang)})")]) for i in ids])]
    return page(lang, "/indicador", {}, [], html.H1(i18n.t(lang, "nav_indicator")), *sections)
