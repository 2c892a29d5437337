"""The chain check behind `outpost check`: every page read, every entry and link verified."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import tzinfo

from outpost.errors import InputRefused, InvalidEntry
from outpost.i18n import t
from outpost.logbook.pages import LOG_DIR, MonthPages
from outpost.model import GENESIS, Entry, LogState, fold, validate_entry
from outpost.model.state import chain_hash


@dataclass
class CheckReport:
    """What `outpost check` found: the chain's length, the files read, whether state was stale."""

    entries: int
    files: int
    repaired: bool


@dataclass
class CheckedLog:
    """The log as the check read it: the state rebuilt from it, its entries and page files."""

    state: LogState
    entries: int
    files: int


def check_chain(pages: MonthPages, station_id: str, tz: tzinfo) -> CheckedLog:
    """Verify the whole chain on disk (seq without gaps, this station's, each `prev` the hash
    of the entry before, each entry valid) and fold it into a fresh state.

    Raises InputRefused naming the first damaged entry and its file; when the chain holds but
    entries carry values outside today's bounds (outpost.model.bounds: a year-1 time, a NaN,
    let in by an older version), InputRefused naming each of them, a line each.
    """
    prev = GENESIS
    expected = 1
    month_of: dict[str, str] = {}
    page_of: dict[str, str] = {}
    entries: list[Entry] = []
    files = [(month, page) for month in pages.months() for page in pages.pages(month)]
    for month, page in files:
        table = pages.table(page)
        for key in sorted(table, key=int):
            entry = table[key]
            month_of[entry["id"]] = month
            page_of[entry["id"]] = page.name
            entries.append(entry)
    entries.sort(key=lambda e: e.get("seq", 0) if isinstance(e, dict) else 0)
    out_of_bounds: list[str] = []
    for entry in entries:
        where = f"{LOG_DIR}/{page_of[entry['id']]}"
        if entry.get("seq") != expected:
            raise InputRefused(
                "check.broken",
                seq=expected,
                file=where,
                reason=t("check.reason_gap", expected=expected),
            )
        if entry.get("station") != station_id:
            raise InputRefused(
                "check.broken",
                seq=expected,
                file=where,
                reason=t("check.reason_station", other=entry.get("station")),
            )
        if entry.get("prev") != prev:
            raise InputRefused(
                "check.broken", seq=expected, file=where, reason=t("check.reason_prev")
            )
        try:
            validate_entry(entry, tz)
        except InvalidEntry as exc:
            if not exc.key.startswith("bounds."):
                raise InputRefused(
                    "check.broken", seq=expected, file=where, reason=exc.message()
                ) from None
            out_of_bounds.append(
                t("check.out_of_bounds_line", seq=expected, file=where, reason=exc.message())
            )
        prev = chain_hash(entry)
        expected += 1
    if out_of_bounds:
        raise InputRefused(
            "check.out_of_bounds", count=len(out_of_bounds), lines="\n".join(out_of_bounds)
        )
    rebuilt = fold(entries, lambda e: month_of[e["id"]], tz)
    return CheckedLog(state=rebuilt, entries=len(entries), files=len(files))
