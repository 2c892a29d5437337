"""How HQ last heard from each station: the road its last packet came by, the station's clock
against HQ's, and the acks HQ signed that the station has not been seen to receive. A few
grouped queries for every station at once (the board reads them on each refresh).

An ack counts as **delivered** once HQ has heard from the station after it: a packet received
later than the ack was made (the courier carried the stick back and the station sealed again),
or an answered network request at or after it (the server hands its ack back in the answer).
Acks written to a stick wait as "not yet delivered" until then."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Contact:
    """One station's last contact with HQ."""

    via: str | None
    """How its last accepted packet came: "stick" or "net" (None: no packet yet)."""
    net_at: str | None
    """Its latest answered network request (None: never over the network)."""
    net_skew: int | None
    """Its clock less HQ's at that request, in seconds, from the request's signed time."""
    acks_undelivered: int


_LAST_PACKET = (
    "SELECT station, COALESCE(via, CASE WHEN source LIKE 'net:%' THEN 'net' ELSE 'stick' END)"
    " FROM packets WHERE rowid IN (SELECT MAX(rowid) FROM packets GROUP BY station)"
)
_LAST_NET = (
    "SELECT station, at, skew FROM inbox_events WHERE id IN"
    " (SELECT MAX(id) FROM inbox_events WHERE code = 'ok' GROUP BY station)"
)
_UNDELIVERED = """
SELECT a.station, COUNT(*) FROM acks AS a
LEFT JOIN (SELECT station, MAX(received_at) AS seen FROM packets GROUP BY station) AS p
    ON p.station = a.station
LEFT JOIN (SELECT station, MAX(at) AS seen FROM inbox_events WHERE code = 'ok' GROUP BY station)
    AS e ON e.station = a.station
WHERE (p.seen IS NULL OR a.created_at >= p.seen) AND (e.seen IS NULL OR a.created_at > e.seen)
GROUP BY a.station
"""
_UNDELIVERED_NO_EVENTS = """
SELECT a.station, COUNT(*) FROM acks AS a
LEFT JOIN (SELECT station, MAX(received_at) AS seen FROM packets GROUP BY station) AS p
    ON p.station = a.station
WHERE p.seen IS NULL OR a.created_at >= p.seen
GROUP BY a.station
"""


def station_contacts(db: sqlite3.Connection) -> dict[str, Contact]:
    """Every station HQ heard from, by id (an archive older than `inbox_events` or `via`,
    opened only to read, answers from what it has)."""
    via: dict[str, str] = {
        str(s): str(v)
        for s, v in _rows(db, _LAST_PACKET)
        or _rows(db, _LAST_PACKET.replace("COALESCE(via, ", "("))
    }
    net: dict[str, tuple[str | None, int | None]] = {
        str(s): (str(at), None if skew is None else int(skew))
        for s, at, skew in _rows(db, _LAST_NET)
    }
    undelivered = {
        str(s): int(n) for s, n in _rows(db, _UNDELIVERED) or _rows(db, _UNDELIVERED_NO_EVENTS)
    }
    out = {}
    for station in {*via, *net, *undelivered}:
        at, skew = net.get(station, (None, None))
        out[station] = Contact(
            via=via.get(station),
            net_at=at,
            net_skew=skew,
            acks_undelivered=undelivered.get(station, 0),
        )
    return out


def clock_skew(
    contact: Contact | None, created_at: str | None, received_at: str | None
) -> int | None:
    """Seconds the station's clock was ahead of HQ's (negative: behind): from its signed
    request time when its latest contact was over the network, else its last packet's sealing
    time against its receipt (on the stick road that includes the courier's days)."""
    net = contact.net_at if contact is not None and contact.net_skew is not None else None
    if contact is not None and net is not None and (received_at is None or net >= received_at):
        return contact.net_skew
    if created_at is None or received_at is None:
        return None
    try:
        delta = datetime.fromisoformat(created_at) - datetime.fromisoformat(received_at)
    except (TypeError, ValueError):
        return None
    return int(delta.total_seconds())


def _rows(db: sqlite3.Connection, sql: str) -> list[tuple[Any, ...]]:
    try:
        return [tuple(row) for row in db.execute(sql)]
    except sqlite3.OperationalError:  # a table or column this archive does not have yet
        return []
