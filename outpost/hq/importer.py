"""Importing packets at HQ: the checks of DESIGN.md §6 in order, then one transaction per packet.

Nothing is written before every check passed; a fork (or an entry id HQ holds at another seq)
writes one incident row and nothing else. Importing a packet again, or one whose entries HQ
already holds with the same hashes, changes nothing.
"""

from __future__ import annotations

import itertools
import json
import multiprocessing
import sqlite3
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from multiprocessing.pool import AsyncResult
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from outpost.errors import Conflict, InputRefused, InvalidEntry, OutpostError
from outpost.hq.archive import HqArchive
from outpost.model import KINDS, Entry, canonical_bytes, format_time, validate_data, zone
from outpost.sync.ack import SUFFIX as ACK_SUFFIX
from outpost.sync.ack import seal_ack
from outpost.sync.identity import key_fingerprint, unb64
from outpost.sync.limits import MAX_PACKET_BYTES
from outpost.sync.packet import (
    SUFFIX,
    OpenedPacket,
    open_packet,
    packet_digest,
    read_packet,
    verify_packet,
)

INSERT = (
    "INSERT INTO entries (station, log_id, seq, id, kind, occurred_at, month, recorded_at, hash,"
    " body, data, voided, amendments, packet, target, prev)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?, ?, ?)"
)
CORRECTIONS = ("amendment", "void")


@dataclass
class ImportResult:
    """What importing one packet did: "new" (with how many entries) or "held" (nothing new)."""

    status: str
    station: str
    log_id: str
    first_seq: int
    last_seq: int
    new_entries: int
    digest: str


@dataclass(frozen=True)
class Recipient:
    """What checking a packet needs of HQ, and nothing of its database: its id, its
    decryption key and fingerprint, the enrolled stations (id -> row)."""

    hq_id: str
    key: X25519PrivateKey
    fingerprint: str
    stations: dict[str, dict[str, Any]]

    @classmethod
    def of(cls, archive: HqArchive) -> Recipient:
        enrolled = [row[0] for row in archive.db.execute("SELECT id FROM stations")]
        key = archive.keys.encryption
        return cls(
            hq_id=archive.id,
            key=key,
            fingerprint=key_fingerprint(key.public_key()),
            stations={s: row for s in enrolled if (row := archive.station(s)) is not None},
        )


@dataclass
class CheckedPacket:
    """A packet that passed every check of DESIGN.md §6 that needs no database: station and
    keys, signature, decryption, bounded decompression, manifest, every entry, the chain."""

    header: dict[str, Any]
    digest: str
    opened: OpenedPacket
    timezone: str
    source: str


def import_packet(archive: HqArchive, raw: bytes, source: str = "") -> ImportResult:
    """Check one packet (DESIGN.md §6 order) and import it in one transaction.

    Raises InputRefused (exit 3, nothing written) or Conflict (exit 4, one incident written)."""
    return commit_packet(archive, check_packet(Recipient.of(archive), raw, source))


def check_packet(recipient: Recipient, raw: bytes, source: str = "") -> CheckedPacket:
    """Every check that needs no database, in the order of DESIGN.md §6 (InputRefused)."""
    sealed = read_packet(raw)
    header = sealed.header
    station = recipient.stations.get(header["station"])
    if station is None:
        raise InputRefused("hq.unknown_station", station=header["station"])
    if header["station_key"] != station["fingerprint"]:
        raise InputRefused(
            "hq.wrong_station_key", station=header["station"], fp=header["station_key"]
        )
    if header["hq"] != recipient.hq_id or header["hq_key"] != recipient.fingerprint:
        raise InputRefused("hq.not_for_us", hq=header["hq"], own=recipient.hq_id)
    verify_packet(sealed, Ed25519PublicKey.from_public_bytes(unb64(station["signing_key"])))
    opened = open_packet(sealed, recipient.key, zone(station["timezone"]))
    return CheckedPacket(header, packet_digest(raw), opened, station["timezone"], source)


