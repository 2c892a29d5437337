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

from outpost.errors import InputRefused
from outpost.model.months import check_month, previous_month
from outpost.model.times import DEFAULT_ZONE, zone
from outpost.reports.figures import MonthFigures, number
from outpost.reports.summary import MonthlySummary, StationMonth

from .coverage import hq_coverage
from .readers import run_all
from .stock_cache import refresh_stock_moves

_COUNTED = "('patrol', 'water_delivery', 'medicine_handout', 'herder_visit', 'assistance')"

_FIGURES = f"""
SELECT month, station, kind, COUNT(*),
  TOTAL(CASE kind WHEN 'patrol' THEN json_extract(data, '$.distance_km') END),
  TOTAL(CASE kind WHEN 'patrol' THEN unixepoch(json_extract(data, '$.ended_at'))
                                     - unixepoch(json_extract(data, '$.started_at')) END),
  TOTAL(CASE kind WHEN 'patrol' THEN json_array_length(data, '$.markers') END),
  TOTAL(CASE kind WHEN 'water_delivery' THEN json_extract(data, '$.litres') END),
  TOTAL(CASE kind WHEN 'medicine_handout' THEN COALESCE(json_extract(data, '$.people'), 1) END),
  TOTAL(CASE kind WHEN 'herder_visit' THEN json_extract(data, '$.issues_raised') END),
  TOTAL(CASE kind WHEN 'herder_visit' THEN json_extract(data, '$.issues_resolved') END),
  TOTAL(CASE kind WHEN 'assistance' THEN json_extract(data, '$.people_helped') END),
  group_concat(DISTINCT CASE WHEN kind <> 'patrol' THEN json_extract(data, '$.household') END)
FROM entries
WHERE month IN (:m1, :m2) AND kind IN {_COUNTED} AND voided = 0 {{station}}
GROUP BY month, station, kind
"""
"""One pass over a month's rows, grouped as the `entries_month` index is ordered; each row
reads only the fields of its kind.

Household ids cannot hold a comma (their schema pattern), so the distinct ids of each group come
back comma-joined and "households served" is the union of a station's groups."""

_MARKERS = """
SELECT e.month, e.station, COUNT(DISTINCT m.value)
FROM entries AS e, json_each(e.data, '$.markers') AS m
WHERE e.month IN (:m1, :m2) AND e.kind = 'patrol' AND e.voided = 0 {station}
GROUP BY e.month, e.station
"""

_CATEGORIES = """
SELECT month, station, json_extract(data, '$.category'), COUNT(*)
FROM entries
WHERE month IN (:m1, :m2) AND kind = 'assistance' AND voided = 0 {station}
GROUP BY month, station, json_extract(data, '$.category')
"""

_ITEMS = """
SELECT e.month, e.station, json_extract(i.value, '$.medicine'), json_extract(i.value, '$.unit'),
       TOTAL(json_extract(i.value, '$.quantity'))
FROM entries AS e, json_each(e.data, '$.items') AS i
WHERE e.month IN (:m1, :m2) AND e.kind = 'medicine_handout' AND e.voided = 0 {station}
GROUP BY e.month, e.station, 3, 4
"""

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


def _filter(only: str | None, alias: str = "") -> str:
    return f"AND {alias}station = :only" if only is not None else ""


def hq_figures(
    db: sqlite3.Connection, month: str, only: str | None = None
) -> dict[tuple[str, str], MonthFigures]:
    """(month, station) -> figures for `month` and the month before, straight from SQL."""
    check_month(month)
    before = previous_month(month)
    refresh_stock_moves(db, only)
    figures_sql = _FIGURES.replace("{station}", _filter(only))
    queries = {  # the two months' figures apart, so that two readers share the work evenly
        "figures": figures_sql.replace("IN (:m1, :m2)", "= :m1"),
        "figures_before": figures_sql.replace("IN (:m1, :m2)", "= :m2"),
        "markers": _MARKERS.format(station=_filter(only, "e.")),
        "items": _ITEMS.format(station=_filter(only, "e.")),
        "categories": _CATEGORIES.format(station=_filter(only)),
        "stock": _STOCK.format(station=_filter(only)),
    }
    rows = run_all(db, queries, {"only": only, "m1": month, "m2": before})
    figures: dict[tuple[str, str], MonthFigures] = {}
    served: dict[tuple[str, str], set[str]] = {}

    def get(m: str, station: str) -> MonthFigures:
        return figures.setdefault((m, station), MonthFigures())

    for row in [*rows["figures"], *rows["figures_before"]]:
        m, station, kind, count, km, seconds, markers, litres = row[:8]
        people, raised, resolved, helped, households = row[8:]
        ids = set(households.split(",")) if households else set()
        f = get(m, station)
        if kind != "patrol":
            served.setdefault((m, station), set()).update(ids)
        if kind == "patrol":
            f.patrols, f.km, f.seconds, f.markers = count, km, int(seconds), int(markers)
        elif kind == "water_delivery":
            f.water_deliveries, f.litres, f.water_households = count, int(litres), len(ids)
        elif kind == "medicine_handout":
            f.handouts, f.people = count, int(people)
        elif kind == "herder_visit":
            f.visits, f.visit_households = count, len(ids)
            f.issues_raised, f.issues_resolved = int(raised), int(resolved)
        elif kind == "assistance":
            f.assistance, f.people_helped = count, int(helped)
    for key, ids in served.items():
        figures[key].households_served = len(ids)
    for m, station, distinct in rows["markers"]:
        get(m, station).markers_distinct = distinct
    for m, station, category, count in rows["categories"]:
        get(m, station).by_category[category] = count
    for m, station, medicine, unit, quantity in rows["items"]:
        get(m, station).items[(medicine, unit)] = number(quantity)
    for station, medicine, unit, now, then, held_then in rows["stock"]:
        get(month, station).stock[(medicine, unit)] = number(now)
        if held_then:
            get(before, station).stock[(medicine, unit)] = number(then)
    return figures


def hq_summary(
    db: sqlite3.Connection, month: str, station: str | None = None, generated_at: str = ""
) -> MonthlySummary:
    """The brigade's summary of `month` from the archive: one row per enrolled station (or just
    `station`), totals added up by `MonthlySummary`. InputRefused for an unknown station."""
    check_month(month)
    stations = _stations(db, station)
    figures = hq_figures(db, month, station)
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
        )
        for st in stations
    ]
    return MonthlySummary("hq", month, rows, generated_at)
