"""The summaries' stock cache: each station's medicine moved per month, kept current by packets.

The tables are STOCK_CACHE of outpost.hq.schema; why they exist is said there.
"""

from __future__ import annotations

import sqlite3

from .schema import STOCK_CACHE

_MEDICINE = "('medicine_stock', 'medicine_handout')"

_MOVES = f"""
SELECT e.month, json_extract(i.value, '$.medicine'), json_extract(i.value, '$.unit'),
       TOTAL(CASE WHEN e.kind = 'medicine_stock' THEN 1 ELSE -1 END
             * json_extract(i.value, '$.quantity'))
FROM entries AS e, json_each(e.data, '$.items') AS i
WHERE e.station = :station AND e.kind IN {_MEDICINE} AND e.voided = 0
GROUP BY 1, 2, 3
"""
"""One station's medicine moved in each month (received minus handed out), current view."""


def refresh_stock_moves(db: sqlite3.Connection, only: str | None = None) -> list[str]:
    """Rebuild the monthly medicine moves of every station (or `only`) that sent a packet since
    they were last counted. Returns the stations recounted."""
    for statement in STOCK_CACHE:
        db.execute(statement)
    stale = _stale(db, "report_stock_basis", only)
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


MONTH_CACHE = (
    """CREATE TABLE IF NOT EXISTS report_month_figures (
        station TEXT NOT NULL,
        month TEXT NOT NULL,
        figures TEXT NOT NULL,
        PRIMARY KEY (station, month)
    )""",
    """CREATE TABLE IF NOT EXISTS report_households (
        station TEXT NOT NULL,
        household TEXT NOT NULL,
        head TEXT,
        gacha TEXT,
        PRIMARY KEY (station, household)
    )""",
    """CREATE TABLE IF NOT EXISTS report_month_basis (
        station TEXT PRIMARY KEY,
        packets INTEGER NOT NULL,
        last_packet INTEGER NOT NULL
    )""",
)
"""Each station's figures per month (with the sets its distinct counts count), as the year to
date adds them up, and its households' current head and gacha: counted once, kept until the
station's next packet, like the stock moves.
Derived and rebuildable: dropping both tables only costs the next summary the recount."""


_HOUSEHOLDS = """
INSERT INTO report_households (station, household, head, gacha)
SELECT station, household, head, gacha FROM (
  SELECT station, json_extract(data, '$.household_id') AS household,
         json_extract(data, '$.head') AS head, json_extract(data, '$.gacha') AS gacha,
         ROW_NUMBER() OVER (PARTITION BY json_extract(data, '$.household_id')
                            ORDER BY seq DESC) AS latest
  FROM entries INDEXED BY entries_households
  WHERE kind = 'household' AND voided = 0 AND station = :station
) WHERE latest = 1
"""
"""A station's households as it registers them now: the last registration standing of each id
(LogState.household)."""


def forget_stale_months(db: sqlite3.Connection, only: str | None = None) -> None:
    """Drop the cached months of every station (or `only`) that sent a packet since they were
    counted: an amendment or a late entry may have changed any month."""
    for statement in MONTH_CACHE:
        db.execute(statement)
    for station, packets, last in _stale(db, "report_month_basis", only):
        db.execute("DELETE FROM report_month_figures WHERE station = ?", (station,))
        db.execute("DELETE FROM report_households WHERE station = ?", (station,))
        db.execute(_HOUSEHOLDS, {"station": station})
        db.execute(
            "INSERT OR REPLACE INTO report_month_basis (station, packets, last_packet)"
            " VALUES (?, ?, ?)",
            (station, packets, last),
        )


def _stale(
    db: sqlite3.Connection, basis_table: str, only: str | None
) -> list[tuple[str, int, int]]:
    """(station, packets, last packet's rowid) of every station (or `only`) whose packets
    changed since `basis_table` recorded what its cache was counted from."""
    current = db.execute(
        "SELECT s.id, COUNT(p.digest), COALESCE(MAX(p.rowid), 0) FROM stations AS s"
        " LEFT JOIN packets AS p ON p.station = s.id"
        f" {'WHERE s.id = :only' if only is not None else ''} GROUP BY s.id",
        {"only": only},
    ).fetchall()
    basis = {
        station: (packets, last)
        for station, packets, last in db.execute(
            f"SELECT station, packets, last_packet FROM {basis_table}"
        )
    }
    return [(sid, n, last) for sid, n, last in current if basis.get(sid) != (n, last)]


def cached_months(
    db: sqlite3.Connection, first: str, last: str, only: str | None = None
) -> dict[tuple[str, str], str]:
    """(month, station) -> the cached figures (JSON text) of the months first..last."""
    where = "AND station = :only" if only is not None else ""
    return {
        (month, station): figures
        for station, month, figures in db.execute(
            "SELECT station, month, figures FROM report_month_figures"
            f" WHERE month BETWEEN :first AND :last {where}",
            {"first": first, "last": last, "only": only},
        )
    }


def keep_months(db: sqlite3.Connection, rows: list[tuple[str, str, str]]) -> None:
    """Cache (station, month, figures JSON) rows."""
    db.executemany(
        "INSERT OR REPLACE INTO report_month_figures (station, month, figures) VALUES (?, ?, ?)",
        rows,
    )
