"""Building an entry envelope and checking it on its own (schema, kind rules, times)."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, tzinfo
from typing import Any

from outpost.errors import InvalidEntry
from outpost.i18n import catalogue, t
from outpost.model.bounds import roughly_in_bounds, value_fault
from outpost.model.canonical import normalised
from outpost.model.kinds import KINDS, Data, kind_of, normalise_data
from outpost.model.schema import validate
from outpost.model.times import format_time, parse_time, time_refusal

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
    data = normalise_data(kind, normalised(data), tz, now)
    if occurred_at is None:
        started = data.get(kind.occurs_at) if kind.occurs_at else None
        occurred = parse_time(started, tz) if isinstance(started, str) else now
    else:
        try:
            occurred = parse_time(occurred_at, tz, now)
        except ValueError as exc:
            raise time_refusal("occurred_at", occurred_at, exc) from None
    if occurred - now > FUTURE_SLACK:
        raise InvalidEntry("entry.in_future", field="occurred_at", value=format_time(occurred))
    return data, format_time(occurred)


def moved_time(
    kind_name: str,
    before: Data,
    occurred_at: str,
    after: Data,
    typed: str | None,
    tz: tzinfo,
    now: datetime,
) -> str | None:
    """The `occurred_at` an amendment gives its target (whose data goes from `before` to
    `after` and whose time is `occurred_at`), or None when its time stays: the time typed, as
    `parse_time` reads it; else, when the entry's time is the field its kind's time follows (a
    patrol's start) and the amendment changes that field, the field's new time. InvalidEntry for
    a typed time that is none, or one more than a day ahead of the clock."""
    try:
        current: datetime | None = parse_time(occurred_at, tz)
    except ValueError:
        current = None  # out of bounds, let in by an older version: any new time moves it
    if typed is not None:
        try:
            moved = parse_time(typed, tz, now)
        except ValueError as exc:
            raise time_refusal("occurred_at", typed, exc) from None
    else:
        follows = kind_of(kind_name).occurs_at
        old, new = before.get(follows), after.get(follows)
        if not follows or not isinstance(old, str) or not isinstance(new, str):
            return None
        try:
            if current is None or parse_time(old, tz) != current:
                return None  # the officer gave the entry another time than the field's
            moved = parse_time(new, tz)
        except ValueError:
            return None  # a time the amendment's own checks refuse
    if moved == current:
        return None
    if moved - now > FUTURE_SLACK:
        raise InvalidEntry("entry.in_future", field="occurred_at", value=format_time(moved))
    return format_time(moved)


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
    """Check `data` against its kind's schema, the bounds of every value and time in it
    (outpost.model.bounds), and the rules a schema cannot express."""
    kind = kind_of(kind_name)
    check_values(data, prefix)
    try:
        validate(kind_name, data, prefix)
    except InvalidEntry as exc:
        raise with_choice_labels(kind_name, exc) from None
    for name in kind.time_fields:
        check_time(data.get(name), f"{prefix}.{name}" if prefix else name, tz)
    try:
        kind.rules(data, tz)
    except ValueError:
        raise InvalidEntry("entry.bad_time", field=prefix or "data", value="") from None


def with_choice_labels(kind_name: str, exc: InvalidEntry) -> InvalidEntry:
    """A refusal of a value outside a choice field's list, naming the choices by their labels
    ('车辆、徒步 …', not 'vehicle, foot …'); any other refusal as it is."""
    name = (exc.field or "").rsplit(".", 1)[-1]
    fields = KINDS[kind_name].form_fields
    spec = next((s for s in fields if s.name == name and s.choice_prefix), None)
    keys = [f"{spec.choice_prefix}{c}" for c in spec.choices] if spec is not None else []
    if exc.key != "schema.enum" or not keys or not set(keys) <= catalogue().keys():
        return exc
    allowed = "、".join(t(key) for key in keys)
    return InvalidEntry("schema.enum", field=exc.field, value=exc.params["value"], allowed=allowed)


def validate_entry(entry: Any, tz: tzinfo) -> None:
    """Check an envelope and its data on their own, without the rest of the log."""
    if not isinstance(entry, dict):
        raise InvalidEntry("entry.not_object", field="entry")
    kind_of(entry.get("kind", ""))
    # The envelope's other fields are held by its schema (patterns, an integer seq within
    # 2^53-1) and the time checks; `validate_data` walks the data.
    check_values(entry.get("officers"), "officers")
    validate("envelope", entry)
    check_time(entry["occurred_at"], "occurred_at", tz)
    check_time(entry["recorded_at"], "recorded_at", tz)
    validate_data(entry["kind"], entry["data"], tz)


def check_values(value: Any, where: str) -> None:
    """InvalidEntry naming the first value outside the bounds (a number not finite or too
    large, text with a lone surrogate, nesting too deep), checked before anything reads them."""
    fault = value_fault(value, where)
    if fault is not None:
        field, key, params = fault
        raise InvalidEntry(key, field=field or "entry", **params)


def check_time(value: Any, field: str, tz: tzinfo) -> None:
    """InvalidEntry when `value`, a time the schema let through (or left out: None), is not
    one `parse_time` takes: with its offset, within the years of outpost.model.bounds."""
    if value is None:
        return
    try:
        parse_time(value, tz)
    except ValueError as exc:
        raise time_refusal(field, str(value), exc) from None


def data_in_bounds(kind_name: str, data: Any) -> bool:
    """Whether `data`, read from a log, holds only values within the bounds: each number
    finite, each time of its kind readable and within the years give or take the day a zone
    shifts them (the zone is not known here; HQ holds the strict bounds): a summary skips what
    no station could save today, rather than stopping on it."""
    if value_fault(data) is not None:
        return False
    kind = KINDS.get(kind_name)
    return all(
        roughly_in_bounds(data[name])
        for name in (kind.time_fields if kind is not None else ())
        if name in data
    )
