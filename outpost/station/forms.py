"""How typed text becomes an entry's data and back, for each kind's form (no Textual here).

Parsing only turns text into JSON values (numbers, lists); every rule about what an entry may say
stays in the model and the logbook, which the form calls to validate and save.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, tzinfo
from typing import Any

from outpost.errors import InvalidEntry
from outpost.logbook import Logbook
from outpost.model import Entry, validate_data
from outpost.model.kinds import KINDS, normalise_data
from outpost.model.kinds import FormField as FormField  # re-exported for the form screen
from outpost.model.times import parse_time, time_refusal
from outpost.station.roster import default_officers

FORMS: dict[str, tuple[FormField, ...]] = {
    name: kind.form_fields for name, kind in KINDS.items() if kind.form
}
"""The fields of each kind's form, as the kind registry (`outpost.model.kinds`) gives them."""

LIST_SPLIT = re.compile(r"[,，、;；]")
ITEM_SPLIT = re.compile(r"[;；\n]")


def time_text(moment: datetime) -> str:
    """How a time is shown in a form: `2026-11-26 09:30`."""
    return moment.strftime("%Y-%m-%d %H:%M")


def fields_of(kind: str) -> tuple[FormField, ...]:
    """The fields of `kind`'s form, read from the registry when asked."""
    return KINDS[kind].form_fields


def defaults(book: Logbook, kind: str) -> dict[str, str]:
    """What a new form starts with: each field's default, now, the officer on duty, and for a
    patrol the last three hours on the last route."""
    now = book.clock().astimezone(book.tz)
    values = {spec.name: spec.default for spec in fields_of(kind) if spec.default}
    fields = {spec.name for spec in fields_of(kind)}
    if "occurred_at" in fields:
        values["occurred_at"] = time_text(now)
    if "officers" in fields:
        values["officers"] = "、".join(default_officers(book))
    if kind == "patrol":
        values["started_at"] = time_text(now - timedelta(hours=3))
        values["ended_at"] = time_text(now)
        values["route"] = str(book.config.settings.get("last_route", ""))
    return values


def values_of(kind: str, data: dict[str, Any], tz: tzinfo | None = None) -> dict[str, str]:
    """The typed text that would give `data` again (to amend an entry in its own form); with
    `tz`, times as the station's zone reads them, as the save reads them back."""
    out: dict[str, str] = {}
    for spec in fields_of(kind):
        value = data.get(spec.name)
        if value is None:
            continue
        if spec.type == "items":
            out[spec.name] = "; ".join(
                f"{i['medicine']} {_number(i['quantity'])} {i['unit']}" for i in value
            )
        elif spec.type == "list":
            out[spec.name] = "、".join(str(v) for v in value)
        elif spec.type == "time":
            try:
                moment = datetime.fromisoformat(value)
                out[spec.name] = time_text(moment.astimezone(tz) if tz else moment)
            except ValueError:
                out[spec.name] = str(value)
        else:
            out[spec.name] = _number(value) if isinstance(value, float | int) else str(value)
    return out


def amend_values(book: Logbook, entry: Entry) -> dict[str, str]:
    """What the form correcting `entry` starts with: its data and time as they read now, in
    the station's zone."""
    values = values_of(entry["kind"], book.state.current_data(entry), book.tz)
    if any(spec.name == "occurred_at" for spec in fields_of(entry["kind"])):
        values["occurred_at"] = shown_time(book, book.state.current_time(entry))
    return values


def amended_time(book: Logbook, entry: Entry, typed: str | None) -> str | None:
    """The time typed in the form correcting `entry`, or None when it is the time the form
    showed (left as it was, the entry keeps its time to the second)."""
    if typed is None or typed.strip() == shown_time(book, book.state.current_time(entry)):
        return None
    return typed


def shown_time(book: Logbook, stored: str) -> str:
    """A stored time as a form shows it, in the station's zone."""
    try:
        return time_text(datetime.fromisoformat(stored).astimezone(book.tz))
    except ValueError:
        return stored


