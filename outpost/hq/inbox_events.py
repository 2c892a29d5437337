"""What the inbox server did, kept in the archive's `inbox_events` for HQ's screens to read
without talking HTTP: written in batches by the server's archive thread, pruned as it goes."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

INBOX_EVENTS_KEPT = 5000
"""Events kept: the screen shows the latest few, the board reads each station's latest."""


@dataclass
class InboxEvent:
    """One request the server answered (or several alike refusals: `count`)."""

    station: str
    status: int
    code: str
    """"ok" for an answered request, else the refusal's code (docs/sync-protocol.md)."""
    reason: str = ""
    digest: str | None = None
    bytes: int = 0
    count: int = 1
    skew: int | None = None
    at: str = ""


COLUMNS = ("id", "at", "station", "digest", "bytes", "status", "code", "reason", "count", "skew")


def record_events(db: sqlite3.Connection, at: str, events: list[InboxEvent]) -> None:
    """Append `events` (stamped `at` when they carry no time) in one transaction and prune to
    the latest INBOX_EVENTS_KEPT: one short write however many came since the last. A refusal
    alike to the latest row (same station, code and status, no packet, the same minute) adds to
    that row's count instead: a station retrying with a bad key is one line, not a screenful."""
    if not events:
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        last = db.execute(
            "SELECT id, at, station, status, code, digest FROM inbox_events"
            " ORDER BY id DESC LIMIT 1"
        ).fetchone()
        for e in events:
            when = e.at or at
            alike = (
                last is not None
                and e.code != "ok"
                and e.digest is None
                and last[5] is None
                and (last[2], last[3], last[4]) == (e.station, e.status, e.code)
                and str(last[1])[:16] == when[:16]
            )
            if alike:
                db.execute(
                    "UPDATE inbox_events SET count = count + ? WHERE id = ?", (e.count, last[0])
                )
                continue
            cursor = db.execute(
                "INSERT INTO inbox_events (at, station, digest, bytes, status, code, reason,"
                " count, skew) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (when, e.station, e.digest, e.bytes, e.status, e.code, e.reason, e.count, e.skew),
            )
            last = (cursor.lastrowid, when, e.station, e.status, e.code, e.digest)
        db.execute(
            "DELETE FROM inbox_events WHERE id <= (SELECT MAX(id) FROM inbox_events) - ?",
            (INBOX_EVENTS_KEPT,),
        )
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def recent_events(db: sqlite3.Connection, limit: int = 50) -> list[dict[str, Any]]:
    """The latest `limit` events, the newest first; none from an archive older than the table."""
    try:
        rows = db.execute(
            f"SELECT {', '.join(COLUMNS)} FROM inbox_events ORDER BY id DESC LIMIT ?", (limit,)
        ).fetchall()
    except sqlite3.OperationalError:
        return []
    return [dict(zip(COLUMNS, row, strict=True)) for row in rows]


def last_answered(db: sqlite3.Connection) -> dict[str, tuple[str, int | None]]:
    """Each station's latest answered request: (when, its clock skew in seconds)."""
    try:
        rows = db.execute(
            "SELECT station, at, skew FROM inbox_events WHERE id IN"
            " (SELECT MAX(id) FROM inbox_events WHERE code = 'ok' GROUP BY station)"
        ).fetchall()
    except sqlite3.OperationalError:
        return {}
    return {str(station): (str(at), skew) for station, at, skew in rows}
