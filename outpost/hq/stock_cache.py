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
