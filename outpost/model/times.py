"""Times as the log keeps them: ISO 8601 with the UTC offset, to the second."""

from __future__ import annotations

import calendar
import os
import re
import time
import unicodedata
from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from outpost.errors import InvalidEntry
from outpost.model.bounds import MAX_YEAR, MIN_YEAR, time_in_bounds

DEFAULT_ZONE = "Asia/Shanghai"

NOW_VARIABLE = "OUTPOST_NOW"
"""For tests and demos: an ISO time with its offset at which this process's clock starts; it runs
on in real time from there. The one place any part of outpost reads the machine's clock."""


def zone(name: str) -> tzinfo:
    """The time zone called `name`; ValueError when there is none."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(name) from exc


@cache
def _clock_shift() -> timedelta:
    """How far `OUTPOST_NOW` moves this process's clock (read once, at the first reading)."""
    given = os.environ.get(NOW_VARIABLE, "").strip()
    if not given:
        return timedelta(0)
    try:
        start = datetime.fromisoformat(given)
    except ValueError:
        start = None
    if start is None or start.tzinfo is None:
        raise SystemExit(f"outpost: {NOW_VARIABLE}={given!r} is not an ISO time with an offset")
    return start - datetime.fromtimestamp(time.time(), UTC)


def now(tz: tzinfo | None = None) -> datetime:
    """The laptop clock in zone `tz` (None: the machine's own zone), to the second.

    `OUTPOST_NOW` (tests and demos) moves it; nothing else in outpost reads the machine's clock.
    """
    shift = _clock_shift()  # first: its own reading must not come after this one
    moment = datetime.fromtimestamp(time.time(), UTC) + shift
    return moment.astimezone(tz).replace(microsecond=0)


read_clock = now
"""`now` under a name a function taking a `now` argument can still call."""


def format_time(moment: datetime) -> str:
    """`2026-11-26T09:30:00+08:00`; in UTC when the offset has seconds (a zone's local mean
    time before about 1930, such as Shanghai's +08:05:43), which RFC 3339 cannot write."""
    offset = moment.utcoffset()
    if offset is not None and offset.seconds % 60:
        moment = moment.astimezone(UTC)
    return moment.isoformat(timespec="seconds")


class TimeOutOfBounds(ValueError):
    """A time outside MIN_YEAR..MAX_YEAR in the station's zone (outpost.model.bounds)."""


SHORT_TIME = re.compile(
    r"(?:(?:(?P<year>\d{4})-)?(?P<month>\d{1,2})-(?P<day>\d{1,2})[ T]+)?"
    r"(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?"
)
"""A time as people write it, without an offset: `2026-12-02 06:00`, `12-02 6:00` (this year),
`06:00` (today); hours and months may have one digit."""


def typed(text: str) -> str:
    """`text` with the full-width digits, colon and hyphen of a Chinese input method (`０６：００`)
    read as ASCII, and the spaces around it dropped."""
    return unicodedata.normalize("NFKC", text).strip()


def parse_time(text: str, tz: tzinfo, now: datetime | None = None) -> datetime:
    """Read a time as people write it; one without an offset is taken in the station's zone.

    Accepts ISO 8601 (`2026-11-26T09:30`, `2026-11-26 09:30:00`, `2026-11-26T01:30Z`,
    `...+08:00`, a bare date: midnight) and the short forms of SHORT_TIME: `12-02 06:00` in the
    year of `now` and `06:00` on the day of `now`, both in `tz` (`now`: the clock, `now()`).
    Raises TimeOutOfBounds for a time outside MIN_YEAR..MAX_YEAR in `tz`, ValueError on
    anything else.
    """
    if not isinstance(text, str) or not text.strip():
        raise ValueError(text)
    clean = typed(text)
    short = SHORT_TIME.fullmatch(clean)
    if short is None:
        moment = datetime.fromisoformat(clean)
    else:
        # The clock is read only for a time that needs it: a full one parses alike at any hour.
        parts = {k: int(v) for k, v in short.groupdict().items() if v is not None}
        today = (now if now is not None else read_clock(tz)).astimezone(tz).date()
        moment = datetime(
            parts.get("year", today.year),
            parts.get("month", today.month),
            parts.get("day", today.day),
            parts["hour"],
            parts["minute"],
            parts.get("second", 0),
        )
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tz)
    if not time_in_bounds(moment, tz):
        raise TimeOutOfBounds(text)
    return moment.replace(microsecond=0)


SHORT_DATE = re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2}))?")
"""A day as people write one: `2027-06-30`, or `2027-06` for the month's last day (an expiry)."""


def parse_date(text: str) -> date:
    """Read a day: `2027-06-30`, `2027-6-3`, or `2027-06` (the last day of that month).
    ValueError on anything else, a day no calendar has included."""
    if not isinstance(text, str):
        raise ValueError(text)
    found = SHORT_DATE.fullmatch(typed(text))
    if found is None:
        raise ValueError(text)
    year, month = int(found["year"]), int(found["month"])
    if not 1 <= month <= 12:
        raise ValueError(text)
    day = int(found["day"]) if found["day"] else calendar.monthrange(year, month)[1]
    return date(year, month, day)


def time_refusal(field: str, value: str, exc: ValueError) -> InvalidEntry:
    """The refusal of a time `parse_time` did not take: out of bounds, or not a time."""
    if isinstance(exc, TimeOutOfBounds):
        return InvalidEntry(
            "bounds.time_range", field=field, value=value, first=MIN_YEAR, last=MAX_YEAR
        )
    return InvalidEntry("entry.bad_time", field=field, value=value)


def normalise_time(text: str, tz: tzinfo, now: datetime | None = None) -> str:
    """`parse_time` then `format_time`, keeping the offset the officer gave."""
    return format_time(parse_time(text, tz, now))


def date_refusal(field: str, value: str) -> InvalidEntry:
    """The refusal of a day `parse_date` did not take, with the forms it does."""
    return InvalidEntry("entry.bad_date", field=field, value=value)


def shown(text: str | None, tz: tzinfo, missing: str = "—") -> str:
    """A stored time as people read it, in zone `tz` (the station's, or HQ's brigade's), to the
    minute: `2026-12-02 03:58`. Every time a screen or a command prints goes through here, so
    none shows another zone's clock (HQ's acks are stamped in UTC). `missing` for no time; a
    text that is no time is given back as it came."""
    if not text:
        return missing
    try:
        moment = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return str(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tz)
    return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M")
