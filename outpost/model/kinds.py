"""The kind registry: one entry per kind of entry, holding everything the program needs of it.

A kind's entry here says how it is labelled, how it reads in the log, the fields of its form (as
plain data: the screens build their widgets from them), its key in the station screens, which
time is its `occurred_at`, what it does to stock and households, and whether the monthly summary
counts it. Its JSON Schema (`schemas/KIND.schema.json`) stays the one source of what its data may
hold: a form's required fields and choice lists are read from it. docs/architecture.md lists the
steps to add a kind.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, tzinfo
from functools import cached_property
from typing import Any

from outpost.errors import InvalidEntry
from outpost.i18n import t
from outpost.model.schema import load_schema
from outpost.model.times import (
    date_refusal,
    normalise_time,
    parse_date,
    parse_time,
    time_refusal,
)

Data = dict[str, Any]

ENVELOPE_FIELDS = ("occurred_at", "officers")
"""Form fields that fill the envelope rather than the data (docs/data-model.md)."""


@dataclass(frozen=True)
class FormField:
    """One input of a kind's form: the field it fills, how its typed text is read, whether it
    must be filled, and its choices (read from the kind's schema for a data field)."""

    name: str
    type: str = "text"
    """text, int, float, time, date, household, choice, list, items (the hint is
    `tui.hint.TYPE`)"""
    required: bool = False
    choices: tuple[str, ...] = ()
    choice_prefix: str = ""
    """Message-key prefix of the choices' labels (purpose., category., tui.mode.)."""
    default: str = ""
    """What a new form starts with; a choice field lists its default first."""

    @property
    def label_key(self) -> str:
        return f"tui.field.{self.name}"


OCCURRED = FormField("occurred_at", "time")
OFFICERS = FormField("officers", "list")


def enum_of(schema: str, name: str) -> tuple[str, ...]:
    """The values field `name` of schema `schema` allows, in the schema's order."""
    return tuple(load_schema(schema)["properties"][name]["enum"])


def _no_rules(data: Data, tz: tzinfo) -> None:
    return None


def _reads_nothing(data: Data, lang: str) -> str:
    return ""


@dataclass(frozen=True)
class Kind:
    """One kind of entry (docs/data-model.md): all that the model, the forms, the keys and the
    summaries need to know of it. Its data's rules are in `schemas/NAME.schema.json`."""

    name: str
    en: str
    zh: str
    reads: Callable[[Data, str], str] = _reads_nothing
    """What an entry of this kind says in a few words, in a language: '巴特尔 hh-0007 · 800 L'."""
    form: tuple[FormField, ...] = ()
    """The fields of its form, in order (required flags and choices come from the schema);
    empty for a kind no officer records directly."""
    key: str = ""
    """The key that opens its form from any screen of the station."""
    occurs_at: str = ""
    """The data field whose time is the entry's `occurred_at` when none is given (a patrol's
    `started_at`); empty: the time of saving."""
    time_fields: tuple[str, ...] = ()
    """Data fields holding a time, given the station's offset when typed without one."""
    date_fields: tuple[str, ...] = ()
    """Data fields holding a day (`2027-06-30`; typed `2027-06`: the month's last day)."""
    household_fields: tuple[str, ...] = ()
    """Data fields naming a household that must be registered."""
    rules: Callable[[Data, tzinfo], None] = _no_rules
    """The rules a schema cannot say; raise InvalidEntry (or ValueError for a bad time)."""
    stock_sign: int = 0
    """+1 when the kind brings medicine in, -1 when it hands medicine out."""
    correction: bool = False
    """An amendment or a void: it changes the current view of another entry."""
    counted: bool = False
    """The monthly summary counts it (docs/summary-definitions.md); a kind not counted only
    appears in the log."""
    serves_household: bool = False
    """Its `household` counts towards the summary's households served."""

    def label(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en

    @cached_property
    def form_fields(self) -> tuple[FormField, ...]:
        """Its form with required flags and choices read from its schema."""
        schema = load_schema(self.name)
        required = set(schema.get("required", ()))
        fields = []
        for spec in self.form:
            if spec.name in ENVELOPE_FIELDS:
                fields.append(spec)
                continue
            choices: tuple[str, ...] = ()
            if spec.type == "choice":
                allowed = enum_of(self.name, spec.name)
                first = (spec.default,) if spec.default in allowed else ()
                choices = (*first, *(c for c in allowed if c not in first))
            fields.append(replace(spec, required=spec.name in required, choices=choices))
        return tuple(fields)


def _patrol_rules(data: Data, tz: tzinfo) -> None:
    started = parse_time(data["started_at"], tz)
    ended = parse_time(data["ended_at"], tz)
    if ended < started:
        raise InvalidEntry(
            "entry.ended_before_started",
            field="ended_at",
            ended=data["ended_at"],
            started=data["started_at"],
        )


def _patrol_reads(d: Data, lang: str) -> str:
    return f"{d.get('route', '')} · {d.get('distance_km', '')} km" + (
        f" · {t('describe.markers', lang, n=len(d['markers']))}" if d.get("markers") else ""
    )


def _water_reads(d: Data, lang: str) -> str:
    return f"{d.get('household', '')} · {d.get('litres', '')} L"


def _medicine_reads(d: Data, lang: str) -> str:
    items = ", ".join(
        f"{i.get('medicine')} {i.get('quantity')}{i.get('unit')}" for i in d.get("items", [])
    )
    who = d.get("recipient") or d.get("source") or ""
    return f"{who} · {items}" if who else items


def _visit_reads(d: Data, lang: str) -> str:
    return f"{d.get('household', '')} · {t('purpose.' + str(d.get('purpose')), lang)}"


def _household_reads(d: Data, lang: str) -> str:
    place = " ".join(x for x in (d.get("sumu"), d.get("gacha")) if x)
    return f"{d.get('household_id', '')} {d.get('head', '')}" + (f" · {place}" if place else "")


def _assistance_reads(d: Data, lang: str) -> str:
    return f"{t('category.' + str(d.get('category')), lang)} · {d.get('description', '')}"


def _correction_reads(d: Data, lang: str) -> str:
    return f"→ {str(d.get('target', ''))[:8]} · {d.get('reason', '')}"


KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind(
            "patrol",
            "Patrol",
            "巡逻",
            reads=_patrol_reads,
            key="p",
            form=(
                FormField("route"),
                FormField("started_at", "time"),
                FormField("ended_at", "time"),
                FormField("distance_km", "float"),
                FormField("mode", "choice", choice_prefix="tui.mode.", default="vehicle"),
                FormField("markers", "list"),
                FormField("findings"),
                OFFICERS,
            ),
            occurs_at="started_at",
            time_fields=("started_at", "ended_at"),
            rules=_patrol_rules,
            counted=True,
        ),
        Kind(
            "water_delivery",
            "Water delivery",
            "送水",
            reads=_water_reads,
            key="w",
            form=(
                FormField("household", "household"),
                FormField("litres", "int"),
                FormField("source"),
                FormField("note"),
                OCCURRED,
                OFFICERS,
            ),
            household_fields=("household",),
            counted=True,
            serves_household=True,
        ),
        Kind(
            "medicine_handout",
            "Medicine handout",
            "送药",
            reads=_medicine_reads,
            key="m",
            form=(
                FormField("recipient"),
                FormField("items", "items"),
                FormField("household", "household"),
                FormField("people", "int", default="1"),
                FormField("reason"),
                FormField("note"),
                OCCURRED,
                OFFICERS,
            ),
            household_fields=("household",),
            stock_sign=-1,
            counted=True,
            serves_household=True,
        ),
        Kind(
            "herder_visit",
            "Herder visit",
            "走访牧户",
            reads=_visit_reads,
            key="v",
            form=(
                FormField("household", "household"),
                FormField("purpose", "choice", choice_prefix="purpose.", default="welfare_check"),
                FormField("people_met", "int"),
                FormField("issues_raised", "int"),
                FormField("issues_resolved", "int"),
                FormField("follow_up"),
                FormField("note"),
                OCCURRED,
                OFFICERS,
            ),
            household_fields=("household",),
            counted=True,
            serves_household=True,
        ),
        Kind(
            "household",
            "Household",
            "牧户登记",
            reads=_household_reads,
            key="n",
            form=(
                FormField("household_id"),
                FormField("head"),
                FormField("gacha"),
                FormField("sumu"),
                FormField("members", "int"),
                FormField("phone"),
                FormField("location"),
                FormField("tags", "list"),
                FormField("note"),
            ),
        ),
        Kind(
            "medicine_stock",
            "Medicine received",
            "药品入库",
            reads=_medicine_reads,
            key="r",
            form=(
                FormField("items", "items"),
                FormField("source"),
                FormField("expires", "date"),
                FormField("note"),
                OCCURRED,
                OFFICERS,
            ),
            date_fields=("expires",),
            stock_sign=+1,
            counted=True,
        ),
        Kind(
            "assistance",
            "Assistance",
            "帮扶代办",
            reads=_assistance_reads,
            key="a",
            form=(
                FormField("category", "choice", choice_prefix="category.", default="errand"),
                FormField("description"),
                FormField("household", "household"),
                FormField("people_helped", "int"),
                FormField("note"),
                OCCURRED,
                OFFICERS,
            ),
            household_fields=("household",),
            counted=True,
            serves_household=True,
        ),
        Kind(
            "amendment",
            "Amendment",
            "更正",
            reads=_correction_reads,
            # the target's new time, when the amendment moves it (docs/data-model.md)
            time_fields=("occurred_at",),
            correction=True,
        ),
        Kind("void", "Void", "作废", reads=_correction_reads, correction=True),
    )
}

