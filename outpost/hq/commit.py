"""Writing a checked packet into the archive: what HQ holds already, forks, one transaction.

Nothing is written before every check passed; a fork (or an entry id HQ holds at another seq)
writes one incident row and nothing else. Importing a packet again, or one whose entries HQ
already holds with the same hashes, changes nothing. The station's head a packet carries (every
packet since heads, and the head-only packet) is checked against what HQ holds and kept in
`heads` when it is the newest.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from outpost.errors import Conflict
from outpost.model import Entry, format_time, zone
from outpost.sync.packet import HEAD, packet_head

from .archive import HqArchive
from .checks import CheckedPacket
from .corrections import CORRECTIONS, apply_corrections

INSERT = (
    "INSERT INTO entries (station, log_id, seq, id, kind, occurred_at, month, recorded_at, hash,"
    " body, data, voided, amendments, packet, target, prev)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?, ?, ?)"
)


@dataclass
class ImportResult:
    """What importing one packet did: "new" (with how many entries), "held" (nothing new), or
    "head" (a head-only packet: `first_seq` = `last_seq` = its head's seq)."""

    status: str
    station: str
    log_id: str
    first_seq: int
    last_seq: int
    new_entries: int
    digest: str


def commit_packet(archive: HqArchive, checked: CheckedPacket, via: str = "stick") -> ImportResult:
    """What HQ holds already, forks, then the new entries in one transaction; `via` says how the
    packet came ("stick" or "net", kept in `packets.via`).

    Raises Conflict (exit 4, one incident written) on a fork or a duplicate entry id."""
    header, digest, source = checked.header, checked.digest, checked.source
    tz = zone(checked.timezone)
    opened = checked.opened
    entries, hashes = opened.entries, opened.hashes
    head = packet_head(header)
    only_head = header["type"] == HEAD
    result = ImportResult(
        status="head" if only_head else "held",
        station=header["station"],
        log_id=header["log_id"],
        first_seq=header["head_seq"] if only_head else header["first_seq"],
        last_seq=header["head_seq"] if only_head else header["last_seq"],
        new_entries=0,
        digest=digest,
    )
    if head is not None:
        _check_head(archive, header, head, digest, source)
    received = format_time(archive.clock())
    if (
        only_head
        or archive.db.execute("SELECT 1 FROM packets WHERE digest = ?", (digest,)).fetchone()
    ):
        _keep_head(archive, header, head, received, digest)
        return result
    fresh = _compare_with_held(archive, header, entries, hashes, digest, source)
    if not fresh:
        _keep_head(archive, header, head, received, digest)
        return result
    rows = [_row(entries[i], hashes[i], opened.lines[i], header, tz, digest) for i in fresh]
    try:
        with archive.transaction() as db:
            db.execute(
                "INSERT INTO packets (digest, station, log_id, packet_id, first_seq, last_seq,"
                " entries, new_entries, created_at, received_at, source, via)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    digest,
                    header["station"],
                    header["log_id"],
                    header["packet_id"],
                    header["first_seq"],
                    header["last_seq"],
                    header["count"],
                    len(rows),
                    header["created_at"],
                    received,
                    source,
                    via,
                ),
            )
            db.executemany(INSERT, rows)
            apply_corrections(db, header, [entries[i] for i in fresh], tz)
            _keep_head(db, header, head, received, digest)
    except sqlite3.IntegrityError:
        # (station, log_id, seq) was checked above, so this is an entry id HQ holds elsewhere.
        _record(archive, header, "duplicate_id", None, None, None, digest, source)
        raise Conflict("hq.duplicate_id", station=header["station"]) from None
    result.status = "new"
    result.new_entries = len(rows)
    return result


def _compare_with_held(
    archive: HqArchive,
    header: dict[str, Any],
    entries: list[Entry],
    hashes: list[str],
    digest: str,
    source: str,
) -> list[int]:
    """Indexes of the entries HQ lacks; Conflict (after recording an incident) on a fork."""
    first, last = header["first_seq"], header["last_seq"]
    held = {
        seq: (hash_, prev)
        for seq, hash_, prev in archive.db.execute(
            "SELECT seq, hash, prev FROM entries WHERE station = ? AND log_id = ?"
            " AND seq BETWEEN ? AND ?",
            (header["station"], header["log_id"], first - 1, last + 1),
        )
    }

    def fork(seq: int, held_hash: str, packet_hash: str) -> Conflict:
        _record(archive, header, "fork", seq, held_hash, packet_hash, digest, source)
        return Conflict("hq.fork", station=header["station"], seq=seq)

    before = held.get(first - 1)
    if before is not None and before[0] != entries[0]["prev"]:
        raise fork(first - 1, before[0], entries[0]["prev"])
    fresh = []
    for index, entry in enumerate(entries):
        mine = held.get(entry["seq"])
        if mine is None:
            fresh.append(index)
        elif mine[0] != hashes[index]:
            raise fork(entry["seq"], mine[0], hashes[index])
    after = held.get(last + 1)
    if after is not None and after[1] != hashes[-1]:
        raise fork(last, after[1], hashes[-1])
    return fresh


