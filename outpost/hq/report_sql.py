"""The monthly service summary at HQ, counted by SQL over the archive's indexed `entries` table.

The archive keeps, per entry, its `month` (of its current `occurred_at`, as amendments moved
it, in the station's zone), its current `data` (amendments applied) and whether it is `voided`,
so the current view of docs/data-model.md is a WHERE clause. Every figure below is the SQL twin
of `outpost.reports.figures.count_month` and `count_stock`; a property test keeps the two
equal. Nothing here loops over entries in Python: Python only arranges the handful of rows per
station that SQLite returns.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import tzinfo
from typing import Any

from outpost.errors import InputRefused
from outpost.model.months import check_month, previous_month
from outpost.model.times import DEFAULT_ZONE, zone
from outpost.reports.figures import MonthFigures, number
from outpost.reports.summary import MonthlySummary, StationMonth

from .coverage import hq_coverage
from .readers import run_all
from .report_counts import fill_figures, period_queries, station_filter
from .report_sections import hq_sections, section_queries
from .stock_cache import refresh_stock_moves

_STOCK = """
SELECT station, medicine, unit, TOTAL(quantity),
       TOTAL(CASE WHEN month <= :m2 THEN quantity END), MIN(month) <= :m2
FROM report_stock_moves
WHERE month <= :m1 {station}
GROUP BY station, medicine, unit
"""
"""Stock at the end of `month` and of the month before, from the stock cache
(outpost.hq.stock_cache)."""


@dataclass
class _Station:
    id: str
    name: str
    tz: tzinfo


def _stations(db: sqlite3.Connection, only: str | None) -> list[_Station]:
    rows = db.execute("SELECT id, name, timezone FROM stations ORDER BY id").fetchall()
    found = []
    for sid, name, timezone in rows:
        if only is not None and sid != only:
            continue
        try:
            tz = zone(timezone or DEFAULT_ZONE)
        except ValueError:
            tz = zone(DEFAULT_ZONE)
        found.append(_Station(sid, name or sid, tz))
    if only is not None and not found:
        known = ", ".join(r[0] for r in rows) or "-"
        raise InputRefused("report.unknown_station", station=only, known=known)
    return found


def hq_figures(
    db: sqlite3.Connection,
    month: str,
    only: str | None = None,
    more: dict[str, str] | None = None,
    params: dict[str, Any] | None = None,
) -> tuple[dict[tuple[str, str], MonthFigures], dict[str, list[Any]]]:
    """(month, station) -> figures for `month` and the month before, straight from SQL; and the
    rows of the `more` queries (run alongside, with `params` added)."""
    check_month(month)
    before = previous_month(month)
    refresh_stock_moves(db, only)
    queries = {  # the two months' figures apart, so that two readers share the work evenly
        **period_queries("", only, "month", "month = :m1"),
        **period_queries("before_", only, "month", "month = :m2"),
        "stock": _STOCK.format(station=station_filter(only)),
        **(more or {}),
    }
    rows = run_all(db, queries, {"only": only, "m1": month, "m2": before, **(params or {})})
    figures: dict[tuple[str, str], MonthFigures] = {}
    fill_figures(rows, "", figures)
    fill_figures(rows, "before_", figures)
    for station, medicine, unit, now, then, held_then in rows["stock"]:
        figures.setdefault((month, station), MonthFigures()).stock[(medicine, unit)] = number(now)
        if held_then:
            figures.setdefault((before, station), MonthFigures()).stock[(medicine, unit)] = number(
                then
            )
    return figures, rows


def hq_summary(
    db: sqlite3.Connection, month: str, station: str | None = None, generated_at: str = ""
) -> MonthlySummary:
    """The brigade's summary of `month` from the archive: one row per enrolled station (or just
    `station`), totals added up by `MonthlySummary`. InputRefused for an unknown station."""
    check_month(month)
    stations = _stations(db, station)
    more, params = section_queries(month, station)
    figures, found = hq_figures(db, month, station, more, params)
    sections = hq_sections(db, month, {st.id: st.tz for st in stations}, station, found, figures)
    coverage = hq_coverage(db, month, {st.id: st.tz for st in stations})
    before = previous_month(month)
    rows = [
        StationMonth(
            station=st.id,
            name=st.name,
            month=month,
            figures=figures.get((month, st.id), MonthFigures()),
            previous=figures.get((before, st.id), MonthFigures()),
            coverage=coverage[st.id],
            sections=sections[st.id],
        )
        for st in stations
    ]
    return MonthlySummary("hq", month, rows, generated_at)
