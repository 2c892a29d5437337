"""Whether HQ holds the whole of a station's month: complete, waiting, or missing entries.

The rule (docs/summary-definitions.md, coverage): a station's month is **complete** when HQ
holds its log without a gap through a head the station signed after that month ended; it is
**missing** when HQ knows of seqs it lacks (below the highest it holds, or below a head); it is
**waiting** otherwise: no head signed after the month's end has come yet, nothing known missing.

A head is what a packet says of the log when it was sealed (`heads`, outpost.hq.commit); an
entry HQ holds is a head too, signed when it was recorded (a packet's signature vouches for
it), so a log from before heads still completes a month with any entry recorded after it.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, tzinfo
from typing import Any

from outpost.model.months import month_end, previous_month
from outpost.model.ranges import Range, count, merge

from .holdings import holdings

COMPLETE, WAITING, MISSING = "complete", "waiting", "missing"
"""The three states of a station's month at HQ."""

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


def _heads(db: sqlite3.Connection, station: str) -> dict[str, tuple[int, str, str]]:
    """log id -> (seq, signed_at, received_at) of the latest head kept; none in an archive
    read before its migration to schema 2 (no `heads` table)."""
    try:
        rows = db.execute(
            "SELECT log_id, seq, signed_at, received_at FROM heads WHERE station = ?", (station,)
        ).fetchall()
    except sqlite3.OperationalError:
        return {}
    return {log: (int(seq), signed, received) for log, seq, signed, received in rows}


def _instant(text: str) -> datetime:
    return datetime.fromisoformat(text)


def log_coverage(
    logs: list[dict[str, Any]],
    heads: dict[str, tuple[int, str, str]],
    month: str,
    tz: tzinfo,
) -> dict[str, Any]:
    """One station's coverage of `month` from the logs HQ holds of it and their heads."""
    ended = month_end(month, tz)
    by_log = {log["log_id"]: log for log in logs}

    def latest(log_id: str) -> datetime:
        times = []
        if log_id in by_log:
            times.append(_instant(by_log[log_id]["last_recorded_at"]))
        if log_id in heads:
            times.append(_instant(heads[log_id][1]))
        return max(times)

    current_id = max({*by_log, *heads}, key=latest, default=None)
    log = by_log.get(current_id) if current_id else None
    head = heads.get(current_id) if current_id else None
    highest = log["highest_seq"] if log else 0
    missing: list[Range] = list(log["missing"]) if log else []
    head_seq, head_at = (highest, log["last_recorded_at"]) if log else (0, None)
    if head is not None and (head[0], _instant(head[1])) > (
        head_seq,
        _instant(head_at) if head_at else ended,
    ):
        head_seq, head_at = head[0], head[1]
    if head_seq > highest:
        missing = merge([*missing, [highest + 1, head_seq]])
    if missing:
        status = MISSING
    elif head_at is not None and _instant(head_at) >= ended:
        status = COMPLETE
    else:
        status = WAITING
    reasons = {COMPLETE: [], MISSING: ["gaps"], WAITING: ["waiting"]}[status]
    if current_id is None:
        reasons = ["nothing_received"]
    return {
        "side": "hq",
        "status": status,
        "log_id": current_id,
        "held_through": log["held_through"] if log else 0,
        "highest_seq": highest,
        "missing": missing,
        "missing_count": count(missing),
        "head_seq": head_seq if current_id else None,
        "head_signed_at": head_at,
        "month_end": ended.isoformat(timespec="seconds"),
        "last_recorded_at": log["last_recorded_at"] if log else None,
        "logs": logs,
        "may_be_incomplete": status != COMPLETE,
        "reasons": reasons,
    }


def hq_coverage(
    db: sqlite3.Connection, month: str, zones: dict[str, tzinfo]
) -> dict[str, dict[str, Any]]:
    """Per station (id -> its zone): its coverage of `month` (`log_coverage`), when a packet
    from it last arrived, and under `previous` its coverage of the month before (the summary's
    previous-month figures rest on that)."""
    before = previous_month(month)
    coverage = {}
    for station, tz in zones.items():
        logs, received = [], None
        for log_id, arrived in db.execute(_LOGS, {"station": station}).fetchall():
            log = _log(db, station, log_id)
            if log is not None:
                logs.append(log)
                received = max(received or arrived, arrived)
        heads = _heads(db, station)
        for _seq, _signed, arrived in heads.values():
            received = max(received or arrived, arrived)
        logs.sort(key=lambda log: _instant(log["last_recorded_at"]))
        earlier = log_coverage(logs, heads, before, tz)
        coverage[station] = {
            **log_coverage(logs, heads, month, tz),
            "last_packet_received_at": received,
            "previous": {"month": before, **{k: earlier[k] for k in PREVIOUS_KEYS}},
        }
    return coverage


PREVIOUS_KEYS = ("status", "missing", "missing_count", "head_signed_at", "month_end")
"""What the coverage of the month before repeats (the rest is the same for both months)."""
