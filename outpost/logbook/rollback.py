"""Log pages put back from an older copy: a page holding less than the derived state records.

A page is append-only, so an older copy of it (a bad backup restore, or someone who put back an
older validly sealed file) holds a prefix of what it holds now. The derived state records each
month's first and last seq and the chain's head, and a save writes the page before the state:
a crash can leave the state *behind* the log (caught up at open), never ahead of it. So a page
holding less than the state records was rolled back, or lost; it is refused, never read as if
the missing entries had never been. What this catches and what it cannot is in
docs/threat-model.md (the station's files at rest).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

from outpost.errors import InputRefused
from outpost.logbook.pages import MonthPages
from outpost.logbook.state_files import StateFiles
from outpost.model import Entry


def month_entries(pages: MonthPages, months: Mapping[str, list[int]], month: str) -> list[Entry]:
    """A month's entries as its pages hold them, in seq order; InputRefused when they lack one
    the state (`months`) records there."""
    found = pages.month_entries(month)
    refuse_missing(months, month, found)
    return found


def newest_first(pages: MonthPages, months: Mapping[str, list[int]]) -> Iterator[Entry]:
    """Every entry of `months`, newest first, a month at a time, each month checked whole
    before any of it is shown (a reader that stops early reads no older month)."""
    for month in sorted(months, key=lambda m: months[m][1], reverse=True):
        yield from reversed(month_entries(pages, months, month))


def hold_settings(files: StateFiles, path: Path, generation: int) -> None:
    """Refuse a station.json (`path`, write no. `generation`) older than the one state.json
    saw at the last save; else record it for the saves to come."""
    if generation < files.settings_at:
        raise InputRefused(
            "rollback.settings", file=str(path), found=generation, expected=files.settings_at
        )
    files.settings_at = generation


def refuse_vanished(months: Mapping[str, list[int]], on_disk: list[str], log_dir: str) -> None:
    """Refuse (InputRefused) when a month the state records has no page left on disk."""
    for month in sorted(months):
        if month not in on_disk:
            first, last = months[month]
            raise InputRefused(
                "rollback.month_missing", file=f"{log_dir}/{month}.json", first=first, last=last
            )


def refuse_short_head(page: str, top: int, last_seq: int) -> None:
    """Refuse when the newest page ends before the chain head the state records."""
    if top < last_seq:
        raise InputRefused("rollback.page_behind", file=page, found=top, expected=last_seq)


def refuse_missing(months: Mapping[str, list[int]], month: str, found: list[Entry]) -> None:
    """Refuse when `found` (a month's entries as its pages hold them) lacks a seq the state
    records in that month. A seq between the month's first and last that another month holds
    is not missing: a laptop clock set back records into an older month's pages."""
    if month not in months:
        return  # a month the state does not know yet: a crash leftover, caught up at open
    first, last = months[month]
    if len(found) == last - first + 1 and found[0]["seq"] == first and found[-1]["seq"] == last:
        return  # the usual case, checked without building a set
    held = {entry["seq"] for entry in found}
    missing = [
        seq
        for seq in range(first, last + 1)
        if seq not in held and not _elsewhere(seq, months, month)
    ]
    if missing:
        raise InputRefused("rollback.month_short", month=month, first=missing[0], last=missing[-1])


def _elsewhere(seq: int, months: Mapping[str, list[int]], month: str) -> bool:
    return any(lo <= seq <= hi for other, (lo, hi) in months.items() if other != month)
