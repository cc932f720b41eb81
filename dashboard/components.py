"""Building blocks several pages use: the table of figures, the source list, the grade badge, the citation.
Every source named here is named by dashboard.citation."""
from __future__ import annotations

import re
from typing import Any

import pandas as pd
from dash import dcc, html
from dash.development.base_component import Component

from dashboard import citation as cite
from dashboard import i18n
from dashboard.catalog import Catalog
from dashboard.urlstate import href

# How a figure was obtained, at a glance: checked in the original, read from a data file, or relayed.
VERIFICATION_MARKS = {"primary_checked": ("checked", "✓"), "publisher_file": ("from-file", "▤"),
                      "third_party_file": ("from-file", "▤"), "relayed_unchecked": ("relayed", "↺")}


def badge(catalog: Catalog, row: dict, lang: str) -> html.Span:
    grade = str(catalog.sources.at[row["source_id"], "origin_grade"])
    css, mark = VERIFICATION_MARKS.get(row["verification"], ("relayed", "↺"))
    return html.Span(className=f"badge badge-{grade} {css}",
                     title=catalog.label("verification", row["verification"], lang),
                     children=f"{catalog.label('grade', grade, lang)} · {mark}")


PLOTLY_LOCALES = {"es": "es-PE"}  # assets/vendor/plotly-locale-es-pe.js (Peru's numbers) over -es.js (the words)


def graph_config(lang: str, **more) -> Any:  # Any: dcc.Graph types its config as a TypedDict
    """A dcc.Graph's config in the page's language: plotly's toolbar and number formats (its locale, served from
    the app's own assets), no plotly logo, no button to plotly's cloud (its label has no Spanish, and a chart
    goes nowhere but the reader's downloads)."""
    locale = {"locale": PLOTLY_LOCALES[lang]} if lang in PLOTLY_LOCALES else {}
    remove = ["sendChartToCloud", *more.pop("modeBarButtonsToRemove", [])]  # no button that sends a chart away
    return {"displaylogo": False, "responsive": True, **locale, **more, "modeBarButtonsToRemove": remove}


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
        dims = catalog.dims_text(r, lang)
        body.append([catalog.place_name(r["geography_id"], lang), catalog.period_text(r, lang),
                     catalog.value_text(r, lang),
                     " · ".join(filter(None, [catalog.series_name(r["indicator"], r["series"], lang), dims])),
                     source_cell(catalog, r, lang), catalog.label("verification", r["verification"], lang),
                     catalog.note_text(r, lang)])
    return dcc.Markdown(markdown_table([i18n.t(lang, h) for h in head], body), id=table_id, className="figures")


def source_cell(catalog: Catalog, row: dict, lang: str) -> str:
    """A figure's source in a table cell: the source's names (its titles are in the source list) and where."""
    locator = cite.locator_of(row, lang)
    where = f" · {i18n.t(lang, 'where_in_source')}: {locator}" if locator else ""
    return cite.short(catalog, catalog.source(row["source_id"]), lang) + where


def figure_source(catalog: Catalog, row: dict, lang: str) -> list:
    """A figure's source beside it: origin (and its title, in its own language), channel, where in it."""
    s = catalog.source(row["source_id"])
    out: list = [cite.short(catalog, s, lang)]
    if s["origin_title"] or s["channel_title"]:
        out += [", ", titled(s["origin_title"] or s["channel_title"], s["language"], lang, s["url"])]
    locator = cite.locator_of(row, lang)
    return out + ([f" · {i18n.t(lang, 'where_in_source')}: {locator}"] if locator else [])


def titled(text: str, language: str, lang: str, href: str = "", **props) -> Component:
    """A title as it is, marked with its own language when it is not the page's; a link when it has an address."""
    marked: dict[str, Any] = {"lang": language} if language and language != lang else {}  # Any: see shell.page
    if href:
        return html.A(text, href=href, rel="noopener noreferrer", **marked, **props)
    return html.Cite(text, **marked, **props)


