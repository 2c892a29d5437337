"""Times as the log keeps them: ISO 8601 with the UTC offset, to the second."""

from __future__ import annotations

from datetime import datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_ZONE = "Asia/Shanghai"


def zone(name: str) -> tzinfo:
    """The time zone called `name`; ValueError when there is none."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(name) from exc


def now(tz: tzinfo) -> datetime:
    """The laptop clock in the station's zone, to the second."""
    return datetime.now(tz).replace(microsecond=0)


def format_time(moment: datetime) -> str:
    """`2026-11-26T09:30:00+08:00`."""
    return moment.isoformat(timespec="seconds")


def parse_time(text: str, tz: tzinfo) -> datetime:
    """Read an ISO 8601 time; one without an offset is taken in the station's zone.

    Accepts `2026-11-26T09:30`, `2026-11-26 09:30:00`, `2026-11-26T01:30Z`, `...+08:00` and a bare
    date (midnight). Raises ValueError on anything else.
    """
    if not isinstance(text, str) or not text.strip():
        raise ValueError(text)
    moment = datetime.fromisoformat(text.strip())
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tz)
    return moment.replace(microsecond=0)


def normalise_time(text: str, tz: tzinfo) -> str:
    """`parse_time` then `format_time`, keeping the offset the officer gave."""
    return format_time(parse_time(text, tz))


def month_of(text: str, tz: tzinfo) -> str:
    """`YYYY-MM` of a stored time, counted in the station's zone."""
    return datetime.fromisoformat(text).astimezone(tz).strftime("%Y-%m")
