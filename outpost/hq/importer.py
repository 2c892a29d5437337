"""Importing packets at HQ: one, or many files with the checks in a forked process meanwhile.

Each packet is checked (outpost.hq.checks), then committed in one transaction (outpost.hq.commit).
A refused packet writes nothing to what HQ holds: one incident row for a fork, and, once its
signature held, a note of its seqs, digest and reason (outpost.hq.refusals). A packet whose
checks fail in a way none foresaw (any exception but an OutpostError) is refused alone too, as
`PacketCrashed` with its traceback for the crash log: one packet never stops the others.
"""

from __future__ import annotations

import itertools
import multiprocessing
import sqlite3
import threading
import time
import traceback
from collections import deque
from collections.abc import Iterable, Iterator
from multiprocessing.pool import AsyncResult
from pathlib import Path

from outpost.errors import InputRefused, OutpostError
from outpost.store.reading import named_in, read_regular
from outpost.sync.limits import MAX_PACKET_BYTES
from outpost.sync.packet import SUFFIX
from outpost.text import printable

from .archive import HqArchive
from .checks import CheckedPacket, Recipient, check_packet
from .commit import ImportResult, commit_packet
from .refusals import keeps, record_refusal, record_refused_bytes

PARALLEL_FROM = 3
"""From this many packets on, `import_packets` checks them in a second process."""

CHECK_WAIT = 120.0
"""Seconds to wait for the checking process's answer on one packet (a packet at the size cap
checks in a few seconds). Past it, or when that process died, the packet and every one after
it are checked here instead: an import never waits for ever."""

ANSWER_POLL = 0.005
"""Seconds between two looks at whether the checker answered (`_answer`)."""

_recipient: Recipient | None = None
"""The checking process's Recipient (inherited when it was forked)."""


class PacketCrashed(InputRefused):
    """A packet refused because checking or writing it failed unforeseen (a bug, or a value no
    check bounds yet): `detail` keeps the traceback as text, since it may cross a process, and
    `__cause__` carries it to the crash log (`traceback.format_exception`)."""

    detail: str = ""


class CheckFailed(Exception):
    """The traceback of the failure behind a PacketCrashed, as text."""


def crashed(exc: BaseException) -> PacketCrashed:
    """The refusal of a packet whose checks raised `exc`, an exception no check foresaw."""
    refusal = PacketCrashed("hq.packet_crashed", error=type(exc).__name__)
    refusal.detail = "".join(traceback.format_exception(exc))
    refusal.__cause__ = exc
    return refusal


ENVIRONMENT = (sqlite3.OperationalError, OSError, MemoryError)
"""Failures of the disk or the machine, not of one packet: they stop the run (the archive stays
as it was before the packet being written)."""


def import_packet(
    archive: HqArchive, raw: bytes, source: str = "", via: str = "stick"
) -> ImportResult:
    """Check one packet (in the order of docs/packet-format.md) and import it in one transaction
    (`via`: how it came, "stick" or "net").

    Raises InputRefused (exit 3) or Conflict (exit 4, one incident written); a packet refused
    after its signature checked out is noted in `refused_packets` (outpost.hq.refusals)."""
    try:
        checked = check_packet(Recipient.of(archive), raw, source)
    except OutpostError as exc:
        record_refused_bytes(archive, raw, exc, printable(source), via)
        raise
    with archive.writing():
        try:
            return commit_packet(archive, checked, via)
        except OutpostError as exc:
            record_refusal(archive, checked.header, checked.digest, exc, checked.source, via)
            raise


def import_packets(
    archive: HqArchive, paths: list[Path]
) -> Iterator[tuple[Path, ImportResult | OutpostError]]:
    """Import packet files in order, each as `import_packet` would, yielding what each did: a
    refused packet does not stop the others (`outpost hq import`).

    With several packets, a forked process reads and checks the next ones (decryption, every
    entry's schema, the chain: Python work that holds the GIL, so a thread would not help)
    while this one writes, and this one checks a packet too whenever it would wait for the
    checker: the two cores share the checks. Only this process touches the database; the
    checker gets the Recipient when it is forked, and at most four checked packets wait in
    memory."""
    if len(paths) < PARALLEL_FROM or not can_fork():
        for path in paths:
            yield path, _import_one(archive, path)
        return
    done = 0
    for path, outcome in _import_checked_aside(archive, paths):
        if outcome is None:  # the checker did not answer: the rest is checked here
            break
        done += 1
        yield path, outcome
    for path in paths[done:]:
        yield path, _import_one(archive, path)


def can_fork() -> bool:
    """Whether a checking process may be forked: only from a process running one thread (a
    fork copies every lock another thread holds, held for ever in the child)."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


Checking = AsyncResult[CheckedPacket | OutpostError] | CheckedPacket | OutpostError
"""A packet's check: sent to the checker, or done here."""

AHEAD = 2
"""Packets sent to the checker ahead of the one being written."""

HERE = 2
"""Packets checked here that may wait to be written: enough for this process to keep checking
while the checker is slower (it is the busier of the two)."""


