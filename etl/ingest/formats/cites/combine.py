"""Several CITES files into observations: duplicates within a download rejected, older downloads superseded
per key, bulk shipments and tabulation rows sharing a key summed (see reader.py's docstring)."""
from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from etl.ingest.files import Context, ObservationRow, observation
from etl.ingest.formats.cites.trades import CitesFile, Trade, TradeKey
from etl.ingest.values import number_text


def combine(files: list[CitesFile], ctx: Context) -> list[ObservationRow]:
    """Duplicates within a download rejected, older downloads superseded per key, bulk shipments and
    tabulation rows sharing a key summed (see the module docstring)."""
    by_download: dict[date, list[Trade]] = defaultdict(list)
    for f in files:
        by_download[f.info.downloaded].extend(f.trades)
    tallies = {id(f.info): f.tally for f in files}

    def reject(trade: Trade, reason: str, column: str = "", value: str = "", superseded: bool = False) -> None:
        tallies[id(trade.info)].reject(trade.rec, column, value, reason, superseded=superseded)

    keyed: dict[TradeKey, dict[date, list[Trade]]] = defaultdict(dict)   # key -> download -> trades
    for downloaded, trades in by_download.items():
        seen_comptab: dict[tuple[TradeKey, tuple[str, ...]], Trade] = {}
        seen_ids: dict[str, Trade] = {}
        bulk_keys = {t.key for t in trades if t.bulk}
        for t in trades:
            if t.bulk and t.record_id:
                first = seen_ids.setdefault(t.record_id, t)
                if first is not t:
                    reject(t, f"duplicate Id {t.record_id} (also {_where(first)})", "Id", t.record_id)
                    continue
            elif not t.bulk:
                if t.key in bulk_keys:
                    reject(t, "same trade also in a bulk file of the same download date")
                    continue
                earlier = seen_comptab.setdefault((t.key, tuple(t.rec.fields)), t)
                if earlier is not t:
                    reject(t, f"duplicate of {_where(earlier)} (every field the same)")
                    continue
            keyed[t.key].setdefault(downloaded, []).append(t)
    observations = []
    for key, downloads in keyed.items():
        latest = max(downloads)
        for downloaded, trades in downloads.items():
            if downloaded != latest:
                winner = downloads[latest][0]
                for t in trades:
                    reject(t, f"superseded by {_where(winner)} (a later download: {latest.isoformat()})",
                           superseded=True)
        kept = downloads[latest]
        for t in kept:
            tallies[id(t.info)].kept += 1
        observations += _observations(key, kept, ctx)
    return observations


def _where(trade: Trade) -> str:
    return f"{trade.info.name}:{trade.rec.line}"


def _observations(key: TradeKey, trades: list[Trade], ctx: Context) -> list[ObservationRow]:
    year, app, taxon, imp, exp, org, term, unit_id, purpose, source = key
    first = trades[0]
    if exp == "PE":
        indicator, flow, partner, peru = f"cites_{first.group}_{unit_id}", \
            ("export" if org in ("", "PE") else "re_export"), imp, "exporter"
    elif imp == "PE":
        indicator, flow, partner, peru = f"cites_{first.group}_{unit_id}", "import", exp, "importer"
    else:
        indicator, flow, partner, peru = f"cites_{first.group}_{unit_id}_peru_origin", "re_export", exp, "origin"
    as_published = first.countries.get(peru) or {"exporter": exp, "importer": imp, "origin": org}[peru]
    scope = [f"App. {app}", f"purpose {purpose}" if purpose else "purpose not reported"]
    if org:
        scope.append(f"origin {org}")
    if indicator.endswith("_peru_origin"):
        scope.append(f"re-exported by {exp} to {imp}")
    rows = []
    for reporter in ("exporter", "importer"):
        parts = [(t, t.reports[reporter]) for t in trades if reporter in t.reports]
        if not parts:
            continue   # no report from this side: a gap, not zero
        total = sum((report.quantity for _, report in parts), Decimal(0))
        t0, (_, text0, column) = parts[0]
        if first.bulk:
            lines = ", ".join(_where(t) for t, _ in parts[:5]) + (" …" if len(parts) > 5 else "")
            locator = f"sum of {len(parts)} shipment record(s) with Reporter.type {reporter[0].upper()}: {lines}"
            published = text0 if len(parts) == 1 else number_text(total)
            note = "" if len(parts) == 1 else f"sum of {len(parts)} shipment records (comparative-tabulation key)"
        elif len(parts) > 1:
            lines = ", ".join(t.rec.lines for t, _ in parts[:10]) + (" …" if len(parts) > 10 else "")
            locator = f"sum of {len(parts)} rows with the same key, column '{column}': lines {lines}"
            published = " + ".join(report.as_published for _, report in parts[:10]) + (
                " …" if len(parts) > 10 else "")
            note = (f"sum of {len(parts)} rows of the comparative tabulation with the same key (year, appendix, "
                    "taxon, countries, term, unit, purpose, source): separate records, each kept")
        else:
            locator, published, note = f"column '{column}'", text0, ""
        rows.append(observation(
            ref=t0.info.ref(t0.rec.line), indicator=indicator, series="seized" if source == "I" else "reported",
            geography_level="country", geography="PE", period=str(year), value=number_text(total), unit=unit_id,
            source_id=t0.info.source_id, locator=locator, verification=ctx.verification, taxon=taxon,
            product=term, partner=partner, flow=flow, reporter=reporter, cites_source=source,
            scope="; ".join(scope), value_as_published=published, period_as_published=str(year),
            geography_as_published=as_published, note=note))
    return rows
