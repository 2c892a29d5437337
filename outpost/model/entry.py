"""Building an entry envelope and checking it on its own (schema, kind rules, times)."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, tzinfo
from typing import Any

from outpost.errors import InvalidEntry
from outpost.model.canonical import normalised
from outpost.model.kinds import Data, kind_of, normalise_data
from outpost.model.schema import validate
from outpost.model.times import format_time, parse_time

Entry = dict[str, Any]

FUTURE_SLACK = timedelta(days=1)
"""How far ahead of the laptop clock an `occurred_at` may lie (clocks drift; typos do not)."""


def prepare(
    kind_name: str, data: Any, occurred_at: str | None, tz: tzinfo, now: datetime
) -> tuple[Data, str]:
    """Normalise what an officer typed: numbers and line breaks as canonical JSON writes them
    alike in every language (`normalised`), the data's times and `occurred_at` (default: the
    time its kind names, such as a patrol's start, else now). Raises InvalidEntry for a
    non-object `data`, a number out of range or a bad time."""
    kind = kind_of(kind_name)
    if not isinstance(data, dict):
        raise InvalidEntry("entry.data_not_object", field="data")
    data = normalise_data(kind, normalised(data), tz)
    if occurred_at is None:
        started = data.get(kind.occurs_at) if kind.occurs_at else None
        occurred = parse_time(started, tz) if isinstance(started, str) else now
    else:
        try:
            occurred = parse_time(occurred_at, tz)
        except ValueError:
            raise InvalidEntry("entry.bad_time", field="occurred_at", value=occurred_at) from None
    if occurred - now > FUTURE_SLACK:
        raise InvalidEntry("entry.in_future", field="occurred_at", value=format_time(occurred))
    return data, format_time(occurred)


def build_entry(
    *,
    station: str,
    seq: int,
    prev: str,
    kind: str,
    data: Data,
    occurred_at: str,
    recorded_at: str,
    officers: list[str],
    entry_id: str | None = None,
) -> Entry:
    """The envelope of docs/data-model.md, with a fresh random id unless one is given."""
    return {
        "id": entry_id or str(uuid.uuid4()),
        "station": station,
        "seq": seq,
        "prev": prev,
        "kind": kind,
        "v": 1,
        "occurred_at": occurred_at,
        "recorded_at": recorded_at,
        "officers": list(officers),
        "data": data,
    }


def validate_data(kind_name: str, data: Any, tz: tzinfo, prefix: str = "") -> None:
    """Check `data` against its kind's schema and the rules a schema cannot express."""
    kind = kind_of(kind_name)
    validate(kind_name, data, prefix)
    try:
        kind.rules(data, tz)
    except ValueError:
        raise InvalidEntry("entry.bad_time", field=prefix or "data", value="") from None


def validate_entry(entry: Any, tz: tzinfo) -> None:
    """Check an envelope and its data on their own, without the rest of the log."""
    if not isinstance(entry, dict):
        raise InvalidEntry("entry.not_object", field="entry")
    kind_of(entry.get("kind", ""))
    validate("envelope", entry)
    validate_data(entry["kind"], entry["data"], tz)
