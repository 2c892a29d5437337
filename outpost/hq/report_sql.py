"""The monthly service summary at HQ, counted by SQL over the archive's indexed `entries` table.

The archive keeps, per entry, its `month` (of `occurred_at` in the station's zone), its current
`data` (amendments applied) and whether it is `voided`, so the current view of DESIGN.md §3 is a
WHERE clause. Every figure below is the SQL twin of `outpost.reports.figures.count_month` and
`count_stock`; a property test keeps the two equal. Nothing here loops over entries in Python:
Python only arranges the handful of rows per station that SQLite returns.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import Any

from outpost.errors import InputRefused
from outpost.model.times import DEFAULT_ZONE, zone
from outpost.reports.figures import MonthFigures, number
from outpost.reports.summary import (
    MonthlySummary,
    StationMonth,
    check_month,
    month_end,
    previous_month,
)

GRACE = timedelta(days=7)
"""How long after a month ends entries of it may still be travelling (a packet on a USB stick)."""

_SERVICE = "('water_delivery', 'medicine_handout', 'herder_visit', 'assistance')"
_COUNTED = "('patrol', 'water_delivery', 'medicine_handout', 'herder_visit', 'assistance')"

_FIGURES = f"""
SELECT month, station,
  SUM(kind = 'patrol'),
  TOTAL(CASE WHEN kind = 'patrol' THEN json_extract(data, '$.distance_km') END),
  TOTAL(CASE WHEN kind = 'patrol' THEN unixepoch(json_extract(data, '$.ended_at'))
                                     - unixepoch(json_extract(data, '$.started_at')) END),
  TOTAL(CASE WHEN kind = 'patrol' THEN json_array_length(data, '$.markers') END),
  SUM(kind = 'water_delivery'),
  TOTAL(CASE WHEN kind = 'water_delivery' THEN json_extract(data, '$.litres') END),
  COUNT(DISTINCT CASE WHEN kind = 'water_delivery' THEN json_extract(data, '$.household') END),
  SUM(kind = 'medicine_handout'),
  TOTAL(CASE WHEN kind = 'medicine_handout'
             THEN COALESCE(json_extract(data, '$.people'), 1) END),
  SUM(kind = 'herder_visit'),
  COUNT(DISTINCT CASE WHEN kind = 'herder_visit' THEN json_extract(data, '$.household') END),
  TOTAL(CASE WHEN kind = 'herder_visit' THEN json_extract(data, '$.issues_raised') END),
  TOTAL(CASE WHEN kind = 'herder_visit' THEN json_extract(data, '$.issues_resolved') END),
  SUM(kind = 'assistance'),
  TOTAL(CASE WHEN kind = 'assistance' THEN json_extract(data, '$.people_helped') END),
  COUNT(DISTINCT CASE WHEN kind IN {_SERVICE} THEN json_extract(data, '$.household') END)
FROM entries
WHERE month IN (:m1, :m2) AND kind IN {_COUNTED} AND voided = 0 {{station}}
GROUP BY month, station
"""

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
SELECT e.station, json_extract(i.value, '$.medicine'), json_extract(i.value, '$.unit'),
       TOTAL(CASE WHEN e.kind = 'medicine_stock' THEN 1 ELSE -1 END
             * json_extract(i.value, '$.quantity')),
       TOTAL(CASE WHEN e.month <= :m2 THEN
                  CASE WHEN e.kind = 'medicine_stock' THEN 1 ELSE -1 END
                  * json_extract(i.value, '$.quantity') END),
       MIN(e.month) <= :m2
FROM entries AS e, json_each(e.data, '$.items') AS i
WHERE e.month <= :m1 AND e.kind IN ('medicine_stock', 'medicine_handout') AND e.voided = 0 {station}
GROUP BY e.station, 2, 3
"""

_LOGS = """
SELECT station, log_id, COUNT(*), MIN(seq), MAX(seq)
FROM entries WHERE 1 = 1 {station}
GROUP BY station, log_id
"""


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
    params: dict[str, Any] = {"only": only}
    figures: dict[tuple[str, str], MonthFigures] = {}

    def get(m: str, station: str) -> MonthFigures:
        return figures.setdefault((m, station), MonthFigures())

    sql = _FIGURES.replace("{station}", _filter(only))
    for row in db.execute(sql, {**params, "m1": month, "m2": before}):
        f = get(row[0], row[1])
        (
            f.patrols,
            km,
            seconds,
            markers,
            f.water_deliveries,
            litres,
            f.water_households,
            f.handouts,
            people,
            f.visits,
            f.visit_households,
            raised,
            resolved,
            f.assistance,
            helped,
            f.households_served,
        ) = row[2:]
        f.km, f.seconds, f.markers, f.litres = km, int(seconds), int(markers), int(litres)
        f.people, f.issues_raised, f.issues_resolved = int(people), int(raised), int(resolved)
        f.people_helped = int(helped)
    pair = {**params, "m1": month, "m2": before}
    for m, station, distinct in db.execute(_MARKERS.format(station=_filter(only, "e.")), pair):
        get(m, station).markers_distinct = distinct
    for m, station, category, count in db.execute(_CATEGORIES.format(station=_filter(only)), pair):
        get(m, station).by_category[category] = count
    for m, station, medicine, unit, quantity in db.execute(
        _ITEMS.format(station=_filter(only, "e.")), pair
    ):
        get(m, station).items[(medicine, unit)] = number(quantity)
    stock_sql = _STOCK.format(station=_filter(only, "e."))
    for station, medicine, unit, now, then, held_then in db.execute(stock_sql, pair):
        get(month, station).stock[(medicine, unit)] = number(now)
        if held_then:
            get(before, station).stock[(medicine, unit)] = number(then)
    return figures


