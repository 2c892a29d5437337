"""Opening after a crash: the derived state brought up to the log, or rebuilt from it.

A save writes the month page first, then (when it holds a correction) `corrections.json`, then
`state.json`. A crash in between leaves the state one step behind the log; opening notices and
folds the missing entries in. Anything stranger (several new months, state files that disagree
or do not read) rebuilds the state from every page. The log behind the state (a month file
gone, the newest page ending before the chain head) is no crash leftover: a page was put back
from an older copy or lost, and opening is refused (outpost.logbook.rollback).
"""

from __future__ import annotations

import contextlib
from datetime import tzinfo

from outpost.errors import StorageFailed
from outpost.logbook.pages import LOG_DIR, MonthPages
from outpost.logbook.rollback import refuse_short_head, refuse_vanished
from outpost.logbook.state_files import StateFiles
from outpost.model import LogState, fold


def load_state(files: StateFiles, pages: MonthPages, tz: tzinfo, *, write: bool = True) -> LogState:
    """The state from state.json and corrections.json, brought up to the log; `write` saves it
    back when it had to be repaired (a failed save leaves that to the next)."""
    try:
        files.corrections_dirty = False
        state, repaired = _catch_up(files.read(), pages, tz)
    except (OSError, ValueError, KeyError, TypeError):
        state, repaired = rebuild(pages, tz), True
    if repaired:
        files.corrections_dirty = True
        if write:
            # On a full disk the station still opens: the state in memory is right, and
            # reading the log must not depend on saving a cache of it.
            with contextlib.suppress(StorageFailed):
                files.save(state)
    return state


def _catch_up(state: LogState, pages: MonthPages, tz: tzinfo) -> tuple[LogState, bool]:
    """Fold into `state` entries the log has but it lacks (a crash between the two writes).

    Only the newest page of the newest month can hold them; anything stranger rebuilds the
    state from the whole log. Returns the state and whether it changed.
    """
    on_disk = pages.months()
    unknown = [m for m in on_disk if m not in state.months]
    refuse_vanished(state.months, on_disk, LOG_DIR)
    if len(unknown) > 1:
        return rebuild(pages, tz), True
    if unknown:
        newest = unknown[0]
    elif state.months:
        newest = max(state.months, key=lambda m: state.months[m][1])
    else:
        return state, False
    stored = pages.open_newest(newest)
    top = stored[-1]["seq"] if stored else 0
    if not unknown:
        refuse_short_head(f"{LOG_DIR}/{pages.pages(newest)[-1].name}", top, state.last_seq)
    if top == state.last_seq and not unknown:
        return state, False
    tail = [e for e in stored if e["seq"] > state.last_seq]
    if top < state.last_seq or not tail or tail[0]["seq"] != state.last_seq + 1:
        return rebuild(pages, tz), True
    by_id = {e["id"]: e for e in tail}
    for entry in tail:
        state.admit(
            entry, newest, lambda i: by_id.get(i) or pages.find(i, state.months), tz, trusted=True
        )
    return state, True


def rebuild(pages: MonthPages, tz: tzinfo) -> LogState:
    """The state as the log on disk says, reading every month file."""
    months = {}
    entries = []
    for month in pages.months():
        for entry in pages.month_entries(month):
            months[entry["id"]] = month
            entries.append(entry)
    entries.sort(key=lambda e: e["seq"])
    return fold(entries, lambda e: months[e["id"]], tz)
