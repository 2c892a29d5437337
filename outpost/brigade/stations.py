"""The enrolled stations as HQ sees them: what it holds of each, gaps, last packet, incidents."""

from __future__ import annotations

from datetime import tzinfo
from typing import Any

from outpost.hq import HqArchive
from outpost.model.times import DEFAULT_ZONE, zone


def brigade_zone() -> tzinfo:
    """The zone HQ shows its times in: the brigade's (HQ's own clock stamps them in UTC)."""
    return zone(DEFAULT_ZONE)


def station_rows(archive: HqArchive) -> list[dict[str, Any]]:
    """One row per enrolled station, by id: plain data (`outpost hq stations --json` prints it).

    Keys: id, name, timezone, fingerprint, enrolled_at, log_id, logs, entries,
    contiguous_through, missing and held_above (seq ranges as [first, last]), last_packet_at,
    last_packet_created_at, clock_skew_seconds (None when unknown) and incidents (each with
    kind, seq, at, held_hash, packet_hash)."""
    return archive.stations()
