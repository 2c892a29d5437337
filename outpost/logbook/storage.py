"""`AtomicJSONStorage`: a TinyDB storage that never leaves a half-written file.

It keeps TinyDB's stock file layout (`{"_default": {"1": {...}}}`), so the month files open
with plain TinyDB too, but writes through `atomic_write`. It also remembers each document's
serialised bytes: the log is append-only, so `append` (one more entry) serialises that entry
only, not the month.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from outpost.logbook.files import atomic_write


class AtomicJSONStorage(Storage):
    """Crash-safe JSON storage for one TinyDB file."""

    def __init__(self, path: str | Path, **_: Any) -> None:
        self.path = Path(path)
        self._tables: dict[str, dict[str, Any]] | None = None
        self._blobs: dict[str, dict[str, bytes]] = {}
        """table -> doc_id -> `"id":{...}` exactly as written last (what the file holds)."""

    def read(self) -> dict[str, dict[str, Any]] | None:
        if self._tables is None:
            try:
                raw = self.path.read_bytes()
            except FileNotFoundError:
                return None
            if not raw.strip():
                return None
            self._tables = json.loads(raw)
            self._blobs = {}
        # Shallow copies: TinyDB rebinds tables it updates, and a failed write must not leave
        # an entry in memory that is not on disk.
        return {name: dict(table) for name, table in self._tables.items()}

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        """TinyDB's write: every document serialised afresh (an update changes them in place)."""
        blobs = {
            name: {str(doc_id): _fragment(str(doc_id), doc) for doc_id, doc in table.items()}
            for name, table in data.items()
        }
        self._commit(data, blobs)

    def append(self, name: str, docs: dict[int, Any]) -> None:
        """Add documents to table `name`, serialising only them: the month file of an
        append-only log grows by one entry a save, so the cost of a save must not grow with it.

        ValueError (nothing written) when a document id is already taken, as TinyDB would.
        """
        if self._tables is None:
            self.read()
        tables = {table: dict(rows) for table, rows in (self._tables or {}).items()}
        table = tables.setdefault(name, {})
        for doc_id in docs:
            if str(doc_id) in table:
                raise ValueError(f"Document with ID {doc_id} already exists")
        blobs = {
            other: self._blobs.get(other) or {k: _fragment(k, d) for k, d in rows.items()}
            for other, rows in tables.items()
        }
        blobs[name] = dict(blobs[name])
        for doc_id, doc in docs.items():
            table[str(doc_id)] = doc
            blobs[name][str(doc_id)] = _fragment(str(doc_id), doc)
        self._commit(tables, blobs)

    def _commit(self, data: dict[str, dict[str, Any]], blobs: dict[str, dict[str, bytes]]) -> None:
        parts = [
            json.dumps(name).encode() + b":{" + b",".join(blobs[name].values()) + b"}"
            for name in data
        ]
        try:
            atomic_write(self.path, b"{" + b",".join(parts) + b"}")
        except BaseException:
            self._tables = None
            self._blobs = {}
            raise
        self._tables = {name: dict(table) for name, table in data.items()}
        self._blobs = blobs

    def close(self) -> None:
        self._tables = None
        self._blobs = {}


def _fragment(doc_id: str, doc: Any) -> bytes:
    """`"doc_id":{...}` as it stands in the file: compact, Chinese kept readable."""
    body = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
    return f"{json.dumps(doc_id)}:{body}".encode()
