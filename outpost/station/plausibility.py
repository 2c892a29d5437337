"""Plausibility warnings before a save: what an officer may have mistyped, said before the entry is
written, never a refusal (the officer confirms and it is saved as typed).

A patrol over 24 hours; a time more than 10 minutes ahead of the station's clock or more than 31
days back; an officer not on the roster; a likely duplicate (the same kind, household and figures
as a live entry within 30 minutes). `outpost add`, a batch file and the forms all ask here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from outpost.errors import InvalidEntry
from outpost.i18n import t
from outpost.logbook import Draft, Logbook
from outpost.model import KINDS, Entry, prepare, validate_data
from outpost.model.entry import FUTURE_SLACK
from outpost.model.times import shown
from outpost.station.roster import off_roster

LONGEST_PATROL = timedelta(hours=24)
AHEAD = timedelta(minutes=10)
"""How far ahead of the clock a time may be without a word (clocks drift by a few minutes)."""
BACK = timedelta(days=31)
DUPLICATE_WINDOW = timedelta(minutes=30)
FREE_TEXT = ("note", "findings", "follow_up")
"""Fields a second typing of the same delivery may word differently: not part of its figures."""
SCAN_LIMIT = 500
"""At most this many of the newest entries are compared for a duplicate (a save stays fast on
a log of years; a time so far back is warned about already)."""


@dataclass(frozen=True)
class PlausibilityWarning:
    """One thing that looks wrong: a stable `code`, its message key and the message's params."""

    code: str
    key: str
    params: dict[str, Any] = field(default_factory=dict)

    def message(self) -> str:
        """The warning in the current language."""
        return t(self.key, **self.params)


@dataclass
class _Candidate:
    kind: str
    data: dict[str, Any]
    occurred: datetime
    line: int | None = None


def check_draft(book: Logbook, draft: Draft) -> list[PlausibilityWarning]:
    """The warnings for saving `draft` now; none for a draft the save would refuse (the
    refusal says what is wrong) and none for a correction."""
    return _check(book, draft, [], None)[0]


def check_batch(
    book: Logbook, batch: Iterable[tuple[int, Draft]]
) -> list[tuple[int, PlausibilityWarning]]:
    """(line, warning) for every record of a batch, a record repeating an earlier line
    included."""
    found: list[tuple[int, PlausibilityWarning]] = []
    earlier: list[_Candidate] = []
    for line, draft in batch:
        warnings, candidate = _check(book, draft, earlier, line)
        found += [(line, warning) for warning in warnings]
        if candidate is not None:
            earlier.append(candidate)
    return found


def _check(
    book: Logbook, draft: Draft, earlier: list[_Candidate], line: int | None
) -> tuple[list[PlausibilityWarning], _Candidate | None]:
    kind = KINDS.get(draft.kind) if isinstance(draft.kind, str) else None
    if kind is None or kind.correction:
        return [], None
    now = book.clock()
    try:
        data, occurred_text = prepare(draft.kind, draft.data, draft.occurred_at, book.tz, now)
        validate_data(draft.kind, data, book.tz)
    except InvalidEntry:
        return [], None
    for name in kind.household_fields:
        if data.get(name) and book.state.household(data[name]) is None:
            return [], None  # refused by the save, which names the household
    occurred = datetime.fromisoformat(occurred_text)
    candidate = _Candidate(draft.kind, data, occurred, line)
    warnings = _times(book, kind.time_fields, data, occurred, now)
    if draft.kind == "patrol":
        warnings += _long_patrol(book, data)
    warnings += [
        PlausibilityWarning("off_roster", "plausibility.off_roster", {"name": name})
        for name in off_roster(book, draft.officers or [])
    ]
    warnings += _duplicate(book, candidate, earlier)
    return warnings, candidate


def _times(
    book: Logbook,
    time_fields: tuple[str, ...],
    data: dict[str, Any],
    occurred: datetime,
    now: datetime,
) -> list[PlausibilityWarning]:
    """A time too far ahead or too far back: each of the data's times, and `occurred_at` when it
    is none of them (a patrol's is its start, said once)."""
    moments = {name: datetime.fromisoformat(data[name]) for name in time_fields if name in data}
    if occurred not in moments.values():
        moments["occurred_at"] = occurred
    warnings = []
    for name, moment in moments.items():
        params = {"field": t(f"tui.field.{name}"), "at": shown(moment.isoformat(), book.tz)}
        if moment - now > AHEAD:
            warnings.append(PlausibilityWarning("future", "plausibility.future", params))
        elif now - moment > BACK:
            days = (now - moment).days
            warnings.append(
                PlausibilityWarning("long_ago", "plausibility.long_ago", {**params, "days": days})
            )
    return warnings


def _long_patrol(book: Logbook, data: dict[str, Any]) -> list[PlausibilityWarning]:
    started = datetime.fromisoformat(data["started_at"])
    ended = datetime.fromisoformat(data["ended_at"])
    if ended - started <= LONGEST_PATROL:
        return []
    hours = round((ended - started) / timedelta(hours=1), 1)
    return [PlausibilityWarning("long_patrol", "plausibility.long_patrol", {"hours": hours})]


def figures(data: dict[str, Any]) -> dict[str, Any]:
    """What makes two entries of a kind the same delivery: the data without its free text."""
    return {name: value for name, value in data.items() if name not in FREE_TEXT}


def _duplicate(
    book: Logbook, candidate: _Candidate, earlier: list[_Candidate]
) -> list[PlausibilityWarning]:
    """The first live entry (or earlier line of the batch) of the same kind, household and
    figures within DUPLICATE_WINDOW of the candidate."""
    same = figures(candidate.data)

    def near(moment: datetime) -> bool:
        return abs(moment - candidate.occurred) <= DUPLICATE_WINDOW

    for other in earlier:
        if other.kind == candidate.kind and near(other.occurred) and figures(other.data) == same:
            return [
                PlausibilityWarning(
                    "duplicate", "plausibility.duplicate_line", {"line": other.line}
                )
            ]
    # An entry's occurred_at is at most FUTURE_SLACK after it was recorded (the save refuses
    # more): entries recorded before `oldest` cannot be near, and neither their month files
    # nor any older are read.
    oldest = candidate.occurred - DUPLICATE_WINDOW - FUTURE_SLACK
    for entry in _recorded_since(book, oldest):
        if entry["kind"] != candidate.kind or book.state.is_voided(entry["id"]):
            continue
        close = near(datetime.fromisoformat(entry["occurred_at"]))
        if close and figures(book.state.current_data(entry)) == same:
            params = {"seq": entry["seq"], "at": shown(entry["occurred_at"], book.tz)}
            return [PlausibilityWarning("duplicate", "plausibility.duplicate", params)]
    return []


def _recorded_since(book: Logbook, oldest: datetime) -> Iterator[Entry]:
    """The entries recorded at or after `oldest`, newest first, at most SCAN_LIMIT of them."""
    since = oldest.astimezone(book.tz).strftime("%Y-%m")
    for scanned, entry in enumerate(book.newest_first(since)):
        if scanned >= SCAN_LIMIT or datetime.fromisoformat(entry["recorded_at"]) < oldest:
            return
        yield entry
