"""The inbox server's one hand on the archive: a single thread that owns it, so SQLite's connection
stays in the thread that made it and the server's writes come one at a time."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from outpost.hq import HqArchive, ImportResult
from outpost.hq.acks import make_ack
from outpost.hq.importer import import_packet
from outpost.sync.identity import unb64

T = TypeVar("T")


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
        return import_packet(self.archive, raw, source)

    def ack(self, station: str, log_id: str | None = None) -> bytes:
        """A new signed ack of the station's log (called at the desk)."""
        raw, _name = make_ack(self.archive, station, log_id)
        return raw

    def close(self) -> None:
        """Close the archive in its thread and end the thread (an import under way finishes)."""
        self._thread.submit(self.archive.close).result()
        self._thread.shutdown(wait=True)
