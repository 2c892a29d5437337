"""The acks HQ signs: what it holds of a station's log, numbered, kept, sealed for the station."""

from __future__ import annotations

import json

from outpost.errors import InputRefused
from outpost.model import format_time
from outpost.sync.ack import SUFFIX as ACK_SUFFIX
from outpost.sync.ack import listing, seal_ack

from .archive import HqArchive


def make_ack(archive: HqArchive, station_id: str, log_id: str | None = None) -> tuple[bytes, str]:
    """A signed ack of what HQ holds of a station's log (its latest log unless named), and a
    file name for it; the ack is numbered and kept in the `acks` table. InputRefused when the
    station is unknown or sent nothing yet."""
    if archive.station(station_id) is None:
        raise InputRefused("hq.unknown_station", station=station_id)
    logs = archive.logs(station_id)
    # A log HQ knows only by a head-only packet (its entry packets lost on the way) is acked
    # too, as holding nothing: the station then seals the whole log again.
    logs += [
        log
        for (log,) in archive.db.execute(
            "SELECT log_id FROM heads WHERE station = ? ORDER BY received_at", (station_id,)
        )
        if log not in logs
    ]
    if log_id is None:
        if not logs:
            raise InputRefused("hq.nothing_from", station=station_id)
        log_id = logs[-1]
    elif log_id not in logs:
        raise InputRefused("hq.nothing_from", station=station_id)
    with archive.writing():
        return _make_ack(archive, station_id, log_id)


def _make_ack(archive: HqArchive, station_id: str, log_id: str) -> tuple[bytes, str]:
    """`make_ack` under HQ's write lock: the holdings read and the number taken together, so a
    higher number never describes less than a lower one."""
    held = archive.holdings(station_id, log_id)
    created = format_time(archive.clock())
    with archive.transaction() as db:
        # Every ack gets the next number, even when HQ holds nothing new: the station then
        # takes it as news and seals again what HQ still lacks (a re-sent packet may be lost
        # too). Only a replayed or older ack file is refused there.
        (last,) = db.execute(
            "SELECT COALESCE(MAX(counter), 0) FROM acks WHERE station = ? AND log_id = ?",
            (station_id, log_id),
        ).fetchone()
        counter = int(last) + 1
        db.execute(
            "INSERT INTO acks (station, log_id, counter, created_at, contiguous_through, hash,"
            " held_above) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                station_id,
                log_id,
                counter,
                created,
                held.contiguous_through,
                held.hash,
                json.dumps(listing(held.held_above)["held_above"]),
            ),
        )
    raw = seal_ack(
        hq_id=archive.id,
        hq_key=archive.keys.signing,
        station=station_id,
        log_id=log_id,
        counter=counter,
        created_at=created,
        contiguous_through=held.contiguous_through,
        hash_at=held.hash,
        held_above=held.held_above,
    )
    name = f"{station_id}-{log_id[:8]}-{counter:06d}{ACK_SUFFIX}"
    return raw, name
