"""Delivery of the log to HQ as the station's faces use it: the sync state shown, export, copies
to a stick, HQ's acks.

`sync_state` reads no cryptography, so the home screen opens fast; the others load the sync
modules that seal and check when they are called.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from outpost.logbook import Logbook
from outpost.sync.outbox import OUTBOX, SUFFIX, packet_span
from outpost.sync.status import SyncBook, sync_status

if TYPE_CHECKING:
    from outpost.sync.station import ExportResult
    from outpost.sync.station_acks import AckFile


def sync_state(book: Logbook) -> dict[str, Any]:
    """`outpost.sync.status.sync_status(book)`, plus `unacked`, the packets waiting in the
    outbox (`outbox_packets`: those holding entries above what HQ acknowledged), the
    station's `timezone` (its times are shown in it, never in HQ's UTC) and `last_upload_at`
    (the last upload that reached HQ's inbox server)."""
    state = dict(sync_status(book))
    state["timezone"] = book.config.timezone
    state["last_upload_at"] = SyncBook.of(book).last_upload_at
    state["unacked"] = state.get("unacknowledged", 0)
    waiting = 0
    if state["unacked"]:
        through = state.get("acknowledged_through", 0)
        try:
            names = [p.name for p in (book.folder / OUTBOX).iterdir() if p.name.endswith(SUFFIX)]
        except OSError:
            names = []
        for name in names:
            span = packet_span(name)
            if span is None or span[1] > through:
                waiting += 1
    state["outbox_packets"] = waiting
    return state


def export(book: Logbook, copy_to: Path | None = None) -> ExportResult:
    """Seal the entries HQ is due into packets in the outbox (`outpost.sync.station.export`);
    with `copy_to`, copy the packets not yet acknowledged there too."""
    from outpost.sync.station import export as seal_due

    return seal_due(book, copy_to)


def copy_packets(book: Logbook, folder: Path) -> list[Path]:
    """Copy the outbox packets HQ has not fully acknowledged to `folder`, each copy checked."""
    from outpost.sync.station import copy_packets as copy_unacknowledged

    return copy_unacknowledged(book, folder)


ACKS_FOLDER = "acks"
"""The sub-folder of a stick HQ writes its acks to (`outpost hq import STICK --acks-out
STICK/acks`, as the README shows)."""


def ack_places(given: list[Path]) -> list[Path]:
    """The files and folders to read acks from: each one given, and of a folder its `acks/`
    sub-folder too (one level, a real folder: a link planted on the stick is not followed), so
    the officer may name the stick itself."""
    places = []
    for path in given:
        places.append(path)
        inner = path / ACKS_FOLDER
        if path.is_dir() and not inner.is_symlink() and inner.is_dir():
            places.append(inner)
    return places


def apply_acks(book: Logbook, given: list[Path]) -> list[AckFile]:
    """Apply HQ's acks from files and folders (and a folder's `acks/`, see `ack_places`); the
    outcome of each (one refusal stops none)."""
    from outpost.sync.station_acks import apply_ack_files

    return apply_ack_files(book, ack_places(given))
