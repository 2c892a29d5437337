"""The station side of sync: its key and card, the HQ card, `export` to the outbox and copies."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, cast

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from outpost.errors import InputRefused, StorageFailed, UsageError
from outpost.logbook import Logbook
from outpost.model import canonical_bytes, format_time
from outpost.model.ranges import Range, count, merge, split, subtract
from outpost.store.files import atomic_write, remove_stale_temps, storage_failed
from outpost.store.reading import named_in, read_regular
from outpost.sync.identity import (
    STATION_CARD,
    Card,
    create_station_key,
    load_station_key,
    station_card,
    write_station_card,
)
from outpost.sync.limits import MAX_ENTRIES, MAX_PACKET_BYTES
from outpost.sync.outbox import OUTBOX, SUFFIX, head_name, packet_name
from outpost.sync.packet import HEAD, read_packet, seal_head, seal_packet
from outpost.sync.status import SyncBook

CHUNK_BYTES = 6 * 1024 * 1024
"""Canonical entry bytes per packet before compression: well under MAX_PACKET_BYTES even for
text that does not compress."""
HEAD_AFTER = timedelta(days=1)
"""A quiet station's export sends its head alone when its last packet is older than this: HQ
then knows the station has nothing more (docs/summary-definitions.md, coverage)."""


# -- identity ----------------------------------------------------------------------------------


def station_key(book: Logbook) -> Ed25519PrivateKey:
    """The station's signing key, made (with its card) on first need."""
    key = load_station_key(book.folder)
    if key is None:
        key = create_station_key(book.folder)
        write_own_card(book, key)
    return key


def write_own_card(book: Logbook, key: Ed25519PrivateKey | None = None) -> Path:
    """Write `station.card.json` (the card HQ enrolls) and return its path."""
    key = key or station_key(book)
    cfg = book.config
    card = station_card(
        cfg.station_id, cfg.name, cfg.timezone, key.public_key(), format_time(book.clock())
    )
    return write_station_card(book.folder, card)


def own_card_path(book: Logbook) -> Path:
    """Where the station's card is, writing it first when it is missing."""
    path = book.folder / STATION_CARD
    if not path.exists() or load_station_key(book.folder) is None:
        station_key(book)
        if not path.exists():
            write_own_card(book)
    return path


def set_hq_card(book: Logbook, card: Card) -> bool:
    """Keep the (checked) HQ card. Returns True when it names another HQ than before, in which
    case delivery starts over: the new HQ holds nothing of this log yet."""
    sync = SyncBook.of(book)
    old = sync.hq_card
    changed = old is not None and (
        old["id"] != card["id"] or old["fingerprint"] != card["fingerprint"]
    )
    if changed:
        sync = SyncBook()
    sync.hq_card = card
    sync.save(book)
    return changed


def hq_card_of(book: Logbook) -> Card:
    """The HQ card this station seals to; UsageError (exit 2) when none was given yet."""
    card = SyncBook.of(book).hq_card
    if not card:
        raise UsageError("sync.no_hq_card")
    return card


# -- export ------------------------------------------------------------------------------------


@dataclass
class ExportResult:
    """Packets sealed by one export (and copies made), and how many entries they carry."""

    packets: list[Path] = field(default_factory=list)
    entries: int = 0
    resent: int = 0
    """Entries sealed again because HQ's last ack said it lacks them."""
    copies: list[Path] = field(default_factory=list)
    head: Path | None = None
    """The head-only packet this export made (it is in `packets` too), if any."""


