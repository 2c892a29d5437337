"""Finding entries in a station log: by kind, month, household and text, as they read now."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from outpost.logbook.logbook import Logbook
from outpost.model import HOUSEHOLD_FIELDS, Entry, month_of


@dataclass(frozen=True)
class LogFilter:
    """What to show; None means any. `month` is of `occurred_at` (as amendments moved it), in
    the station's zone."""

    kind: str | None = None
    month: str | None = None
    household: str | None = None
    text: str | None = None

    def accepts(self, book: Logbook, entry: Entry) -> bool:
        if self.kind and entry["kind"] != self.kind:
            return False
        if self.month and month_of(book.state.current_time(entry), book.tz) != self.month:
            return False
        data = book.state.current_data(entry)
        if self.household and not any(data.get(f) == self.household for f in HOUSEHOLD_FIELDS):
            return False
        if self.text:
            needle = self.text.casefold()
            haystack = " ".join(str(v) for v in _values(data)) + " " + " ".join(entry["officers"])
            if needle not in haystack.casefold() and not entry["id"].startswith(self.text):
                return False
        return True


def _values(data: object) -> Iterator[object]:
    if isinstance(data, dict):
        for value in data.values():
            yield from _values(value)
    elif isinstance(data, list):
        for value in data:
            yield from _values(value)
    else:
        yield data


def matching(book: Logbook, where: LogFilter) -> Iterator[Entry]:
    """Entries that pass the filter, newest first, reading one month file at a time."""
    for entry in book.newest_first():
        if where.accepts(book, entry):
            yield entry
