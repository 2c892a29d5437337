"""The kinds of entry: their labels, the rules a schema cannot say, and what each does to stock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import tzinfo
from typing import Any

from outpost.errors import InvalidEntry
from outpost.model.times import normalise_time, parse_time

Data = dict[str, Any]


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


def _no_rules(data: Data, tz: tzinfo) -> None:
    return None


@dataclass(frozen=True)
class Kind:
    """One kind of entry as DESIGN.md §3 defines it."""

    name: str
    en: str
    zh: str
    time_fields: tuple[str, ...] = ()
    household_fields: tuple[str, ...] = ()
    rules: Callable[[Data, tzinfo], None] = _no_rules
    stock_sign: int = 0
    """+1 when the kind brings medicine in, -1 when it hands medicine out."""
    correction: bool = False
    fields_en: dict[str, str] = field(default_factory=dict)
    fields_zh: dict[str, str] = field(default_factory=dict)

    def label(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind(
            "patrol",
            "Patrol",
            "巡逻",
            time_fields=("started_at", "ended_at"),
            rules=_patrol_rules,
        ),
        Kind("water_delivery", "Water delivery", "送水", household_fields=("household",)),
        Kind(
            "medicine_handout",
            "Medicine handout",
            "送药",
            household_fields=("household",),
            stock_sign=-1,
        ),
        Kind("herder_visit", "Herder visit", "走访牧户", household_fields=("household",)),
        Kind("household", "Household", "牧户登记"),
        Kind("medicine_stock", "Medicine received", "药品入库", stock_sign=+1),
        Kind("assistance", "Assistance", "帮扶代办", household_fields=("household",)),
        Kind("amendment", "Amendment", "更正", correction=True),
        Kind("void", "Void", "作废", correction=True),
    )
}

RECORD_KINDS = tuple(name for name, kind in KINDS.items() if not kind.correction)
"""Kinds an officer records directly (amendment and void only correct those)."""


def kind_of(name: str) -> Kind:
    """The kind called `name`; InvalidEntry naming the known kinds otherwise."""
    try:
        return KINDS[name]
    except (KeyError, TypeError):
        raise InvalidEntry(
            "entry.unknown_kind", field="kind", kind=str(name), known=", ".join(KINDS)
        ) from None


def normalise_data(kind: Kind, data: Data, tz: tzinfo) -> Data:
    """A copy of `data` with its times given the station's offset when they had none."""
    out = dict(data)
    for name in kind.time_fields:
        value = out.get(name)
        if isinstance(value, str):
            try:
                out[name] = normalise_time(value, tz)
            except ValueError:
                raise InvalidEntry("entry.bad_time", field=name, value=value) from None
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
