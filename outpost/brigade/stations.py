"""The enrolled stations as HQ sees them: what it holds of each, gaps, last packet, incidents."""

from __future__ import annotations

from typing import Any

from outpost.hq import HqArchive


def station_rows(archive: HqArchive) -> list[dict[str, Any]]:
    """One row per enrolled station, by id: plain data (`outpost hq stations --json` prints it).

    Keys: id, name, timezone, fingerprint, enrolled_at, log_id, logs, entries,
    contiguous_through, missing and held_above (seq ranges as [first, last]), last_packet_at,
    last_packet_created_at, clock_skew_seconds (None when unknown) and incidents (each with
    kind, seq, at, held_hash, packet_hash)."""
    return archive.stations()