def _import_checked_aside(
    archive: HqArchive, paths: list[Path]
) -> Iterator[tuple[Path, ImportResult | OutpostError | None]]:
    """`import_packets` with the checks in a forked process; ends with `(path, None)` at the
    first packet whose check did not come back within CHECK_WAIT.

    Checking a packet takes about twice as long as writing it, so rather than wait for the
    checker this process checks the next unsent packet itself (up to HERE ahead): the two
    cores share the checks, and the packets are still written in order."""
    global _recipient
    recipient = _recipient = Recipient.of(archive)
    try:
        with multiprocessing.get_context("fork").Pool(1) as pool:
            waiting: deque[tuple[Path, Checking]] = deque()
            queue = iter(paths)
            for path in itertools.islice(queue, AHEAD):
                waiting.append((path, pool.apply_async(_check_file, (path,))))
            while waiting:
                path, checking = waiting[0]
                if isinstance(checking, AsyncResult) and not checking.ready():
                    if _check_one_here(waiting, queue, recipient):
                        continue
                    if not _answer(checking, CHECK_WAIT):
                        yield path, None
                        return  # leaving the block terminates the checker
                waiting.popleft()
                if sum(isinstance(c, AsyncResult) for _, c in waiting) < AHEAD:
                    following = next(queue, None)
                    if following is not None:
                        waiting.append((following, pool.apply_async(_check_file, (following,))))
                checked = _received(checking)
                if isinstance(checked, OutpostError):
                    yield path, _noted(archive, path, checked)
                    continue
                yield path, _commit_one(archive, checked)
    finally:
        _recipient = None


def _check_one_here(
    waiting: deque[tuple[Path, Checking]], queue: Iterator[Path], recipient: Recipient
) -> bool:
    """Check the next unsent packet here while the checker is busy, unless HERE checked here
    already wait (at most AHEAD + HERE checked packets in memory); whether it did."""
    if sum(not isinstance(c, AsyncResult) for _, c in waiting) >= HERE:
        return False
    following = next(queue, None)
    if following is None:
        return False
    waiting.append((following, _check_path(recipient, following)))
    return True


def _received(checking: Checking) -> CheckedPacket | OutpostError:
    """The outcome of a packet's check, from the checker (answered) or from here."""
    if not isinstance(checking, AsyncResult):
        return checking
    try:
        checked = checking.get()
    except Exception as exc:  # the result did not come back whole from the checker
        checked = crashed(exc)
    if isinstance(checked, PacketCrashed) and checked.__cause__ is None:
        checked.__cause__ = CheckFailed(checked.detail)  # lost crossing the process
    return checked


def _answer(checking: AsyncResult[CheckedPacket | OutpostError], wait: float) -> bool:
    """Whether the checker answered within `wait` seconds of this process's monotonic clock.

    Short sleeps rather than `checking.get(timeout=...)`: a lock's timeout is a deadline the
    kernel keeps (sem_clockwait), which libfaketime 0.9.10 does not translate, so under it that
    wait never ended and a hung or dead checker stopped the import for ever (docs/architecture.md,
    Testing). A sleep and the clock read here are both faked alike."""
    deadline = time.monotonic() + wait
    while not checking.ready():
        if time.monotonic() >= deadline:
            return False
        time.sleep(ANSWER_POLL)
    return True


def _import_one(archive: HqArchive, path: Path) -> ImportResult | OutpostError:
    """Read, check and commit one packet file in this process; any refusal returned."""
    checked = _check_path(Recipient.of(archive), path)
    if isinstance(checked, OutpostError):
        return _noted(archive, path, checked)
    return _commit_one(archive, checked)


def _noted(archive: HqArchive, path: Path, refusal: OutpostError) -> OutpostError:
    """A packet file its checks refused, noted in `refused_packets` when its signed header
    is genuine (read again: only a refusal pays for it)."""
    if keeps(refusal):
        try:
            raw = read_packet_file(path)
        except OutpostError:
            return refusal
        record_refused_bytes(archive, raw, refusal, printable(str(path)), "stick")
    return refusal


def _commit_one(archive: HqArchive, checked: CheckedPacket) -> ImportResult | OutpostError:
    """Commit one checked packet; a refusal returned (and noted), a failure of the disk
    raised."""
    try:
        with archive.writing():
            try:
                return commit_packet(archive, checked)
            except ENVIRONMENT:
                raise
            except Exception as exc:  # rolled back: the transaction is all or nothing
                refusal = exc if isinstance(exc, OutpostError) else crashed(exc)
                record_refusal(
                    archive, checked.header, checked.digest, refusal, checked.source, "stick"
                )
                return refusal
    except OutpostError as exc:
        return exc


def _check_file(path: Path) -> CheckedPacket | OutpostError:
    """In the checking process: read and check one packet file; a refusal is returned."""
    assert _recipient is not None, "forked from import_packets"
    return _check_path(_recipient, path)


def _check_path(recipient: Recipient, path: Path) -> CheckedPacket | OutpostError:
    """Read and check one packet file; a refusal is returned, a failure no check foresaw as
    PacketCrashed."""
    try:
        return check_packet(recipient, read_packet_file(path), str(path))
    except OutpostError as exc:
        return exc
    except Exception as exc:
        return crashed(exc)


def packet_files(paths: Iterable[Path]) -> list[Path]:
    """The files to import: files as given, and every name ending in `.opk` in folders and
    their subfolders (sorted by path; links to folders are not followed). A FIFO, a device, a
    link or a folder so named is listed too, so that reading it says what it is on its line."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            try:
                found.extend(sorted(named_in(path, SUFFIX, recursive=True)))
            except OSError as exc:
                raise InputRefused(
                    "hq.unreadable", path=str(path), reason=exc.strerror or "?"
                ) from None
        else:
            found.append(path)
    return found


def read_packet_file(path: Path) -> bytes:
    """A packet file's bytes, refusing one over the cap without reading it all, and anything
    but a regular file without waiting on it (a FIFO on a stick would hang the import)."""
    try:
        raw = read_regular(path, MAX_PACKET_BYTES)
    except OSError as exc:
        raise InputRefused("hq.unreadable", path=str(path), reason=exc.strerror or "?") from None
    return raw
