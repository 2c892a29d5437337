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
from outpost.model import format_time, zone
from outpost.sync.packet import HEAD, packet_head

from .archive import HqArchive
from .checks import CheckedPacket
from .corrections import CORRECTIONS, apply_corrections
from .entry_rows import HASH, ID, INSERT, KIND, PREV, SEQ, TARGET, Row


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
    rows = _compare_with_held(archive, header, checked.rows, digest, source)
    if not rows:
        _keep_head(archive, header, head, received, digest)
        return result
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
            targets = {row[TARGET] for row in rows if row[KIND] in CORRECTIONS}
            apply_corrections(db, header, [row[ID] for row in rows], targets, tz)
            _keep_head(db, header, head, received, digest)
    except sqlite3.IntegrityError:
        # (station, log_id, seq) was checked above, so this is an entry id HQ holds elsewhere.
        _record(archive, header, "duplicate_id", None, None, None, digest, source)
        raise Conflict("hq.duplicate_id", station=header["station"]) from None
    result.status = "new"
    result.new_entries = len(rows)
    return result


def _compare_with_held(
    archive: HqArchive, header: dict[str, Any], rows: list[Row], digest: str, source: str
) -> list[Row]:
    """The rows of the entries HQ lacks; Conflict (after recording an incident) on a fork."""
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
    if before is not None and before[0] != rows[0][PREV]:
        raise fork(first - 1, before[0], rows[0][PREV])
    fresh = []
    for row in rows:
        mine = held.get(row[SEQ])
        if mine is None:
            fresh.append(row)
        elif mine[0] != row[HASH]:
            raise fork(row[SEQ], mine[0], row[HASH])
    after = held.get(last + 1)
    if after is not None and after[1] != rows[-1][HASH]:
        raise fork(last, after[1], rows[-1][HASH])
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
