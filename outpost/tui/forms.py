"""The fields of each entry form and how typed text becomes an entry's data (no Textual here).

Parsing only turns text into JSON values (numbers, lists); every rule about what an entry may say
stays in the model and the logbook, which the form calls to validate and save.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from outpost.errors import InvalidEntry
from outpost.logbook import Logbook
from outpost.model import RECORD_KINDS

PURPOSES = ("welfare_check", "safety_publicity", "mediation", "production_help", "errand", "other")
CATEGORIES = ("errand", "parcel", "rescue", "production_help", "transport", "other")
MODES = ("vehicle", "foot", "motorbike", "horse", "camel")


@dataclass(frozen=True)
class FormField:
    """One input of a form: the data field it fills, how its text is read, whether required."""

    name: str
    type: str = "text"
    """text, int, float, time, household, choice, list, items"""
    required: bool = False
    choices: tuple[str, ...] = ()
    choice_prefix: str = ""
    """Message-key prefix of the choices' labels (purpose., category., mode.)."""

    @property
    def label_key(self) -> str:
        return f"tui.field.{self.name}"


OCCURRED = FormField("occurred_at", "time")
OFFICERS = FormField("officers", "list")

FORMS: dict[str, tuple[FormField, ...]] = {
    "patrol": (
        FormField("route", required=True),
        FormField("started_at", "time", required=True),
        FormField("ended_at", "time", required=True),
        FormField("distance_km", "float", required=True),
        FormField("mode", "choice", choices=MODES, choice_prefix="tui.mode."),
        FormField("markers", "list"),
        FormField("findings"),
        OFFICERS,
    ),
    "water_delivery": (
        FormField("household", "household", required=True),
        FormField("litres", "int", required=True),
        FormField("source"),
        FormField("note"),
        OCCURRED,
        OFFICERS,
    ),
    "medicine_handout": (
        FormField("recipient", required=True),
        FormField("items", "items", required=True),
        FormField("household", "household"),
        FormField("people", "int"),
        FormField("reason"),
        FormField("note"),
        OCCURRED,
        OFFICERS,
    ),
    "herder_visit": (
        FormField("household", "household", required=True),
        FormField("purpose", "choice", True, PURPOSES, "purpose."),
        FormField("people_met", "int"),
        FormField("issues_raised", "int"),
        FormField("issues_resolved", "int"),
        FormField("follow_up"),
        FormField("note"),
        OCCURRED,
        OFFICERS,
    ),
    "household": (
        FormField("household_id", required=True),
        FormField("head", required=True),
        FormField("gacha"),
        FormField("sumu"),
        FormField("members", "int"),
        FormField("phone"),
        FormField("location"),
        FormField("tags", "list"),
        FormField("note"),
    ),
    "medicine_stock": (
        FormField("items", "items", required=True),
        FormField("source"),
        FormField("expires"),
        FormField("note"),
        OCCURRED,
        OFFICERS,
    ),
    "assistance": (
        FormField("category", "choice", True, CATEGORIES, "category."),
        FormField("description", required=True),
        FormField("household", "household"),
        FormField("people_helped", "int"),
        FormField("note"),
        OCCURRED,
        OFFICERS,
    ),
}
assert set(FORMS) == set(RECORD_KINDS)

ENVELOPE_FIELDS = ("occurred_at", "officers")
LIST_SPLIT = re.compile(r"[,，、;；]")
ITEM_SPLIT = re.compile(r"[;；\n]")


def time_text(moment: datetime) -> str:
    """How a time is shown in a form: `2026-11-26 09:30`."""
    return moment.strftime("%Y-%m-%d %H:%M")


def defaults(book: Logbook, kind: str) -> dict[str, str]:
    """What a new form starts with: now, the officer on duty, the last patrol route."""
    now = book.clock().astimezone(book.tz)
    values: dict[str, str] = {}
    fields = {f.name for f in FORMS[kind]}
    if "occurred_at" in fields:
        values["occurred_at"] = time_text(now)
    if "officers" in fields:
        on_duty = book.config.settings.get("last_officers") or book.config.officers[:1]
        values["officers"] = "、".join(on_duty)
    if kind == "patrol":
        values["started_at"] = time_text(now - timedelta(hours=3))
        values["ended_at"] = time_text(now)
        values["route"] = str(book.config.settings.get("last_route", ""))
        values["mode"] = "vehicle"
    if kind == "herder_visit":
        values["purpose"] = "welfare_check"
    if kind == "assistance":
        values["category"] = "errand"
    if kind == "medicine_handout":
        values["people"] = "1"
    return values


def values_of(kind: str, data: dict[str, Any]) -> dict[str, str]:
    """The typed text that would give `data` again (to amend an entry in its own form)."""
    out: dict[str, str] = {}
    for spec in FORMS[kind]:
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
                out[spec.name] = datetime.fromisoformat(value).strftime("%Y-%m-%d %H:%M")
            except ValueError:
                out[spec.name] = str(value)
        else:
            out[spec.name] = _number(value) if isinstance(value, float | int) else str(value)
    return out


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
    for spec in FORMS[kind]:
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
    for spec in FORMS[kind]:
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