def commit_packet(archive: HqArchive, checked: CheckedPacket) -> ImportResult:
    """What HQ holds already, forks, then the new entries in one transaction.

    Raises Conflict (exit 4, one incident written) on a fork or a duplicate entry id."""
    header, digest, source = checked.header, checked.digest, checked.source
    tz = zone(checked.timezone)
    opened = checked.opened
    entries, hashes = opened.entries, opened.hashes
    result = ImportResult(
        status="held",
        station=header["station"],
        log_id=header["log_id"],
        first_seq=header["first_seq"],
        last_seq=header["last_seq"],
        new_entries=0,
        digest=digest,
    )
    if archive.db.execute("SELECT 1 FROM packets WHERE digest = ?", (digest,)).fetchone():
        return result
    fresh = _compare_with_held(archive, header, entries, hashes, digest, source)
    if not fresh:
        return result
    received = format_time(archive.clock())
    rows = [_row(entries[i], hashes[i], opened.lines[i], header, tz, digest) for i in fresh]
    try:
        with archive.transaction() as db:
            db.execute(
                "INSERT INTO packets (digest, station, log_id, packet_id, first_seq, last_seq,"
                " entries, new_entries, created_at, received_at, source)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
                ),
            )
            db.executemany(INSERT, rows)
            _apply_corrections(db, header, [entries[i] for i in fresh], tz)
    except sqlite3.IntegrityError:
        # (station, log_id, seq) was checked above, so this is an entry id HQ holds elsewhere.
        _record(archive, header, "duplicate_id", None, None, None, digest, source)
        raise Conflict("hq.duplicate_id", station=header["station"]) from None
    result.status = "new"
    result.new_entries = len(rows)
    return result


PARALLEL_FROM = 3
"""From this many packets on, `import_packets` checks them in a second process."""

_recipient: Recipient | None = None
"""The checking process's Recipient (inherited when it was forked)."""


def import_packets(
    archive: HqArchive, paths: list[Path]
) -> Iterator[tuple[Path, ImportResult | OutpostError]]:
    """Import packet files in order, each as `import_packet` would, yielding what each did: a
    refused packet does not stop the others (`outpost hq import`).

    With several packets, a forked process reads and checks the next ones (decryption, every
    entry's schema, the chain: Python work that holds the GIL, so a thread would not help)
    while this one writes: the checks and the writes then take a core each. Only this process
    touches the database; the checker gets the Recipient when it is forked, and at most two
    checked packets wait in memory."""
    if len(paths) < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        for path in paths:
            try:
                yield path, import_packet(archive, read_packet_file(path), str(path))
            except OutpostError as exc:
                yield path, exc
        return
    global _recipient
    _recipient = Recipient.of(archive)
    try:
        with multiprocessing.get_context("fork").Pool(1) as pool:
            waiting: deque[tuple[Path, AsyncResult[CheckedPacket | OutpostError]]] = deque()
            queue = iter(paths)
            for path in itertools.islice(queue, 2):
                waiting.append((path, pool.apply_async(_check_file, (path,))))
            while waiting:
                path, checking = waiting.popleft()
                following = next(queue, None)
                if following is not None:
                    waiting.append((following, pool.apply_async(_check_file, (following,))))
                checked = checking.get()
                if isinstance(checked, OutpostError):
                    yield path, checked
                    continue
                try:
                    yield path, commit_packet(archive, checked)
                except OutpostError as exc:
                    yield path, exc
    finally:
        _recipient = None


def _check_file(path: Path) -> CheckedPacket | OutpostError:
    """In the checking process: read and check one packet file; a refusal is returned."""
    assert _recipient is not None, "forked from import_packets"
    try:
        return check_packet(_recipient, read_packet_file(path), str(path))
    except OutpostError as exc:
        return exc


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
    data = entry["data"]
    target = data.get("target") if entry["kind"] in CORRECTIONS else None
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
        line.decode("utf-8"),
        _compact(data),  # keys already sorted: parsed from a canonical line
        packet,
        target,
        entry["prev"],
    )


_compact = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode


def _month(occurred: str, tz: Any) -> str:
    """`YYYY-MM` of `occurred` in the station's zone. Zones differ by at most 26 hours, so
    only a time within a day of a month's end can fall in another month there."""
    day = occurred[8:10]
    if "02" <= day <= "27":
        return occurred[:7]
    return datetime.fromisoformat(occurred).astimezone(tz).strftime("%Y-%m")


