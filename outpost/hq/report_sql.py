"""The monthly service summary at HQ, counted by SQL over the archive's indexed `entries` table.

The archive keeps, per entry, its `month` (of `occurred_at` in the station's zone), its current
`data` (amendments applied) and whether it is `voided`, so the current view of DESIGN.md §3 is a
WHERE clause. Every figure below is the SQL twin of `outpost.reports.figures.count_month` and
`count_stock`; a property test keeps the two equal. Nothing here loops over entries in Python:
Python only arranges the handful of rows per station that SQLite returns.
"""

from __future__ import annotations

import sqlite3
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any

from outpost.errors import InputRefused
from outpost.model.months import check_month, month_end, previous_month
from outpost.model.times import DEFAULT_ZONE, zone
from outpost.reports.figures import MonthFigures, number
from outpost.reports.summary import MonthlySummary, StationMonth

GRACE = timedelta(days=7)
"""How long after a month ends entries of it may still be travelling (a packet on a USB stick)."""

_COUNTED = "('patrol', 'water_delivery', 'medicine_handout', 'herder_visit', 'assistance')"
_MEDICINE = "('medicine_stock', 'medicine_handout')"

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

_MOVES = f"""
SELECT e.month, json_extract(i.value, '$.medicine'), json_extract(i.value, '$.unit'),
       TOTAL(CASE WHEN e.kind = 'medicine_stock' THEN 1 ELSE -1 END
             * json_extract(i.value, '$.quantity'))
FROM entries AS e, json_each(e.data, '$.items') AS i
WHERE e.station = :station AND e.kind IN {_MEDICINE} AND e.voided = 0
GROUP BY 1, 2, 3
"""
"""One station's medicine moved in each month (received minus handed out), current view."""

_STOCK = """
SELECT station, medicine, unit, TOTAL(quantity),
       TOTAL(CASE WHEN month <= :m2 THEN quantity END), MIN(month) <= :m2
FROM report_stock_moves
WHERE month <= :m1 {station}
GROUP BY station, medicine, unit
"""

STOCK_CACHE = (
    """CREATE TABLE IF NOT EXISTS report_stock_moves (
        station TEXT NOT NULL,
        month TEXT NOT NULL,
        medicine TEXT NOT NULL,
        unit TEXT NOT NULL,
        quantity REAL NOT NULL,
        PRIMARY KEY (station, month, medicine, unit)
    )""",
    """CREATE TABLE IF NOT EXISTS report_stock_basis (
        station TEXT PRIMARY KEY,
        packets INTEGER NOT NULL,
        last_packet INTEGER NOT NULL
    )""",
)
"""Stock at month end adds up every month before it, which no index makes cheap over years of
archive. So each station's monthly medicine moves are kept in these derived tables, rebuilt for a
station when a packet has arrived from it since (every new entry, amendment and void comes in a
packet). Dropping them loses nothing: the next report rebuilds them."""

_LOGS = """
SELECT log_id, TOTAL(new_entries), MAX(received_at) FROM packets
WHERE station = :station GROUP BY log_id
"""
"""The logs HQ holds of a station and how many entries it counted in as it imported their
packets: with the lowest and highest seq held (index seeks), whether there are gaps is known
without counting a million rows."""


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


READER_MMAP = 1 << 31
"""Readers map the archive file instead of copying each page through read(): the summary
touches some 25,000 pages of a million-entry archive several times over."""


def run_all(
    db: sqlite3.Connection, queries: dict[str, str], params: dict[str, Any]
) -> dict[str, list[Any]]:
    """Run independent read-only queries, two at a time when the archive is a file.

    SQLite lets several connections read one file at once (the archive is in WAL mode) and
    Python's sqlite3 releases the GIL while a query runs, so on a laptop's two cores the summary
    takes the time of its longest half instead of the sum. The biggest query goes first."""
    path = next((row[2] for row in db.execute("PRAGMA database_list") if row[1] == "main"), "")
    if not path or db.in_transaction:
        return {name: db.execute(sql, params).fetchall() for name, sql in queries.items()}
    uri = f"{Path(path).as_uri()}?mode=ro"

    def run(sql: str) -> list[Any]:
        reader = sqlite3.connect(uri, uri=True)
        reader.execute(f"PRAGMA mmap_size = {READER_MMAP}")
        try:
            rows: list[Any] = reader.execute(sql, params).fetchall()
        finally:
            reader.close()
        return rows

    try:
        with ThreadPoolExecutor(max_workers=2, thread_name_prefix="report") as pool:
            futures = {name: pool.submit(run, sql) for name, sql in queries.items()}
            return {name: future.result() for name, future in futures.items()}
    except sqlite3.OperationalError:  # a second reader refused (a read-only folder): one reader
        return {name: db.execute(sql, params).fetchall() for name, sql in queries.items()}


