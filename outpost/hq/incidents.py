"""HQ's incidents (forks, duplicate ids) and the notes marking them handled.

An incident row is never changed: marking it handled adds a row to `incident_notes`, so the
record of what happened stays as the importer wrote it."""

from __future__ import annotations

import sqlite3
from typing import Any

from outpost.errors import InputRefused

KEYS = (
    *("id", "station", "log_id", "kind", "seq", "held_hash", "packet_hash", "packet"),
    *("source", "at", "handled_at", "note"),
)


def incidents(db: sqlite3.Connection, station_id: str | None = None) -> list[dict[str, Any]]:
    """Recorded incidents, oldest first, each with its id and, once marked handled, when and the
    note (None else)."""
    sql = "SELECT i.id, station, log_id, kind, seq, held_hash, packet_hash, packet, source, at, "
    if has_table(db, "incident_notes"):
        sql += (
            "n.handled_at, n.note FROM incidents i LEFT JOIN incident_notes n ON n.incident = i.id"
        )
    else:
        sql += "NULL, NULL FROM incidents i"
    params: tuple[str, ...] = ()
    if station_id is not None:
        sql += " WHERE station = ?"
        params = (station_id,)
    return [dict(zip(KEYS, row, strict=True)) for row in db.execute(sql + " ORDER BY i.id", params)]


def mark_handled(db: sqlite3.Connection, incident: int, note: str, at: str) -> None:
    """Mark `incident` handled at `at` with `note` (again: the note replaced); InputRefused when
    there is no such incident. The caller holds the transaction."""
    if db.execute("SELECT 1 FROM incidents WHERE id = ?", (incident,)).fetchone() is None:
        raise InputRefused("hq.no_incident", incident=incident)
    db.execute(
        "INSERT OR REPLACE INTO incident_notes (incident, handled_at, note) VALUES (?, ?, ?)",
        (incident, at, note),
    )


def has_table(db: sqlite3.Connection, name: str) -> bool:
    """Whether the archive has table `name` (one opened read-only, written by an older version,
    may lack the newest tables: the next writer makes them)."""
    found = db.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
    ).fetchone()
    return found is not None
