"""`AtomicJSONStorage`: a TinyDB storage that never leaves a half-written file.

It keeps TinyDB's stock file layout (`{"_default": {"1": {...}}}`), so the month files open
with plain TinyDB too, but writes through `atomic_write`. It also keeps the bytes of the file as
last read or written: the log is append-only, so `append` (one more entry) serialises that entry
only and splices it in before the closing braces, instead of serialising the whole month.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from outpost.store.files import atomic_write, read_bytes


class AtomicJSONStorage(Storage):
    """Crash-safe JSON storage for one TinyDB file."""

    def __init__(self, path: str | Path, **_: Any) -> None:
        self.path = Path(path)
        self._tables: dict[str, dict[str, Any]] | None = None
        self._raw: bytes | None = None
        """The file's bytes as last read or written (None: not known)."""

    def read(self) -> dict[str, dict[str, Any]] | None:
        if self._tables is None:
            try:
                raw = read_bytes(self.path)
            except FileNotFoundError:
                return None
            if not raw.strip():
                return None
            self._tables = json.loads(raw)
            self._raw = raw
        # Shallow copies: TinyDB rebinds tables it updates, and a failed write must not leave
        # an entry in memory that is not on disk.
        return {name: dict(table) for name, table in self._tables.items()}

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        """TinyDB's write: the whole file serialised afresh."""
        self._commit(data, _dump(data))

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
        head = self._raw.rstrip() if self._raw is not None else b""
        # The file ends with the closing braces of this table and of the whole document when
        # this is its only table (a month file): splice the new documents in before them.
        splice = list(tables) == [name] and head.endswith(b"}}")
        fragments = []
        for doc_id, doc in docs.items():
            table[str(doc_id)] = doc
            body = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
            fragments.append(f"{json.dumps(str(doc_id))}:{body}".encode())
        if splice:
            comma = b"," if len(table) > len(docs) else b""
            payload = head[:-2] + comma + b",".join(fragments) + b"}}"
        else:
            payload = _dump(tables)
        self._commit(tables, payload)

    def _commit(self, data: dict[str, dict[str, Any]], payload: bytes) -> None:
        try:
            atomic_write(self.path, payload)
        except BaseException:
            self._tables = None
            self._raw = None
            raise
        self._tables = {name: dict(table) for name, table in data.items()}
        self._raw = payload

    def close(self) -> None:
        self._tables = None
        self._raw = None


def _dump(data: dict[str, dict[str, Any]]) -> bytes:
    """The whole file: compact, Chinese kept readable."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
