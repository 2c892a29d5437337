"""The station's log for a command or the screens: opened (and locked), listed, corrected."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from outpost.errors import NotInitialised
from outpost.logbook import Logbook, LogFilter, matching
from outpost.model import Entry, kind_of
from outpost.model.months import check_month


@contextmanager
def open_logbook(
    folder: Path, *, read_only: bool = False, passphrase: bytes | None = None
) -> Iterator[Logbook]:
    """The station's Logbook in `folder`, closed (and its lock released) at the end;
    `read_only` for a look (`Logbook.open`), which works on a folder it may not write;
    `passphrase` unlocks a sealed station."""
    book = Logbook.open(folder, read_only=read_only, passphrase=passphrase)
    try:
        yield book
    finally:
        book.close()


def open_station(
    folder: Path, clock: Callable[[], datetime] | None = None, *, passphrase: bytes | None = None
) -> Logbook | None:
    """The station's Logbook in `folder`, opened and locked (a sealed one unlocked with
    `passphrase`); None when no station is set up there yet (the screens then ask for one).
    Other refusals (DataDirLocked, a locked or wrong passphrase...) propagate."""
    try:
        return Logbook.open(folder, clock=clock, passphrase=passphrase)
    except NotInitialised:
        return None


def log_filter(
    kind: str | None = None, month: str | None = None, household: str | None = None
) -> LogFilter:
    """What `outpost log` asks for, checked before the log is opened."""
    if month is not None:
        check_month(month)
    if kind:
        kind_of(kind)
    return LogFilter(kind=kind, month=month, household=household)


def log_entries(book: Logbook, wanted: LogFilter, limit: int | None = None) -> list[Entry]:
    """The entries that match, oldest first; with `limit`, only the last `limit` of them."""
    found = list(matching(book, wanted))
    found.sort(key=lambda e: e["seq"])
    if limit:
        found = found[-limit:]
    return found


CORRECTIONS = ("amendment", "void")


def correction_refused(book: Logbook, entry: Entry | None) -> str | None:
    """Why `entry` cannot be amended or voided (a message key), or None when it can: a
    correction is not corrected itself, a voided entry stays as it is."""
    if entry is None or entry["kind"] in CORRECTIONS:
        return "tui.detail.not_correctable"
    if book.state.is_voided(entry["id"]):
        return "tui.detail.already_voided"
    return None


def corrections_of(book: Logbook, entry: Entry) -> list[Entry]:
    """The amendments and voids of `entry`, oldest first (none read when it was never
    corrected)."""
    state = book.state
    if entry["id"] not in state.amended and not state.is_voided(entry["id"]):
        return []
    return [
        e
        for e in book.entries(first=entry["seq"] + 1)
        if e["kind"] in CORRECTIONS and e["data"].get("target") == entry["id"]
    ]
