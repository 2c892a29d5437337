"""HQ's acks applied at the station: checked against the HQ card and the log, alarms kept."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from outpost.errors import Conflict, InputRefused, OutpostError
from outpost.logbook import Logbook
from outpost.model import entry_hash, format_time
from outpost.model.ranges import merge, subtract
from outpost.store.reading import named_in, read_regular
from outpost.sync.ack import SUFFIX as ACK_SUFFIX
from outpost.sync.ack import described_through, open_ack
from outpost.sync.limits import MAX_ACK_BYTES
from outpost.sync.station import hq_card_of
from outpost.sync.status import SyncBook


@dataclass
class AckResult:
    """What one ack told the station."""

    counter: int
    acknowledged_through: int
    gaps: list[list[int]]
    resend: int
    """Entries the next export will seal again."""


def apply_ack(book: Logbook, raw: bytes) -> AckResult:
    """Check an ack against the HQ card and this log, and record what HQ holds.

    Refused (InputRefused, nothing changed): another HQ's signature, another station or log,
    an ack no newer than the last one applied. Conflict (exit 4): HQ holds a different entry
    than this station's own at the acknowledged seq, or claims entries this log never had;
    the only change is the alarm, kept in the sync bookkeeping so that `status` and the home
    screen go on showing it."""
    card = hq_card_of(book)
    body = open_ack(raw, card)
    cfg = book.config
    if body["station"] != cfg.station_id or body["log_id"] != cfg.log_id:
        raise InputRefused(
            "ack.other_log", station=body["station"], log=body["log_id"][:8], own=cfg.log_id[:8]
        )
    sync = SyncBook.of(book)
    if body["counter"] <= sync.last_ack_counter:
        raise InputRefused("ack.stale", counter=body["counter"], last=sync.last_ack_counter)
    through = body["contiguous_through"]
    held_above = merge(body["held_above"])
    top = max([through, *(b for _, b in held_above), body.get("unlisted_from", 0)])
    if top > book.state.last_seq:
        _keep_alarm(book, sync, body, "beyond_log", top, None)
        raise Conflict("ack.beyond_log", seq=top, last=book.state.last_seq)
    own = _hash_at(book, through)
    if own != body["hash"]:
        _keep_alarm(book, sync, body, "hash_mismatch", through, own)
        raise Conflict("ack.hash_mismatch", seq=through)
    sync.acknowledged_through = through
    sync.ack_hash = body["hash"]
    sync.held_above = held_above
    sync.last_ack_counter = body["counter"]
    sync.last_ack_at = body["created_at"]
    sync.ack_applied_at = format_time(book.clock())
    # Above what the ack describes HQ may hold more: those entries stay in flight, not due.
    described = described_through(body)
    resend_to = sync.sent_through if described is None else min(sync.sent_through, described)
    sync.due = subtract(through + 1, resend_to, held_above)
    sync.save(book)
    return AckResult(
        counter=body["counter"],
        acknowledged_through=through,
        gaps=sync.gaps(),
        resend=sum(b - a + 1 for a, b in sync.due),
    )


@dataclass
class AckFile:
    """What applying one ack file did: its result, or the refusal; `seen_before` marks an ack
    applied on an earlier day and still lying in a scanned folder (not an error)."""

    path: Path
    result: AckResult | None = None
    error: OutpostError | None = None
    seen_before: bool = False


def apply_ack_files(book: Logbook, given: list[Path]) -> list[AckFile]:
    """Apply acks from files and folders (a folder's `.oack` files oldest first: their names
    end in the ack number, so each newer one applies in turn). One refusal does not stop the
    others; the command line and the sync screen both show the outcome of each. A FIFO, a
    device, a link or a folder named like an ack is refused on its own line, never waited on."""
    paths: list[tuple[Path, bool]] = []
    for path in given:
        if path.is_dir():
            try:
                paths.extend((p, True) for p in named_in(path, ACK_SUFFIX))
            except OSError as exc:
                raise InputRefused("sync.unreadable", path=str(path), reason=str(exc)) from None
        else:
            paths.append((path, False))
    outcomes = []
    for path, scanned in paths:
        outcome = AckFile(path)
        try:
            try:
                raw = read_regular(path, MAX_ACK_BYTES)
            except OSError as exc:
                raise InputRefused(
                    "sync.unreadable", path=str(path), reason=exc.strerror or "?"
                ) from None
            outcome.result = apply_ack(book, raw)
        except OutpostError as exc:
            if exc.key == "ack.stale" and scanned:
                outcome.seen_before = True
            else:
                outcome.error = exc
        outcomes.append(outcome)
    return outcomes


def _keep_alarm(
    book: Logbook, sync: SyncBook, body: dict[str, Any], kind: str, seq: int, own: str | None
) -> None:
    """Record a signed ack that disagrees with this log (once per ack number)."""
    if any(alarm["counter"] == body["counter"] for alarm in sync.alarms):
        return
    sync.alarms.append(
        {
            "kind": kind,
            "seq": seq,
            "counter": body["counter"],
            "hq_hash": body["hash"],
            "own_hash": own,
            "ack_created_at": body["created_at"],
            "seen_at": format_time(book.clock()),
        }
    )
    sync.save(book)


def _hash_at(book: Logbook, seq: int) -> str:
    if seq == 0:
        return "0" * 64
    found = list(book.entries(seq, seq))
    return entry_hash(found[0]) if found else ""
