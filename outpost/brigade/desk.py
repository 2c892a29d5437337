"""The inbox server's one hand on the archive: a single thread that owns it, so SQLite's connection
stays in the thread that made it and the server's writes come one at a time."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from outpost.hq import HqArchive, ImportResult
from outpost.hq.acks import make_ack
from outpost.hq.importer import import_packet
from outpost.hq.inbox_events import InboxEvent, record_events
from outpost.model import format_time
from outpost.sync.identity import unb64

T = TypeVar("T")

PENDING = 1000
"""Events waiting for the desk at most; past it, alike refusals are counted into one row."""


class ArchiveDesk:
    """The archive, opened in the desk's own thread by `opener` and used only there."""

    def __init__(self, opener: Callable[[], HqArchive]) -> None:
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="outpost-archive")
        try:
            self.archive = self._thread.submit(opener).result()
        except BaseException:
            self._thread.shutdown()
            raise
        self.hq_id = self.archive.id
        self._events: dict[tuple[str, str, int] | int, InboxEvent] = {}
        self._events_lock = threading.Lock()
        self._writing_events = False
        self._seen = 0

    def call(self, work: Callable[[], T]) -> T:
        """Run `work` at the desk and wait for it (before the server starts)."""
        return self._thread.submit(work).result()

    async def run(self, work: Callable[[], T]) -> T:
        """Run `work` at the desk; the caller's event loop goes on serving meanwhile."""
        return await asyncio.get_running_loop().run_in_executor(self._thread, work)

    def keys(self) -> dict[str, Ed25519PublicKey]:
        """Every enrolled station's signing key (called at the desk)."""
        rows = self.archive.db.execute("SELECT id, signing_key FROM stations").fetchall()
        return {str(sid): Ed25519PublicKey.from_public_bytes(unb64(key)) for sid, key in rows}

    def holds(self, station: str, digest: str) -> bool:
        """Whether the archive holds this packet of this station (called at the desk)."""
        row = self.archive.db.execute(
            "SELECT 1 FROM packets WHERE digest = ? AND station = ?", (digest, station)
        ).fetchone()
        return row is not None

    def latest_log(self, station: str) -> str | None:
        logs = self.archive.logs(station)
        return logs[-1] if logs else None

    def import_packet(self, raw: bytes, source: str) -> ImportResult:
        """`outpost.hq.importer.import_packet`, the stick road's own (called at the desk)."""
        return import_packet(self.archive, raw, source, via="net")

    def ack(self, station: str, log_id: str | None = None) -> bytes:
        """A new signed ack of the station's log (called at the desk)."""
        raw, _name = make_ack(self.archive, station, log_id)
        return raw

    def note(self, event: InboxEvent) -> None:
        """Keep what the server did for `inbox_events` (any thread, cheap): a refusal alike
        to one still waiting (same station, code, status, no packet) adds to its count, so a
        flood of bad signatures costs a dictionary lookup each. The desk writes them when free,
        all waiting in one transaction."""
        with self._events_lock:
            self._seen += 1
            if event.code != "ok" and (event.digest is None or len(self._events) >= PENDING):
                key: tuple[str, str, int] | int = (event.station, event.code, event.status)
                if len(self._events) >= PENDING and key not in self._events:
                    key = ("?", "dropped", 0)
                    event = InboxEvent("?", 0, "dropped")
                held = self._events.get(key)
                if held is not None:
                    held.count += 1
                else:
                    self._events[key] = event
            else:
                self._events[self._seen] = event
            if self._writing_events:
                return
            self._writing_events = True
        with contextlib.suppress(RuntimeError):  # the desk is closed: the server has stopped
            self._thread.submit(self._write_events)

    def _write_events(self) -> None:
        """At the desk: write the waiting events until none wait."""
        while True:
            with self._events_lock:
                batch = list(self._events.values())
                self._events.clear()
                if not batch:
                    self._writing_events = False
                    return
            with contextlib.suppress(Exception):  # a courtesy: the uploads go on without it
                record_events(self.archive.db, format_time(self.archive.clock()), batch)

    def close(self) -> None:
        """Close the archive in its thread and end the thread (an import under way finishes)."""
        self._thread.submit(self.archive.close).result()
        self._thread.shutdown(wait=True)
