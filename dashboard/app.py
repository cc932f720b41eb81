"""A plain page listing every indicator and what the package covers (the full dashboard comes next)."""
from __future__ import annotations

import dash
from dash import html

from dashboard.data import Package, load_package


def coverage_rows(package: Package) -> list[dict]:
    obs, ind = package["observations"], package["indicators"]
    rows = []
    for _, indicator in ind.iterrows():
        mine = obs[obs.indicator == indicator.indicator]
        years = sorted(int(y) for y in mine.year if y)
        rows.append({"id": indicator.indicator, "name_es": indicator.name_es, "name_en": indicator.name_en,
                     "unit": indicator.unit, "rows": len(mine), "places": mine.geography_id.nunique(),
                     "years": f"{years[0]}–{years[-1]}" if years else "—",
                     "sources": mine.source_id.nunique()})
    return rows


def layout(package: Package) -> html.Div:
    header = ["Indicador / Indicator", "Unidad", "Filas", "Lugares", "Años", "Fuentes"]
    body = [html.Tr([html.Td([html.Strong(r["name_es"]), html.Br(), html.Small(f"{r['name_en']} · {r['id']}")]),
                     html.Td(r["unit"]), html.Td(r["rows"]), html.Td(r["places"]), html.Td(r["years"]),
                     html.Td(r["sources"])]) for r in coverage_rows(package)]
    return html.Main(lang="es", children=[
        html.H1("Vigía — crímenes ambientales en el Perú"),
        html.P(f"Paquete de datos {package.version} (publicado {package.release_date}). "
               "Cada cifra cita su fuente; un vacío es un vacío, nunca un cero."),
        html.Table([html.Thead(html.Tr([html.Th(h) for h in header])), html.Tbody(body)]),
    ])


def create_app(package: Package | None = None) -> dash.Dash:
    package = package or load_package()
    app = dash.Dash(__name__, title="Vigía", serve_locally=True)
    app.layout = layout(package)
    return app
