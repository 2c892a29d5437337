"""Months as `YYYY-MM`: checking one, the month of a time, the months around it, its bounds."""

from __future__ import annotations

import re
from datetime import datetime, tzinfo

from outpost.errors import UsageError
from outpost.model.bounds import stored_time

MONTH = re.compile(r"(19[0-9]{2}|2[01][0-9]{2}|2200)-(0[1-9]|1[0-2])")
"""Months a station can have worked in: those of the times outpost.model.bounds lets in
(1900-2200); the month before and after always exist. Matched whole (`fullmatch`): no trailing
newline, no other digits."""


def check_month(value: str) -> str:
    """`value` when it is a month like 2026-11; UsageError (exit 2) otherwise."""
    if not isinstance(value, str) or not MONTH.fullmatch(value):
        raise UsageError("report.bad_month", value=value)
    return value


def month_at(moment: datetime) -> str:
    """`YYYY-MM` of a moment, as its own zone reads it (no strftime: years of log are read at
    once)."""
    return f"{moment.year:04d}-{moment.month:02d}"


def month_of(text: str, tz: tzinfo) -> str:
    """`YYYY-MM` of a stored time, counted in the station's zone; "" (no month) for a time
    outside the bounds of outpost.model.bounds that an older version let into a log, or for
    one that does not read at all: reading a log never stops on it."""
    moment = stored_time(text, tz)
    return month_at(moment.astimezone(tz)) if moment is not None else ""


def shift_month(month: str, step: int) -> str:
    """The month `step` months after (or, negative, before) `month`."""
    index = int(month[:4]) * 12 + int(month[5:7]) - 1 + step
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def previous_month(month: str) -> str:
    """The month before `month`: 2026-01 -> 2025-12."""
    return shift_month(month, -1)


def next_month(month: str) -> str:
    """The month after `month`: 2025-12 -> 2026-01."""
    return shift_month(month, 1)


def month_start(month: str, tz: tzinfo) -> datetime:
    """The moment the month starts in the station's zone (midnight of its first day)."""
    return datetime(int(month[:4]), int(month[5:7]), 1, tzinfo=tz)


def month_end(month: str, tz: tzinfo) -> datetime:
    """The moment the month ends in the station's zone (midnight starting the next month)."""
    return month_start(next_month(month), tz)
