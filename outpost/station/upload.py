"""`outpost sync`: export what is due, upload what HQ has not acknowledged, apply HQ's acks.

The same export and the same `apply_ack` as the stick road; only the carrier differs. One call
is one attempt: a line that fails raises NotReached (exit 6) and the next attempt resumes each
packet from the bytes HQ holds (docs/sync-protocol.md).
"""

from __future__ import annotations

import hashlib
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC
from functools import partial
from pathlib import Path
from typing import Any, Protocol, TypeVar

from outpost.errors import Conflict, InputRefused, NotReached, OutpostError, UsageError
from outpost.i18n import t
from outpost.logbook import Logbook
from outpost.model import format_time
from outpost.model.ranges import Range, ranges_text
from outpost.model.times import now
from outpost.station.hq_link import Answer, HqAddress, HqLink
from outpost.sync import wire
from outpost.sync.inbox_card import InboxAddress, read_inbox_card
from outpost.sync.packet import HEAD
from outpost.sync.station import export, hq_card_of, station_key, unacknowledged_packets
from outpost.sync.station_acks import apply_ack
from outpost.sync.status import SyncBook

T = TypeVar("T")

RETRIES = 4
"""Answers that ask a packet to be sent again from another offset, before giving up a round."""

UploadProgress = Callable[[int, int, int, int], None]
"""Told `(packet, packets, bytes sent of this packet, its bytes)` as an upload goes."""


@dataclass
class SyncOutcome:
    """What one `outpost sync` did."""

    sealed: int = 0
    sent: int = 0
    """Packets HQ took as new."""
    held: int = 0
    """Packets HQ already held (a resend: success)."""
    acknowledged_through: int = 0
    gaps: list[Range] = field(default_factory=list)
    waiting: int = 0
    """Packets still not fully acknowledged after the acks came back."""
    plain: bool = False
    protocol_bytes: int = 0

    def line(self) -> str:
        """The one line `outpost sync` and the sync screen say of it."""
        missing = ranges_text(self.gaps) if self.gaps else t("net.nothing_missing")
        return t(
            "net.synced",
            sent=self.sent,
            held=self.held,
            through=self.acknowledged_through,
            missing=missing,
            waiting=self.waiting,
        )


def hq_address(book: Logbook, url: str | None, pin: str | None) -> HqAddress:
    """HQ's server from the options, else as remembered; remembered when it was given."""
    sync = SyncBook.of(book)
    url = url or sync.hq_url
    if not url:
        raise UsageError("net.no_url")
    pin = pin or (sync.hq_pin if url == sync.hq_url or not sync.hq_url else None)
    address = HqAddress.of(url, pin)
    if (url, address.pin) != (sync.hq_url, sync.hq_pin):
        sync.hq_url, sync.hq_pin = url, address.pin
        sync.save(book)
    return address


def inbox_address(book: Logbook, path: Path) -> InboxAddress:
    """The address and pin on HQ's inbox card at `path`, once checked against the HQ card this
    station trusts (InputRefused, exit 3, for a changed card or another HQ's). Nothing is
    remembered here: the address is, as a typed one, when it is used (`hq_address`)."""
    return read_inbox_card(path, hq_card_of(book))


def station_clock() -> float:
    """The request time: the process's clock (OUTPOST_NOW moves it in tests and demos)."""
    return now(UTC).timestamp()


class Desk(Protocol):
    """Runs one step that reads or writes the log, where the log may be used, and gives back
    its result: at once for the command line; on the screens' own thread for an upload the TUI
    runs in a worker (a Logbook is used from one thread only)."""

    def __call__(self, step: Callable[[], T]) -> T: ...


def at_hand(step: Callable[[], T]) -> T:
    """The desk of a process that owns its log alone: the step runs here and now."""
    return step()


def sync_with_hq(
    book: Logbook,
    url: str | None = None,
    pin: str | None = None,
    progress: UploadProgress | None = None,
    desk: Desk = at_hand,
) -> SyncOutcome:
    """Export, upload every unacknowledged packet oldest first (resuming cut ones), apply
    HQ's acks. NotReached when the line fails or HQ says later; InputRefused (exit 3) when HQ
    refuses this station or a packet; Conflict (exit 4) on a fork. Every use of `book` goes
    through `desk`; the line is used between those steps, never inside one."""

    def ready() -> tuple[HqLink, int, list[tuple[Path, bytes, dict[str, Any]]]]:
        address = hq_address(book, url, pin)
        card = hq_card_of(book)
        sealed = len(export(book).packets)
        key = station_key(book)
        link = HqLink(address, key, book.config.station_id, card["id"], station_clock)
        return link, sealed, sorted(unacknowledged_packets(book), key=oldest_first)

    link, sealed, waiting = desk(ready)
    outcome = SyncOutcome(sealed=sealed, plain=link.address.plain)
    latest_ack: bytes | None = None
    for number, (_path, raw, _header) in enumerate(waiting, start=1):
        digest = hashlib.sha256(raw).hexdigest()
        resuming = desk(partial(_begin, book, digest))
        told = _telling(progress, number, len(waiting), len(raw))
        answer = _upload(link, raw, digest, told, ask_first=resuming)
        desk(partial(_end, book, digest))
        if answer.body.get("state") == "new":
            outcome.sent += 1
        else:
            outcome.held += 1
        latest_ack = answer.ack or latest_ack
    if latest_ack is None:
        answer = link.get(wire.ACK_PATH)
        if answer.status == 200:
            latest_ack = answer.ack
        elif answer.status != 404:
            _refuse(answer)

    def close() -> None:
        if latest_ack is not None:
            _apply(book, latest_ack)
        sync = SyncBook.of(book)
        sync.last_upload_at = format_time(book.clock())
        sync.save(book)
        outcome.acknowledged_through = sync.acknowledged_through
        outcome.gaps = sync.gaps()
        outcome.waiting = len(unacknowledged_packets(book))

    desk(close)
    outcome.protocol_bytes = link.sent - sum(len(w[1]) for w in waiting)
    return outcome