def refresh_stock_moves(db: sqlite3.Connection, only: str | None = None) -> list[str]:
    """Rebuild the monthly medicine moves of every station (or `only`) that sent a packet since
    they were last counted. Returns the stations recounted."""
    for statement in STOCK_CACHE:
        db.execute(statement)
    current = db.execute(
        "SELECT s.id, COUNT(p.digest), COALESCE(MAX(p.rowid), 0) FROM stations AS s"
        " LEFT JOIN packets AS p ON p.station = s.id"
        f" {'WHERE s.id = :only' if only is not None else ''} GROUP BY s.id",
        {"only": only},
    ).fetchall()
    basis = {
        station: (packets, last)
        for station, packets, last in db.execute(
            "SELECT station, packets, last_packet FROM report_stock_basis"
        )
    }
    stale = [(sid, n, last) for sid, n, last in current if basis.get(sid) != (n, last)]
    if not stale:
        return []
    db.execute("SAVEPOINT report_stock")
    try:
        for station, packets, last in stale:
            db.execute("DELETE FROM report_stock_moves WHERE station = ?", (station,))
            db.executemany(
                "INSERT INTO report_stock_moves (station, month, medicine, unit, quantity)"
                " VALUES (?, ?, ?, ?, ?)",
                [(station, *row) for row in db.execute(_MOVES, {"station": station})],
            )
            db.execute(
                "INSERT OR REPLACE INTO report_stock_basis (station, packets, last_packet)"
                " VALUES (?, ?, ?)",
                (station, packets, last),
            )
    except BaseException:
        db.execute("ROLLBACK TO report_stock")
        db.execute("RELEASE report_stock")
        raise
    db.execute("RELEASE report_stock")
    return [sid for sid, _, _ in stale]


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


def _held(db: sqlite3.Connection, station: str, log_id: str, counted: int) -> dict[str, Any] | None:
    """What HQ holds of one log: highest seq held without a gap, missing ranges, last entry."""
    key = (station, log_id)
    where = "FROM entries WHERE station = ? AND log_id = ?"
    (first,) = db.execute(f"SELECT MIN(seq) {where}", key).fetchone()
    (last,) = db.execute(f"SELECT MAX(seq) {where}", key).fetchone()
    if last is None:
        return None
    gapless = first == 1 and counted == last
    missing = [] if gapless else _missing(db, station, log_id, first)
    count = last if gapless else db.execute(f"SELECT COUNT(*) {where}", key).fetchone()[0]
    (recorded,) = db.execute(f"SELECT recorded_at {where} AND seq = ?", (*key, last)).fetchone()
    return {
        "log_id": log_id,
        "held_through": missing[0][0] - 1 if missing else last,
        "highest_seq": last,
        "entries": count,
        "missing": missing,
        "last_recorded_at": recorded,
    }


def hq_coverage(
    db: sqlite3.Connection, month: str, stations: list[_Station]
) -> dict[str, dict[str, Any]]:
    """Per station: the seq held without a gap, the missing ranges, and whether entries of
    `month` may still be on their way: gaps, or no entry held that the station recorded after
    the month end plus `GRACE` (`settled_after`). The recorded time of the newest entry held
    says more than when its packet arrived: a packet can carry a week-old backlog."""
    logs: dict[str, list[dict[str, Any]]] = {}
    received: dict[str, str] = {}
    for st in stations:
        for log_id, counted, arrived in db.execute(_LOGS, {"station": st.id}):
            log = _held(db, st.id, log_id, int(counted))
            if log is not None:
                logs.setdefault(st.id, []).append(log)
                received[st.id] = max(received.get(st.id, arrived), arrived)
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
            if datetime.fromisoformat(current["last_recorded_at"]) < settled:
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
    coverage = hq_coverage(db, month, stations)
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
