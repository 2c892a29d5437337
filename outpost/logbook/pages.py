"""The log's month page files: `log/2026-11.json`, then `log/2026-11.2.json` … — the truth.

Each page is a TinyDB file (doc_id = seq) written through `AtomicJSONStorage`. A month goes on
in a new page after `PAGE_ENTRIES` entries, so that a save rewrites at most one page however
busy the month. The month's newest page stays open while saves go to it: its storage keeps the
file's bytes, and a save splices its entries in without reading or serialising the rest.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from pathlib import Path

from tinydb import TinyDB

from outpost.errors import InputRefused
from outpost.logbook.storage import AtomicJSONStorage
from outpost.model import Entry
from outpost.store.files import failure_reason, read_json

LOG_DIR = "log"
PAGE_ENTRIES = 250
"""Entries per month file before the month goes on in the next page (about 100 kB)."""
PAGE_NAME = re.compile(r"^\d{4}-\d{2}(\.([2-9]|[1-9]\d+))?\.json$")


class MonthPages:
    """The page files in a station's `log/` folder; the newest page saved to is kept open."""

    def __init__(self, station_folder: Path) -> None:
        self.folder = station_folder / LOG_DIR
        self._month: str | None = None
        self._db: TinyDB | None = None

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    # -- writing ---------------------------------------------------------------------------

    def append(self, month: str, entries: list[Entry]) -> None:
        """Add entries to the month's newest page, or to a new page when it is full."""
        storage = _storage(self._month_db(month))
        held = len((storage.read() or {}).get("_default", {}))
        if held and held + len(entries) > PAGE_ENTRIES:
            assert self._db is not None
            self._db.close()
            page = self.page_path(month, page_number(storage.path) + 1)
            self._db = TinyDB(page, storage=AtomicJSONStorage)
            storage = _storage(self._db)
        storage.append("_default", {entry["seq"]: entry for entry in entries})

    def _month_db(self, month: str) -> TinyDB:
        """The month's newest page, kept open while saves go to it."""
        if self._month != month or self._db is None:
            if self._db is not None:
                self._db.close()
            pages = self.pages(month)
            newest = pages[-1] if pages else self.page_path(month, 1)
            self._db = TinyDB(newest, storage=AtomicJSONStorage)
            self._month = month
        return self._db

    # -- listing ---------------------------------------------------------------------------

    def page_path(self, month: str, number: int) -> Path:
        name = f"{month}.json" if number == 1 else f"{month}.{number}.json"
        return self.folder / name

    def pages(self, month: str) -> list[Path]:
        """The month's files, first page first."""
        found = [self.folder / n for n in self._names() if n.startswith(month)]
        return sorted(found, key=page_number)

    def months(self) -> list[str]:
        """The months that have at least one page on disk."""
        return sorted({name[:7] for name in self._names()})

    def _names(self) -> list[str]:
        """The names of the page files in log/ (one listing: five years are 360 files)."""
        try:
            names = os.listdir(self.folder)
        except FileNotFoundError:
            return []
        return [n for n in names if PAGE_NAME.match(n)]

    # -- reading ---------------------------------------------------------------------------

    def table(self, path: Path) -> dict[str, Entry]:
        """One page's documents (the open page from its storage, which keeps them)."""
        try:
            if self._db is not None and _storage(self._db).path == path:
                raw = self._db.storage.read() or {}
            else:
                raw = read_json(path)
            table: dict[str, Entry] = raw.get("_default", {})
        except (OSError, ValueError, AttributeError) as exc:
            raise InputRefused(
                "store.unreadable", path=str(path), reason=failure_reason(exc)
            ) from None
        return table

    def month_entries(self, month: str) -> list[Entry]:
        """The entries stored in one month's files, in seq order (as stored)."""
        found = []
        for path in self.pages(month):
            table = self.table(path)
            found += [table[k] for k in sorted(table, key=int)]
        return found

    def open_newest(self, month: str) -> list[Entry]:
        """The entries of the month's newest page, opened for the saves to come: its storage
        keeps the file, so the next save to it reads the file no more."""
        self._month_db(month)
        pages = self.pages(month)
        table = self.table(pages[-1]) if pages else {}
        return [table[k] for k in sorted(table, key=int)]

    def newest_first(self, months: Mapping[str, list[int]]) -> Iterator[Entry]:
        """Every entry of `months` (month → its first and last seq), newest first, one page
        file at a time (for browsing years of log; a reader that stops early reads no more)."""
        for month in sorted(months, key=lambda m: months[m][1], reverse=True):
            for path in reversed(self.pages(month)):
                table = self.table(path)
                yield from (table[k] for k in sorted(table, key=int, reverse=True))

    def find(self, entry_id: str, months: Mapping[str, list[int]]) -> Entry | None:
        """The entry with this id, searching the newest months first (corrections are recent)."""
        for entry in self.newest_first(months):
            if entry["id"] == entry_id:
                return entry
        return None


def page_number(path: Path) -> int:
    """1 for `2026-11.json`, n for `2026-11.n.json`."""
    middle = path.name[8:-5]
    return int(middle) if middle else 1


def _storage(db: TinyDB) -> AtomicJSONStorage:
    storage = db.storage
    assert isinstance(storage, AtomicJSONStorage)  # every month file is opened with it
    return storage