def _check_head(
    archive: HqArchive, header: dict[str, Any], head: tuple[int, str], digest: str, source: str
) -> None:
    """A head is the station's word on its log: HQ's entry at that seq, the `prev` of the one
    after it, or another head signed at that seq with another hash is a fork (Conflict, one
    incident). A head beyond what HQ holds only tells HQ what it is missing."""
    seq, hash_ = head
    key = (header["station"], header["log_id"])
    where = "FROM entries WHERE station = ? AND log_id = ? AND seq = ?"
    held = archive.db.execute(f"SELECT hash {where}", (*key, seq)).fetchone()
    after = archive.db.execute(f"SELECT prev {where}", (*key, seq + 1)).fetchone()
    other = archive.db.execute(
        "SELECT hash FROM heads WHERE station = ? AND log_id = ? AND seq = ?", (*key, seq)
    ).fetchone()
    for found in (held, after, other):
        if found is not None and found[0] != hash_:
            _record(archive, header, "fork", seq, found[0], hash_, digest, source)
            raise Conflict("hq.fork", station=header["station"], seq=seq)


def _keep_head(
    db: HqArchive | sqlite3.Connection,
    header: dict[str, Any],
    head: tuple[int, str] | None,
    received: str,
    digest: str,
) -> None:
    """Keep `head` as the station's latest when it is: a higher seq, or the same seq signed
    later (a quiet station's newer head says it was still quiet then)."""
    if head is None:
        return
    conn = db.db if isinstance(db, HqArchive) else db
    key = (header["station"], header["log_id"])
    kept = conn.execute(
        "SELECT seq, signed_at FROM heads WHERE station = ? AND log_id = ?", key
    ).fetchone()
    signed = header["created_at"]
    if kept is not None and (kept[0], _instant(kept[1])) >= (head[0], _instant(signed)):
        return
    row = (*key, head[0], head[1], signed, received, digest)
    sql = (
        "INSERT OR REPLACE INTO heads (station, log_id, seq, hash, signed_at, received_at,"
        " packet) VALUES (?, ?, ?, ?, ?, ?, ?)"
    )
    if isinstance(db, HqArchive):
        with db.transaction() as conn:
            conn.execute(sql, row)
    else:
        conn.execute(sql, row)


def _instant(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _record(
    archive: HqArchive,
    header: dict[str, Any],
    kind: str,
    seq: int | None,
    held_hash: str | None,
    packet_hash: str | None,
    digest: str,
    source: str,
) -> None:
    seen = archive.db.execute(
        "SELECT 1 FROM incidents WHERE packet = ? AND kind = ?", (digest, kind)
    ).fetchone()
    if seen:
        return  # the same packet brought again: the incident is already on record
    with archive.transaction() as db:
        db.execute(
            "INSERT INTO incidents (station, log_id, kind, seq, held_hash, packet_hash, packet,"
            " source, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                header["station"],
                header["log_id"],
                kind,
                seq,
                held_hash,
                packet_hash,
                digest,
                source,
                format_time(archive.clock()),
            ),
        )


def _row(
    entry: Entry, digest: str, line: bytes, header: dict[str, Any], tz: Any, packet: str
) -> tuple[Any, ...]:
    occurred = entry["occurred_at"]
    target = entry["data"].get("target") if entry["kind"] in CORRECTIONS else None
    body = line.decode("utf-8")
    return (
        entry["station"],
        header["log_id"],
        entry["seq"],
        entry["id"],
        entry["kind"],
        occurred,
        _month(occurred, tz),
        entry["recorded_at"],
        digest,
        body,
        _data_text(body, entry["id"]),
        packet,
        target,
        entry["prev"],
    )


def _data_text(body: str, entry_id: str) -> str:
    """The entry's `data` as compact JSON, keys sorted, cut out of its line rather than encoded
    again (a tenth of the cost). The checks refused any line but the canonical one of an
    envelope with exactly its ten keys, so `data` comes first and `id` second: its text runs
    from `{"data":` to the last `,"id":"<id>"` (a nested "id" inside data comes before it)."""
    return body[len(_DATA_OPENS) : body.rindex(f',"id":"{entry_id}"')]


_DATA_OPENS = '{"data":'


def _month(occurred: str, tz: Any) -> str:
    """`YYYY-MM` of `occurred` in the station's zone. Zones differ by at most 26 hours, so
    only a time within a day of a month's end can fall in another month there."""
    day = occurred[8:10]
    if "02" <= day <= "27":
        return occurred[:7]
    return datetime.fromisoformat(occurred).astimezone(tz).strftime("%Y-%m")