def _missing(db: sqlite3.Connection, station: str, log_id: str, first: int) -> list[list[int]]:
    """Ranges of seq below the highest held that HQ does not hold, found by a window query."""
    ranges = [[1, first - 1]] if first > 1 else []
    rows = db.execute(
        """
        SELECT seq + 1, next - 1 FROM (
          SELECT seq, LEAD(seq) OVER (ORDER BY seq) AS next
          FROM entries WHERE station = ? AND log_id = ?)
        WHERE next > seq + 1
        """,
        (station, log_id),
    ).fetchall()
    return ranges + [[lo, hi] for lo, hi in rows]


def _last_packets(db: sqlite3.Connection, only: str | None) -> list[tuple[str, str]]:
    """(station, when HQ received its newest packet); none when the archive keeps no packets."""
    try:
        return db.execute(
            f"SELECT station, MAX(received_at) FROM packets WHERE 1 = 1 {_filter(only)}"
            " GROUP BY station",
            {"only": only},
        ).fetchall()
    except sqlite3.OperationalError:  # an archive without a packets table (tests of the SQL)
        return []


def hq_coverage(
    db: sqlite3.Connection, month: str, stations: list[_Station], only: str | None = None
) -> dict[str, dict[str, Any]]:
    """Per station: the seq held without a gap, the missing ranges, and whether entries of
    `month` may still be on their way: gaps, or no entry held that the station recorded after
    the month end plus `GRACE` (`settled_after`). The recorded time of the newest entry held
    says more than when its packet arrived: a packet can carry a week-old backlog."""
    logs: dict[str, list[dict[str, Any]]] = {}
    sql = _LOGS.format(station=_filter(only))
    for station, log_id, count, first, last in db.execute(sql, {"only": only}):
        gapless = count == last - first + 1 and first == 1
        missing = [] if gapless else _missing(db, station, log_id, first)
        held_through = missing[0][0] - 1 if missing else last
        (recorded,) = db.execute(
            "SELECT recorded_at FROM entries WHERE station = ? AND log_id = ? AND seq = ?",
            (station, log_id, last),
        ).fetchone()
        logs.setdefault(station, []).append(
            {
                "log_id": log_id,
                "held_through": held_through,
                "highest_seq": last,
                "entries": count,
                "missing": missing,
                "last_recorded_at": recorded,
            }
        )
    received = dict(_last_packets(db, only))
    coverage = {}
    for st in stations:
        settled = month_end(month, st.tz) + GRACE
        held = sorted(
            logs.get(st.id, []), key=lambda log: datetime.fromisoformat(log["last_recorded_at"])
        )
        current = held[-1] if held else None
        reasons = []
        if current is None:
            reasons.append("nothing_received")
        else:
            if any(log["missing"] for log in held):
                reasons.append("gaps")
            if (
                datetime.fromisoformat(current["last_recorded_at"])
                < month_end(month, st.tz) + GRACE
            ):
                reasons.append("recent")
        coverage[st.id] = {
            "side": "hq",
            "log_id": current["log_id"] if current else None,
            "held_through": current["held_through"] if current else 0,
            "highest_seq": current["highest_seq"] if current else 0,
            "missing": current["missing"] if current else [],
            "last_recorded_at": current["last_recorded_at"] if current else None,
            "last_packet_received_at": received.get(st.id),
            "settled_after": settled.isoformat(timespec="seconds"),
            "logs": held,
            "grace_days": GRACE.days,
            "may_be_incomplete": bool(reasons),
            "reasons": reasons,
        }
    return coverage


def hq_summary(
    db: sqlite3.Connection, month: str, station: str | None = None, generated_at: str = ""
) -> MonthlySummary:
    """The brigade's summary of `month` from the archive: one row per enrolled station (or just
    `station`), totals added up by `MonthlySummary`. InputRefused for an unknown station."""
    check_month(month)
    stations = _stations(db, station)
    figures = hq_figures(db, month, station)
    coverage = hq_coverage(db, month, stations, station)
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
