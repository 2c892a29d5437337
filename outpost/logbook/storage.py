"""`AtomicJSONStorage`: a TinyDB storage that never leaves a half-written file.

It keeps TinyDB's stock file layout (`{"_default": {"1": {...}}}`), so the month files open
with plain TinyDB too, but writes through `atomic_write`. It also remembers each document's
serialised bytes: the log is append-only, so saving one more entry serialises one entry, not the
month.
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
        self._fragments: dict[tuple[str, str], tuple[Any, bytes]] = {}

    def read(self) -> dict[str, dict[str, Any]] | None:
        if self._tables is None:
            try:
                raw = self.path.read_bytes()
            except FileNotFoundError:
                return None
            if not raw.strip():
                return None
            self._tables = json.loads(raw)
            self._fragments.clear()
        # Shallow copies: TinyDB rebinds tables it updates, and a failed write must not leave
        # an entry in memory that is not on disk.
        return {name: dict(table) for name, table in self._tables.items()}

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        fragments: dict[tuple[str, str], tuple[Any, bytes]] = {}
        parts = []
        for name, table in data.items():
            docs = []
            for doc_id, doc in table.items():
                key = (name, str(doc_id))
                cached = self._fragments.get(key)
                if cached is not None and cached[0] is doc:
                    blob = cached[1]
                else:
                    blob = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode()
                fragments[key] = (doc, blob)
                docs.append(json.dumps(str(doc_id)).encode() + b":" + blob)
            parts.append(json.dumps(name).encode() + b":{" + b",".join(docs) + b"}")
        payload = b"{" + b",".join(parts) + b"}"
        try:
            atomic_write(self.path, payload)
        except BaseException:
            self._tables = None
            self._fragments.clear()
            raise
        self._tables = {name: dict(table) for name, table in data.items()}
        self._fragments = fragments

    def close(self) -> None:
        self._tables = None
        self._fragments.clear()
