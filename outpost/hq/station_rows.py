"""What HQ holds per station, as rows: the stations board and `outpost hq stations`, each
station's packets (how and when they came), the packets it refused and its replaced keys."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from typing import Any

from .holdings import holdings
from .incidents import has_table, incidents


def logs(db: sqlite3.Connection, station_id: str) -> list[str]:
    """The log ids HQ holds entries of for a station, the most recently received last."""
    rows = db.execute(
        "SELECT log_id, MAX(rowid) AS latest FROM packets WHERE station = ?"
        " GROUP BY log_id ORDER BY latest",
        (station_id,),
    ).fetchall()
    return [r[0] for r in rows]


def key_changes(db: sqlite3.Connection, station_id: str) -> list[dict[str, Any]]:
    """The station's replaced keys, oldest first: both fingerprints, when, who and why."""
    keys = ("old_fingerprint", "new_fingerprint", "at", "who", "why")
    rows = db.execute(
        f"SELECT {', '.join(keys)} FROM key_changes WHERE station = ? ORDER BY id",
        (station_id,),
    )
    return [dict(zip(keys, row, strict=True)) for row in rows]


def packets(db: sqlite3.Connection, station_id: str) -> list[dict[str, Any]]:
    """The packets accepted from a station, the latest first: when and how each came, the
    seqs it carried, how many entries were new."""
    keys = ("received_at", "source", "log_id", "first_seq", "last_seq", "entries")
    sql = (
        "SELECT received_at, source, log_id, first_seq, last_seq, entries, new_entries,"
        f" COALESCE(via, {_VIA}) FROM packets WHERE station = ? ORDER BY rowid DESC"
    )
    try:
        rows = db.execute(sql, (station_id,)).fetchall()
    except sqlite3.OperationalError:  # an archive before `via`, opened only to read
        rows = db.execute(sql.replace("COALESCE(via, ", "("), (station_id,)).fetchall()
    return [
        {**dict(zip(keys, row[:6], strict=True)), "new_entries": row[6], "via": row[7]}
        for row in rows
    ]


def refused_packets(db: sqlite3.Connection, station_id: str, log_id: str) -> list[dict[str, Any]]:
    """The packets of a station's log HQ opened and refused (outpost.hq.refusals), by first
    seq: digest, first_seq, last_seq, reason (a message key), params (its parameters), source,
    via, at. None in an archive from before schema 4 read without migrating."""
    if not has_table(db, "refused_packets"):
        return []
    keys = ("digest", "first_seq", "last_seq", "reason", "params", "source", "via", "at")
    rows = db.execute(
        f"SELECT {', '.join(keys)} FROM refused_packets WHERE station = ? AND log_id = ?"
        " ORDER BY first_seq, at",
        (station_id, log_id),
    )
    found = [dict(zip(keys, row, strict=True)) for row in rows]
    for packet in found:
        packet["params"] = json.loads(packet["params"])
    return found


def stations(db: sqlite3.Connection) -> list[dict[str, Any]]:
    """One row per enrolled station: what HQ holds, gaps, last packet, clock skew, incidents."""
    out = []
    enrolled_rows = db.execute(
        "SELECT id, name, timezone, fingerprint, enrolled_at FROM stations ORDER BY id"
    ).fetchall()
    # Every entry HQ holds came in a packet that counted it new, so the packets' counts add
    # up to the entries held: one grouped read of the packets instead of a count over
    # every entry of every station (a million entries: 0.3 s against a few milliseconds).
    totals = dict(db.execute("SELECT station, TOTAL(new_entries) FROM packets GROUP BY station"))
    for station_id, name, timezone, fp, enrolled in enrolled_rows:
        held = logs(db, station_id)
        current = holdings(db, station_id, held[-1]) if held else None
        total = totals.get(station_id, 0)
        last = db.execute(
            "SELECT created_at, received_at FROM packets WHERE station = ?"
            " ORDER BY rowid DESC LIMIT 1",
            (station_id,),
        ).fetchone()
        skew = _skew(last[0], last[1]) if last is not None else None
        out.append(
            {
                "id": station_id,
                "name": name,
                "timezone": timezone,
                "fingerprint": fp,
                "enrolled_at": enrolled,
                "log_id": current.log_id if current else None,
                "logs": len(held),
                "entries": int(total),
                "contiguous_through": current.contiguous_through if current else 0,
                "contiguous_through_at": current.through_recorded_at if current else None,
                "missing": current.missing if current else [],
                "held_above": current.held_above if current else [],
                "last_packet_at": last[1] if last else None,
                "last_packet_created_at": last[0] if last else None,
                "clock_skew_seconds": skew,
                "incidents": incidents(db, station_id),
            }
        )
    return out


_VIA = "CASE WHEN source LIKE 'net:%' THEN 'net' ELSE 'stick' END"
"""How a packet came, read from its source (`net:STATION` from the inbox server): for the rows
of an archive before `packets.via` (schema version 3)."""


def _skew(created_at: str, received_at: str) -> int | None:
    """Seconds the station's clock was ahead of HQ's when it sealed its last packet (negative:
    behind, or simply the courier's delay); None when the station's time cannot be read."""
    try:
        delta = datetime.fromisoformat(created_at) - datetime.fromisoformat(received_at)
    except (TypeError, ValueError):
        return None
    return int(delta.total_seconds())