RECORD_KINDS = tuple(name for name, kind in KINDS.items() if not kind.correction)
"""Kinds an officer records directly (amendment and void only correct those)."""

CATEGORIES = enum_of("assistance", "category")
"""The categories of assistance, in the order summaries list them."""

HOUSEHOLD_FIELDS = ("household", "household_id")
"""Data fields that name a household in some kind: the household served, or the one registered."""


def kind_of(name: str) -> Kind:
    """The kind called `name`; InvalidEntry naming the known kinds otherwise."""
    try:
        return KINDS[name]
    except (KeyError, TypeError):
        raise InvalidEntry(
            "entry.unknown_kind", field="kind", kind=str(name), known=", ".join(KINDS)
        ) from None


def normalise_data(kind: Kind, data: Data, tz: tzinfo, now: datetime | None = None) -> Data:
    """A copy of `data` with its times and days as the log keeps them, however they were typed
    (`outpost.model.times.parse_time`: `06:00` is today and `12-02 06:00` this year as of `now`,
    in the station's zone; `parse_date`: `2027-06` is its last day). A value that is no text is
    left for the schema to refuse; InvalidEntry for text that is no time or day."""
    out = dict(data)
    for name in kind.time_fields:
        value = out.get(name)
        if isinstance(value, str):
            try:
                out[name] = normalise_time(value, tz, now)
            except ValueError as exc:
                raise time_refusal(name, value, exc) from None
    for name in kind.date_fields:
        value = out.get(name)
        if isinstance(value, str):
            try:
                out[name] = parse_date(value).isoformat()
            except ValueError:
                raise date_refusal(name, value) from None
    return out


def stock_effect(kind_name: str, data: Data) -> list[tuple[str, str, float]]:
    """(medicine, unit, signed quantity) for each item this entry moves in or out of stock."""
    kind = KINDS.get(kind_name)
    if kind is None or not kind.stock_sign:
        return []
    return [
        (item["medicine"], item["unit"], kind.stock_sign * item["quantity"])
        for item in data.get("items", [])
    ]
