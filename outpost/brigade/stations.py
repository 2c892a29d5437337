"""The enrolled stations as HQ sees them: what it holds of each, gaps, last packet, incidents."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from outpost.errors import InputRefused, UsageError
from outpost.hq import HqArchive
from outpost.hq.contact import clock_skew, station_contacts
from outpost.model.times import DEFAULT_ZONE, zone
from outpost.sync.outbox import packet_glob, packet_name


def brigade_zone(archive: HqArchive | None = None) -> tzinfo:
    """The zone HQ shows its times in: the brigade's, as set up (HQ's own clock stamps them in
    UTC); the default zone when no archive is at hand."""
    return zone(archive.timezone if archive is not None else DEFAULT_ZONE)


def station_rows(archive: HqArchive) -> list[dict[str, Any]]:
    """One row per enrolled station, by id: plain data (`outpost hq stations --json` prints it).

    Keys: id, name, timezone, fingerprint, enrolled_at, log_id, logs, entries,
    contiguous_through, contiguous_through_at, missing and held_above (seq ranges as
    [first, last]), last_packet_at, last_packet_created_at, last_packet_via ("stick", "net" or
    None), last_net_at (its latest answered network request), clock_skew_seconds (None when
    unknown; outpost.hq.contact says how it is read), acks_undelivered (acks HQ signed the
    station has not been seen to receive: outpost.hq.contact) and incidents (each with id,
    kind, seq, at, held_hash, packet_hash, and handled_at and note once marked handled)."""
    contacts = station_contacts(archive.db)
    rows = archive.stations()
    for row in rows:
        contact = contacts.get(row["id"])
        row["last_packet_via"] = contact.via if contact else None
        row["last_net_at"] = contact.net_at if contact else None
        row["clock_skew_seconds"] = clock_skew(
            contact, row["last_packet_created_at"], row["last_packet_at"]
        )
        row["acks_undelivered"] = contact.acks_undelivered if contact else 0
    return rows


CLOCK_OFF = 600
"""Seconds of clock skew the board points out (the network road refuses past 5 minutes)."""


@dataclass(frozen=True)
class StationLine:
    """One station on HQ's board: its row (`station_rows`) and what the board derives."""

    row: dict[str, Any]
    missing_entries: int
    """Seqs missing below the highest held (the sum of the missing ranges)."""
    open_incidents: int
    days_since_contact: int | None
    """Whole days since its last packet came in; None when none ever came."""
    clock_off: bool = False
    """Its clock is further than CLOCK_OFF from HQ's, as far as HQ can tell."""

    def attention(self) -> tuple[int, int, int, str]:
        """The board's order: open incidents first, then missing entries, then silence."""
        silent = self.days_since_contact if self.days_since_contact is not None else 10**6
        return (-self.open_incidents, -self.missing_entries, -silent, self.row["id"])


def station_board(archive: HqArchive, at: datetime) -> list[StationLine]:
    """Every enrolled station, the one needing attention first (`StationLine.attention`)."""
    lines = []
    for row in station_rows(archive):
        days = None
        if row["last_packet_at"]:
            days = max(0, (at - datetime.fromisoformat(row["last_packet_at"])).days)
        missing = sum(hi - lo + 1 for lo, hi in row["missing"])
        still_open = sum(1 for i in row["incidents"] if i["handled_at"] is None)
        skew = row["clock_skew_seconds"]
        # Over the network the skew is measured; by stick it includes the courier's days, so
        # only a station ahead of HQ is sure to be off.
        net = row["last_packet_via"] == "net" or row["last_net_at"] is not None
        off = skew is not None and (skew > CLOCK_OFF or (net and -skew > CLOCK_OFF))
        lines.append(StationLine(row, missing, still_open, days, off))
    return sorted(lines, key=StationLine.attention)


def station_detail(archive: HqArchive, station_id: str) -> dict[str, Any]:
    """What HQ's detail view of one station shows: its row, its packets (the latest first),
    its gaps with what would fill each (`gap_fillers`) and its incidents."""
    row = next((r for r in station_rows(archive) if r["id"] == station_id), None)
    if row is None:
        raise InputRefused("hq.unknown_station", station=station_id)
    refused = archive.refused_packets(station_id, row["log_id"]) if row["log_id"] else []
    return {
        **row,
        "packets": archive.packets(station_id),
        "gaps": gap_fillers(row, refused),
    }


def gap_fillers(row: dict[str, Any], refused: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each missing range of the station's current log, with what would fill it:

    - `files`: the station's packet files holding it, as name patterns (the station names a
      packet file by station, first seq, last seq and digest: `outpost.sync.outbox`). HQ takes
      a packet whole, so a packet it took ends just below a gap or starts just above it; the
      files holding [lo, hi] in the station's outbox/ run from the one named `STATION-lo-*` to
      the one named `STATION-*-hi-*` (both patterns; one when lo = hi);
    - `refused`: the packets HQ opened and refused that carry seqs of it, each with the file
      name the station gave it (from its signed header and digest), why and when;
    - `incidents`: a fork's packet an archive from before `refused_packets` kept only in its
      incident (its file as it came)."""
    station = row["id"]
    noted = {p["digest"] for p in refused}
    gaps = []
    for lo, hi in row["missing"]:
        gaps.append(
            {
                "range": [lo, hi],
                "files": [packet_glob(station, lo, hi)]
                if lo == hi
                else [packet_glob(station, first=lo), packet_glob(station, last=hi)],
                "refused": [
                    {
                        **p,
                        "file": packet_name(
                            station, p["first_seq"], p["last_seq"], p["digest"][:8]
                        ),
                    }
                    for p in refused
                    if p["first_seq"] <= hi and p["last_seq"] >= lo
                ],
                "incidents": [
                    {"source": i["source"], "seq": i["seq"], "kind": i["kind"]}
                    for i in row["incidents"]
                    if i["seq"] is not None
                    and lo <= i["seq"] <= hi
                    and i.get("source")
                    and i.get("packet") not in noted
                ],
            }
        )
    return gaps


def handle_incident(archive: HqArchive, incident: int, note: str) -> None:
    """Mark an incident handled with a note saying how (kept in the archive, shown by
    `hq stations --json`); UsageError when the note is blank."""
    if not note.strip():
        raise UsageError("hq.handled_needs_note")
    archive.mark_handled(incident, note.strip())


def all_incidents(archive: HqArchive) -> list[dict[str, Any]]:
    """Every incident, the open ones first, then the newest; each with its station's name."""
    names = {row["id"]: row["name"] for row in station_rows(archive)}
    found = [{**i, "name": names.get(i["station"], i["station"])} for i in archive.incidents()]
    found.sort(key=lambda i: -i["id"])
    return sorted(found, key=lambda i: i["handled_at"] is not None)