def _begin(book: Logbook, digest: str) -> bool:
    """Note that the upload of this packet begins; whether an earlier one had begun (resume)."""
    begun = SyncBook.of(book)
    if digest in begun.uploads_begun:
        return True
    begun.uploads_begun = [*begun.uploads_begun[-50:], digest]
    begun.save(book)
    return False


def _end(book: Logbook, digest: str) -> None:
    """HQ gave its final answer for this packet: no resume needed."""
    done = SyncBook.of(book)
    done.uploads_begun = [d for d in done.uploads_begun if d != digest]
    done.save(book)


def oldest_first(packet: tuple[Path, bytes, dict[str, Any]]) -> tuple[bool, int]:
    """Entry packets by their first seq, then a head-only packet (it tells of them all)."""
    header = packet[2]
    if header["type"] == HEAD:
        return True, header["head_seq"]
    return False, header["first_seq"]


def _upload(
    link: HqLink,
    raw: bytes,
    digest: str,
    progress: Callable[[int], None] | None,
    *,
    ask_first: bool,
) -> Answer:
    """Send one packet, from what HQ holds of it when an earlier upload began (`ask_first`),
    else from its start: a packet HQ holds already, or holds part of, is answered from the
    request's head (200 "held", 409 with HQ's offset). The final answer (200) of HQ."""
    path = wire.packet_path(digest)
    offset = 0
    if ask_first:
        state = link.get(path)
        if state.status != 200:
            _refuse(state)
        offset = int(state.body.get("offset", 0))
    for _ in range(RETRIES):
        if not 0 <= offset <= len(raw):
            offset = 0
        target = f"{path}?offset={offset}&length={len(raw)}"
        told = _from(progress, offset)
        try:
            answer = link.request("PUT", target, raw[offset:], told)
        except NotReached:
            if ask_first:
                raise
            # HQ may have answered from the head ("held", another offset) and closed while
            # the body was still going: ask it, which also tells whether the line is down.
            ask_first = True
            state = link.get(path)
            if state.status != 200:
                _refuse(state)
            if state.body.get("state") == "held":
                acked = link.get(wire.ACK_PATH)
                return Answer(200, {"state": "held"}, acked.ack)
            offset = int(state.body.get("offset", 0))
            continue
        if answer.status == 200:
            return answer
        if answer.status == 202 or answer.code == "offset_mismatch":
            offset = int(answer.body.get("offset", 0))
            continue
        if answer.code == "digest_mismatch":
            offset = 0
            continue
        _refuse(answer)
    raise NotReached("net.busy", code="offset_mismatch")


def _telling(
    progress: UploadProgress | None, number: int, count: int, size: int
) -> Callable[[int], None] | None:
    if progress is None:
        return None
    return lambda sent: progress(number, count, sent, size)


def _from(progress: Callable[[int], None] | None, offset: int) -> Callable[[int], None] | None:
    if progress is None:
        return None
    return lambda sent: progress(offset + sent)


def _refuse(answer: Answer) -> None:
    """Raise what HQ's refusal means for the station."""
    code = answer.code or str(answer.status)
    reason = str(answer.body.get("reason") or answer.body.get("message") or "")
    if answer.status in (408, 429, 503):
        raise NotReached("net.busy", code=code)
    if answer.status == 409 and code == "fork":
        raise Conflict("net.fork", reason=reason)
    if code == "clock":
        raise InputRefused("net.clock", hq_time=str(answer.body.get("hq_time", "?")))
    raise InputRefused("net.refused", status=answer.status, code=code, reason=reason)


def _apply(book: Logbook, raw: bytes) -> None:
    """Apply an ack that came back; an older one than the last applied is no news."""
    try:
        apply_ack(book, raw)
    except InputRefused as exc:
        if exc.key != "ack.stale":
            raise


def next_wait(
    attempt: int, cap: float, rng: random.Random | None = None, base: float = 5.0
) -> float:
    """Seconds before retry number `attempt` (1, 2, …): `base` (5 s) doubling up to `cap`, each
    drawn at random from its upper half, so stations cut off together do not all call back at
    once."""
    ceiling = min(cap, base * 2 ** (attempt - 1))
    return (rng or random).uniform(ceiling / 2, ceiling)


def keep_syncing(
    attempt: Callable[[], SyncOutcome],
    *,
    cap: float = 300.0,
    base: float = 5.0,
    tell: Callable[[OutpostError, float], None],
    sleep: Callable[[float], object] = time.sleep,
    woken: Callable[[], None] | None = None,
) -> SyncOutcome:
    """`outpost sync --watch`: attempt until HQ acknowledged everything, waiting `next_wait`
    after each failed line (a refusal is not retried: it needs a person). A `sleep` that
    returns True ended early (outpost.station.netwatch: the network came up): `woken` is told
    and the next attempt starts at once."""
    tries = 0
    while True:
        try:
            outcome = attempt()
        except NotReached as exc:
            tries += 1
            wait = next_wait(tries, cap, base=base)
            tell(exc, wait)
        else:
            if outcome.waiting == 0:
                return outcome
            tries += 1
            wait = next_wait(tries, cap, base=base)
            tell(NotReached("net.still_waiting", count=outcome.waiting), wait)
        if sleep(wait) is True and woken is not None:
            woken()