def export(book: Logbook, copy_to: Path | None = None) -> ExportResult:
    """Seal every entry HQ is due into `outbox/` (several packets for a long backlog).

    HQ's missing ranges go first, then entries never sent; every packet carries the log's head.
    Nothing due makes a head-only packet when the last packet is over `HEAD_AFTER` old, else
    nothing. An export killed or refused by the disk part-way is finished here first: the station's
    bookkeeping names each packet before it is written (`SyncBook.export_plan`), so the entries
    of a packet already in the outbox are never sealed again. With `copy_to`, copies every
    packet not yet fully acknowledged there and checks each copy."""
    card = hq_card_of(book)
    key = station_key(book)
    sync = SyncBook.of(book)
    outbox = book.folder / OUTBOX
    result = ExportResult()
    if sync.export_plan:
        _settle_last_write(book, sync, outbox)
    wanted = sync.to_send(book.state.last_seq)
    if wanted or sync.export_plan:
        try:
            outbox.mkdir(exist_ok=True)
        except OSError as exc:
            raise storage_failed(outbox, exc) from None
        remove_stale_temps(outbox)  # a killed writer's half-written packet, never renamed
        now = format_time(book.clock())
        plan = _plan(sync, wanted, now)
        head = _head(book)
        for first, last_in in split(plan["left"], MAX_ENTRIES):
            chunk = list(book.entries(first, last_in))
            for part in _by_size(chunk):
                for raw, entries in _sealed(
                    part, key, book.config.log_id, card, plan["created_at"], head
                ):
                    path = outbox / _packet_file(raw, entries)
                    span = [cast(int, entries[0]["seq"]), cast(int, entries[-1]["seq"])]
                    plan["writing"] = {"file": path.name, "span": span}
                    sync.save(book)  # named before it exists: a kill from here on is settled
                    atomic_write(path, raw)
                    _written(plan, sync)
                    result.packets.append(path)
                    result.entries += len(entries)
        sealed = plan["ranges"]
        result.resent = count(r for a, b in sealed for r in [[a, min(b, sync.sent_through)]])
        sync.sent_through = max([sync.sent_through, *(b for _, b in sealed)])
        sync.due = []
        sync.export_plan = None
        sync.last_export_at = now
        sync.head_packet = None  # the packets just written carry a newer head
        sync.save(book)
    elif _head_due(book, sync):
        result.head = _export_head(book, sync, key, card, outbox)
        result.packets.append(result.head)
    if copy_to is not None:
        result.copies = copy_packets(book, copy_to, sync)
    return result


def _head(book: Logbook) -> tuple[int, str]:
    """The log's head now: its last seq and that entry's hash."""
    return book.state.last_seq, book.state.last_hash


def _head_due(book: Logbook, sync: SyncBook) -> bool:
    """Nothing is due: a head-only packet when the log has entries and its last packet (any
    kind) was sealed more than `HEAD_AFTER` ago."""
    if book.state.last_seq < 1 or sync.last_export_at is None:
        return False
    last = datetime.fromisoformat(sync.last_export_at)
    return book.clock() - last > HEAD_AFTER


def _export_head(
    book: Logbook, sync: SyncBook, key: Ed25519PrivateKey, card: Card, outbox: Path
) -> Path:
    """Seal the head alone into the outbox. It replaces the one before in the bookkeeping (only
    the newest head means anything to HQ): an older one stays in the outbox, never copied."""
    try:
        outbox.mkdir(exist_ok=True)
    except OSError as exc:
        raise storage_failed(outbox, exc) from None
    remove_stale_temps(outbox)
    now = format_time(book.clock())
    head = _head(book)
    raw = seal_head(
        book.config.station_id,
        head,
        station_key=key,
        log_id=book.config.log_id,
        hq_card=card,
        created_at=now,
    )
    digest = hashlib.sha256(raw).hexdigest()[:8]
    path = outbox / head_name(book.config.station_id, head[0], digest)
    atomic_write(path, raw)
    sync.head_packet = {
        "file": path.name,
        "seq": head[0],
        "hash": head[1],
        "created_at": now,
        "after_ack": sync.last_ack_counter,
    }
    sync.packets += 1
    sync.last_export_at = now
    sync.save(book)
    return path


def _plan(sync: SyncBook, wanted: list[Range], now: str) -> dict[str, Any]:
    """The export under way: the one cut short, with what came due since, or a new one."""
    plan = sync.export_plan or {"ranges": [], "left": [], "writing": None, "created_at": now}
    plan["ranges"] = merge([*plan["ranges"], *wanted])
    plan["left"] = wanted  # `to_send` already holds the plan's own `left`
    sync.export_plan = plan
    return plan


def _written(plan: dict[str, Any], sync: SyncBook) -> None:
    """The packet named in `writing` is in the outbox: its seqs are sealed."""
    first, last = plan["writing"]["span"]
    plan["left"] = [r for a, b in plan["left"] for r in subtract(a, b, [[first, last]])]
    plan["writing"] = None
    sync.packets += 1