def entry_children(e: cite.Entry, lang: str, notes: bool = True) -> list:
    """A source as the lists show it: origin first (who, when, what), then the channel, then in words its grade
    and how Vigía got it (unless `notes` is False: a table has columns for them) and what the research did not
    record."""
    linked = "channel_title" if e.channel_title else "origin_title" if e.origin_title else ""
    out: list = [html.Strong(e.origin), f" ({e.origin_year})" if e.origin_year else ""]
    if e.origin_title:
        out += [". ", titled(e.origin_title, e.language, lang, e.url if linked == "origin_title" else "")]
    if e.channel or e.channel_title:
        out += [f". {i18n.t(lang, 'cite_via').capitalize()} ", e.channel,
                f" ({e.channel_year})" if e.channel_year and e.channel else ""]
        if e.channel_title:
            out += [", " if e.channel else "", titled(e.channel_title, e.language, lang, e.url)]
    if e.url and not linked:
        out += [" · ", html.A(i18n.t(lang, "source_link"), href=e.url, rel="noopener noreferrer")]
    if notes:
        out += [" — ", html.Em(e.grade), " · ", e.how]
    out += [x for n, m in enumerate(e.missing)
            for x in (" · " if n or notes else " — ", html.Span(m, className="missing"))]
    return [x for x in out if x != ""]


def source_list(catalog: Catalog, sources: list[dict], lang: str) -> html.Ul:
    """Source records (Catalog.sources_of, in the citation order) as a list."""
    items = []
    for s in sources:
        e = cite.entry(catalog, s, lang)
        licence = [" · ", e.licence] if e.licence else []
        items.append(html.Li(id=f"source-{s['source_id']}", children=entry_children(e, lang) + licence))
    return html.Ul(items, className="sources")


def indicator_link(catalog: Catalog, indicator: str, lang: str) -> dcc.Link:
    return dcc.Link(catalog.name(indicator, lang), href=href(f"/indicador/{indicator}", lang=lang))


def citation(catalog: Catalog, indicator: str, lang: str, url: str, figures: pd.DataFrame | list[dict],
             list_href: str = "",
             text_id: str = "", body_id: str = "", url_id: str = "", more_id: str = "") -> html.Details:
    """"Citar": a ready-to-paste citation of the figures drawn (their sources by the citation rule, the package
    version, `url`: the address that restores the view) and, when the line names only the first sources, a link
    to the list of all. The ids let a page's browser script follow the view (its year, places, tab)."""
    title = f"{catalog.name(indicator, lang)} ({catalog.unit_symbol(indicator, lang)})"
    more = cite.line(catalog, figures, lang).more
    ids: dict[str, dict[str, Any]] = {key: {"id": value} if value else {}
                                      for key, value in (("body", body_id), ("url", url_id), ("more", more_id))}
    more_text = i18n.t(lang, "all_sources", n=more + cite.SHOWN) if more else ""
    return html.Details(className="citation", children=[
        html.Summary(i18n.t(lang, "cite_this")),
        html.P([html.Span(cite.citation_text(catalog, title, figures, lang), className="citation-body", **ids["body"]),
                " ", html.Span(url, className="citation-url", **ids["url"])],
               className="citation-text", id=text_id or f"citation-{indicator}"),
        html.P(dcc.Link(more_text, href=list_href, **ids["more"]), className="hint")
        if list_href and (more or more_id) else None])


def host() -> str:
    """The site's address, for citations' whole addresses: the configured public address (VIGIA_PUBLIC_URL,
    dashboard.server.settings), else as the request names it ("" outside a request)."""
    from flask import current_app, has_app_context, has_request_context, request
    serving = current_app.extensions.get("vigia") if has_app_context() else None
    if serving is not None and serving.settings.public_url:
        return serving.settings.public_url
    return request.host_url.rstrip("/") if has_request_context() else ""
