"""What the summaries say HQ holds of each station, and whether a month's entries may still come."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, tzinfo
from typing import Any

from outpost.model.months import month_end

from .holdings import holdings

GRACE = timedelta(days=7)
"""How long after a month ends entries of it may still be travelling (a packet on a USB stick)."""

_LOGS = """
SELECT log_id, MAX(received_at) FROM packets
WHERE station = :station GROUP BY log_id
"""
"""The logs HQ holds of a station, and when a packet of each last arrived."""


def _log(db: sqlite3.Connection, station: str, log_id: str) -> dict[str, Any] | None:
    """One log's line of the coverage: what HQ holds of it (None when nothing)."""
    held = holdings(db, station, log_id)
    if not held.entries:
        return None
    return {
        "log_id": log_id,
        "held_through": held.contiguous_through,
        "highest_seq": held.highest_seq,
        "entries": held.entries,
        "missing": held.missing,
        "last_recorded_at": held.last_recorded_at,
    }


def hq_coverage(
    db: sqlite3.Connection, month: str, zones: dict[str, tzinfo]
) -> dict[str, dict[str, Any]]:
    """Per station (id -> its zone): the seq held without a gap, the missing ranges, and whether
    entries of `month` may still be on their way: gaps, or no entry held that the station
    recorded after the month end plus `GRACE` (`settled_after`). The recorded time of the newest
    entry held says more than when its packet arrived: a packet can carry a week-old backlog."""
    logs: dict[str, list[dict[str, Any]]] = {}
    received: dict[str, str] = {}
    for station in zones:
        for log_id, arrived in db.execute(_LOGS, {"station": station}).fetchall():
            log = _log(db, station, log_id)
            if log is not None:
                logs.setdefault(station, []).append(log)
                received[station] = max(received.get(station, arrived), arrived)
    coverage = {}
    for station, tz in zones.items():
        settled = month_end(month, tz) + GRACE
        held = sorted(
            logs.get(station, []), key=lambda log: datetime.fromisoformat(log["last_recorded_at"])
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
        coverage[station] = {
            "side": "hq",
            "log_id": current["log_id"] if current else None,
            "held_through": current["held_through"] if current else 0,
            "highest_seq": current["highest_seq"] if current else 0,
            "missing": current["missing"] if current else [],
            "last_recorded_at": current["last_recorded_at"] if current else None,
            "last_packet_received_at": received.get(station),
            "settled_after": settled.isoformat(timespec="seconds"),
            "logs": held,
            "grace_days": GRACE.days,
            "may_be_incomplete": bool(reasons),
            "reasons": reasons,
        }
    return coverage