def _number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_form(kind: str, typed: dict[str, str]) -> tuple[dict[str, Any], str | None, list[str]]:
    """(data, occurred_at, officers) from the typed text; InvalidEntry naming a field whose
    text is not a number, a list or items as asked. Empty optional fields are left out."""
    data: dict[str, Any] = {}
    occurred: str | None = None
    officers: list[str] = []
    for spec in fields_of(kind):
        text = (typed.get(spec.name) or "").strip()
        if spec.name == "occurred_at":
            occurred = text or None
            continue
        if spec.name == "officers":
            officers = [o.strip() for o in LIST_SPLIT.split(text) if o.strip()]
            continue
        if not text:
            continue
        data[spec.name] = read_value(spec, text)
    return data, occurred, officers


def read_value(spec: FormField, text: str) -> Any:
    """One field's typed text as a JSON value."""
    if spec.type == "int":
        try:
            return int(text)
        except ValueError:
            raise InvalidEntry("tui.bad_int", field=spec.name, value=text) from None
    if spec.type == "float":
        try:
            return float(text) if "." in text else int(text)
        except ValueError:
            raise InvalidEntry("tui.bad_number", field=spec.name, value=text) from None
    if spec.type == "list":
        return [v.strip() for v in LIST_SPLIT.split(text) if v.strip()]
    if spec.type == "items":
        return [read_item(spec.name, part) for part in ITEM_SPLIT.split(text) if part.strip()]
    return text


def read_item(name: str, text: str) -> dict[str, Any]:
    """`阿莫西林 2 盒` as {medicine, quantity, unit}."""
    parts = text.split()
    if len(parts) < 3:
        raise InvalidEntry("tui.bad_items", field=name, value=text.strip())
    quantity = parts[-2]
    try:
        number: float = float(quantity) if "." in quantity else int(quantity)
    except ValueError:
        raise InvalidEntry("tui.bad_items", field=name, value=text.strip()) from None
    return {"medicine": " ".join(parts[:-2]), "quantity": number, "unit": parts[-1]}


STAND_INS: dict[str, Any] = {
    "text": "-",
    "int": 1,
    "float": 1,
    "household": "x",
    "list": ["-"],
    "items": [{"medicine": "-", "quantity": 1, "unit": "-"}],
}
"""Valid values for required fields not filled in yet, so that checking as the officer types
reports what is wrong with what is typed, not what is still missing."""


def with_stand_ins(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    """`data` with each missing required field (one a stand-in can fill) given a valid value."""
    filled = dict(data)
    for spec in fields_of(kind):
        if spec.required and spec.name not in filled:
            if spec.type == "choice":
                filled[spec.name] = spec.choices[0]
            elif spec.type in STAND_INS:
                filled[spec.name] = STAND_INS[spec.type]
    return filled


def field_of(error: InvalidEntry) -> str:
    """The form field an InvalidEntry is about ('items.0.quantity' -> 'items', 'data.x' -> 'x')."""
    name = error.field or ""
    if name.startswith("data."):
        name = name[5:]
    return re.split(r"[.\[]", name, maxsplit=1)[0] if name else ""


def check_typed(
    book: Logbook, kind: str, data: dict[str, Any], *, complete: bool, occurred: str | None = None
) -> None:
    """InvalidEntry for the first thing wrong with what a form holds so far, as the save would
    find it. Until a save was tried (`complete` false), fields not filled in yet are not reported
    as missing; a household the registry does not know is refused as the save would refuse it.

    Times and days are read first as the save reads them (`normalise_data`: `06:00`, `2027-06`),
    so the schema's date-time and date checks see what would be stored, never the typed text."""
    now = book.clock()
    if occurred:
        try:
            parse_time(occurred, book.tz, now)
        except ValueError as exc:
            raise time_refusal("occurred_at", occurred, exc) from None
    data = normalise_data(KINDS[kind], data, book.tz, now)
    validate_data(kind, data if complete else with_stand_ins(kind, data), book.tz)
    for spec in fields_of(kind):
        hid = data.get(spec.name)
        if spec.type == "household" and hid and book.state.household(hid) is None:
            raise InvalidEntry("entry.unknown_household", field=spec.name, household=hid)