def _apply_corrections(
    db: sqlite3.Connection, header: dict[str, Any], new: list[Entry], tz: Any
) -> None:
    """Keep `data`, `voided` and `amendments` current for every entry a correction touches.

    Corrections in the packet touch their targets; and when the packet fills a gap, entries
    it brings may be targets of corrections that arrived earlier in a later packet."""
    station = header["station"]
    targets = {e["data"]["target"] for e in new if e["kind"] in CORRECTIONS}
    newest_held = db.execute(
        "SELECT MAX(seq) FROM entries WHERE station = ? AND log_id = ?",
        (station, header["log_id"]),
    ).fetchone()[0]
    if newest_held is not None and newest_held > header["last_seq"]:
        ids = [e["id"] for e in new]
        for chunk in _chunks(ids, 500):
            marks = ",".join("?" * len(chunk))
            targets.update(
                row[0]
                for row in db.execute(
                    "SELECT DISTINCT target FROM entries"
                    f" WHERE station = ? AND target IS NOT NULL AND target IN ({marks})",
                    (station, *chunk),
                )
            )
    for target in targets:
        _refresh(db, station, target, tz)


def _refresh(db: sqlite3.Connection, station: str, target: str, tz: Any) -> None:
    """Recompute the current data of `target`. A correction the station's own rules refuse
    (of another correction, or new data its target's kind refuses) refuses the packet: the
    transaction rolls back and HQ never shows data no station could have recorded."""
    row = db.execute(
        "SELECT body FROM entries WHERE station = ? AND id = ?", (station, target)
    ).fetchone()
    if row is None:
        return  # the target is in a range still missing; its arrival refreshes it
    original = json.loads(row[0])
    kind, data = original["kind"], original["data"]
    voided = 0
    amendments = 0
    corrections = db.execute(
        "SELECT log_id, seq, kind, body FROM entries WHERE station = ? AND target IS NOT NULL"
        " AND target = ?",
        (station, target),
    ).fetchall()
    corrections.sort()  # in log order; sorting here keeps the lookup on entries_target
    for _log, seq, correction, body in corrections:
        if KINDS[kind].correction:
            refusal = InvalidEntry(
                f"entry.{correction}_of_correction", field="target", target=target, kind=kind
            )
            raise InputRefused("packet.bad_entry", seq=seq, reason=refusal.message())
        if correction == "amendment":
            data = json.loads(body)["data"]["data"]
            try:
                validate_data(kind, data, tz, prefix="data")
            except InvalidEntry as exc:
                raise InputRefused("packet.bad_entry", seq=seq, reason=exc.message()) from None
            amendments += 1
        elif correction == "void":
            voided = 1
    db.execute(
        "UPDATE entries SET data = ?, voided = ?, amendments = ? WHERE station = ? AND id = ?",
        (canonical_bytes(data).decode("utf-8"), voided, amendments, station, target),
    )


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for at in range(0, len(items), size):
        yield items[at : at + size]


# -- acks --------------------------------------------------------------------------------------


def make_ack(archive: HqArchive, station_id: str, log_id: str | None = None) -> tuple[bytes, str]:
    """A signed ack of what HQ holds of a station's log (its latest log unless named), and a
    file name for it; the ack is numbered and kept in the `acks` table. InputRefused when the
    station is unknown or sent nothing yet."""
    if archive.station(station_id) is None:
        raise InputRefused("hq.unknown_station", station=station_id)
    logs = archive.logs(station_id)
    if log_id is None:
        if not logs:
            raise InputRefused("hq.nothing_from", station=station_id)
        log_id = logs[-1]
    elif log_id not in logs:
        raise InputRefused("hq.nothing_from", station=station_id)
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
                json.dumps(held.held_above),
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


# -- files -------------------------------------------------------------------------------------


def packet_files(paths: Iterable[Path]) -> list[Path]:
    """The files to import: files as given, and every `*.opk` in folders (sorted by name)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob(f"*{SUFFIX}") if p.is_file()))
        else:
            found.append(path)
    return found


def read_packet_file(path: Path) -> bytes:
    """A packet file's bytes, refusing one over the cap without reading it all."""
    try:
        with path.open("rb") as fh:
            raw = fh.read(MAX_PACKET_BYTES + 1)
    except OSError as exc:
        raise InputRefused("hq.unreadable", path=str(path), reason=exc.strerror or "?") from None
    return raw
