"""Building blocks several pages use: the table of figures, the source list, the reliability badge."""
from __future__ import annotations

import re

import pandas as pd
from dash import dcc, html

from dashboard import i18n
from dashboard.catalog import Catalog
from dashboard.urlstate import href

# How a figure was obtained, at a glance: checked in the original, read from a data file, or relayed.
VERIFICATION_MARKS = {"primary_checked": ("checked", "✓"), "publisher_file": ("from-file", "▤"),
                      "third_party_file": ("from-file", "▤"), "relayed_unchecked": ("relayed", "↺")}


def badge(catalog: Catalog, row: dict, lang: str) -> html.Span:
    grade = str(catalog.sources.at[row["source_id"], "reliability"])
    css, mark = VERIFICATION_MARKS.get(row["verification"], ("relayed", "↺"))
    return html.Span(className=f"badge badge-{grade} {css}",
                     title=catalog.label("verification", row["verification"], lang),
                     children=f"{catalog.label('reliability', grade, lang)} · {mark}")


def markdown_cell(text: str) -> str:
    """Text as it is: markdown punctuation escaped, so data can never become a link, emphasis or a column."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~])", r"\\\1", " ".join(str(text).split()))


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    """One dcc.Markdown table renders hundreds of rows at once; as html.Tr/Td components the same table took
    the browser tens of seconds to mount."""
    lines = ["| " + " | ".join(markdown_cell(h) for h in header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(markdown_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def figures_table(catalog: Catalog, rows, lang: str, table_id: str) -> dcc.Markdown:
    """Every figure with its qualifier, period, series, source and note: the chart's accessible twin."""
    head = ["table_place", "table_period", "table_value", "table_series", "table_source", "table_verification",
            "table_note"]
    body = []
    for r in rows.to_dict("records"):
        dims = " · ".join(r[d] for d in catalog.dimensions if r[d])
        body.append([catalog.place_name(r["geography_id"], lang), catalog.period_text(r, lang),
                     catalog.value_text(r, lang),
                     " · ".join(filter(None, [catalog.series_name(r["indicator"], r["series"], lang), dims])),
                     catalog.source_line(r, lang), catalog.label("verification", r["verification"], lang), r["note"]])
    return dcc.Markdown(markdown_table([i18n.t(lang, h) for h in head], body), id=table_id, className="figures")


def source_list(catalog: Catalog, sources: list[dict], lang: str) -> html.Ul:
    """Source records (Catalog.sources_of) as a list: publisher, year, title (a link), grade, licence."""
    items = []
    for s in sources:
        title = s["title"]
        link = html.A(title, href=s["url"], rel="noopener noreferrer") if s["url"] else html.Span(title)
        items.append(html.Li(id=f"source-{s['source_id']}", children=[
            html.Strong(s["publisher"]), f" ({s['year']}) " if s["year"] else " ", link, " — ",
            html.Em(catalog.label("reliability", s["reliability"], lang)),
            f" · {s['licence']}" if s["licence"] else ""]))
    return html.Ul(items, className="sources")


def indicator_link(catalog: Catalog, indicator: str, lang: str) -> dcc.Link:
    return dcc.Link(catalog.name(indicator, lang), href=href(f"/indicador/{indicator}", lang=lang))


def citation(catalog: Catalog, indicator: str, lang: str, path: str, figures: pd.DataFrame) -> html.Details:
    """A ready-to-paste citation: what, from whom, which package version, where to see it again."""
    from flask import has_request_context, request

    package = catalog.package
    publishers = "; ".join(catalog.publishers_of(figures))
    base = request.host_url.rstrip("/") if has_request_context() else ""
    text = i18n.t(lang, "citation", year=package.release_date[:4],
                  title=f"{catalog.name(indicator, lang)} ({catalog.unit_symbol(indicator, lang)})",
                  sources=publishers, version=package.version, url=base + path)
    return html.Details(className="citation", children=[
        html.Summary(i18n.t(lang, "cite_this")),
        html.P(text, className="citation-text", id=f"citation-{indicator}")])