def _settle_last_write(book: Logbook, sync: SyncBook, outbox: Path) -> None:
    """After an export was cut short: whether the packet it was writing reached the outbox.

    A packet file appears only whole (written aside, then renamed), so one that is there and
    reads back as this log's packet of the named seqs was written; else its seqs are sealed
    again."""
    plan = cast(dict[str, Any], sync.export_plan)
    writing = plan.get("writing")
    if not writing:
        return
    first, last = writing["span"]
    try:
        with (outbox / writing["file"]).open("rb") as fh:
            header = read_packet(fh.read(MAX_PACKET_BYTES + 1)).header
    except (OSError, InputRefused):
        plan["writing"] = None
        return
    if (header["log_id"], header["first_seq"], header["last_seq"]) != (
        book.config.log_id,
        first,
        last,
    ):
        plan["writing"] = None
        return
    _written(plan, sync)


def _by_size(entries: list[dict[str, object]]) -> list[list[dict[str, object]]]:
    parts: list[list[dict[str, object]]] = [[]]
    size = 0
    for entry in entries:
        length = len(canonical_bytes(entry)) + 1
        if parts[-1] and size + length > CHUNK_BYTES:
            parts.append([])
            size = 0
        parts[-1].append(entry)
        size += length
    return [p for p in parts if p]


def _sealed(
    entries: list[dict[str, object]],
    key: Ed25519PrivateKey,
    log_id: str,
    card: Card,
    created: str,
    head: tuple[int, str],
) -> list[tuple[bytes, list[dict[str, object]]]]:
    raw = seal_packet(
        entries, station_key=key, log_id=log_id, hq_card=card, created_at=created, head=head
    )
    if len(raw) <= MAX_PACKET_BYTES:
        return [(raw, entries)]
    if len(entries) == 1:
        raise InputRefused("sync.entry_too_big", seq=entries[0]["seq"])
    half = len(entries) // 2
    return _sealed(entries[:half], key, log_id, card, created, head) + _sealed(
        entries[half:], key, log_id, card, created, head
    )


def _packet_file(raw: bytes, entries: list[dict[str, object]]) -> str:
    station, first, last = entries[0]["station"], entries[0]["seq"], entries[-1]["seq"]
    digest = hashlib.sha256(raw).hexdigest()[:8]
    return packet_name(str(station), cast(int, first), cast(int, last), digest)


def head_unacknowledged(sync: SyncBook, name: str) -> bool:
    """Whether the head-only packet `name` still goes to HQ: it is the newest one, and no ack
    HQ signed after it was sealed has been applied (an ack, like for any packet, ends it)."""
    head = sync.head_packet
    if head is None:
        return False
    return bool(head["file"] == name and sync.last_ack_counter <= head["after_ack"])


def copy_packets(book: Logbook, folder: Path, sync: SyncBook | None = None) -> list[Path]:
    """Copy outbox packets HQ has not fully acknowledged to `folder`, reading each copy back."""
    waiting = unacknowledged_packets(book, sync)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise storage_failed(folder, exc) from None
    copies = []
    for path, raw, _header in waiting:
        # The stick is the courier's: atomic_write follows no link planted there, and the copy
        # is read back the same way.
        target = folder / path.name
        atomic_write(target, raw)
        try:
            back = read_regular(target, len(raw))
            same = hashlib.sha256(back).digest() == hashlib.sha256(raw).digest()
        except OSError as exc:
            raise storage_failed(target, exc) from None
        if not same:
            raise StorageFailed("sync.copy_mismatch", path=str(target))
        copies.append(target)
    return copies


def unacknowledged_packets(
    book: Logbook, sync: SyncBook | None = None
) -> list[tuple[Path, bytes, dict[str, Any]]]:
    """The outbox packets of this log holding an entry HQ has not acknowledged, by name (the
    stick's copies and the network's uploads alike): each path, its bytes and its header."""
    sync = sync or SyncBook.of(book)
    held = merge([[1, sync.acknowledged_through], *sync.held_above])
    try:
        names = named_in(book.folder / OUTBOX, SUFFIX)
    except FileNotFoundError:
        names = []
    except OSError as exc:
        raise storage_failed(book.folder / OUTBOX, exc) from None
    waiting = []
    for path in names:
        try:
            raw = read_regular(path, MAX_PACKET_BYTES)
            header = read_packet(raw).header
        except OSError:
            continue  # not a packet file: nothing outpost made, left for a person to look at
        except InputRefused:
            continue  # not ours to carry: a damaged file stays behind for a person to look at
        if header["log_id"] != book.config.log_id:
            continue
        if header["type"] == HEAD:
            if not head_unacknowledged(sync, path.name):
                continue
        elif not subtract(header["first_seq"], header["last_seq"], held):
            continue
        waiting.append((path, raw, header))
    return waiting
