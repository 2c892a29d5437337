"""`MonthFigures`: the counted figures of one month, and how they are counted from entries.

This module is the one definition of the monthly service summary (docs/summary-definitions.md).
The station counts a month here, from the current view of its log; HQ counts the same figures in
SQL (`outpost.hq.report_sql`) and fills the same dataclass, so both render and compare alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

SERVICE_KINDS = ("water_delivery", "medicine_handout", "herder_visit", "assistance")
"""Kinds whose `household` counts towards "households served"."""

SUMMARY_KINDS = ("patrol", "medicine_stock", *SERVICE_KINDS)
"""Kinds a summary reads (households, amendments and voids only shape the current view)."""

MedicineUnit = tuple[str, str]
"""(medicine, unit): quantities are only ever added up within one unit."""


def number(value: float) -> float:
    """A quantity as JSON shows it: whole numbers as integers, others rounded to 6 places.

    Rounding also hides the last-bit differences between summing in Python and in SQLite.
    """
    rounded = round(float(value), 6)
    return int(rounded) if rounded.is_integer() else rounded


@dataclass
class MonthFigures:
    """What one station (or the brigade) did in one month, as the summary counts it."""

    patrols: int = 0
    km: float = 0.0
    seconds: int = 0
    """Patrol time in whole seconds (ended_at - started_at), summed."""
    markers: int = 0
    """Border-marker checks: every marker of every patrol, a marker checked twice counts twice."""
    markers_distinct: int = 0
    water_deliveries: int = 0
    litres: int = 0
    water_households: int = 0
    handouts: int = 0
    people: int = 0
    items: dict[MedicineUnit, float] = field(default_factory=dict)
    stock: dict[MedicineUnit, float] = field(default_factory=dict)
    """Balance at the end of the month: received minus handed out, every month up to this one."""
    visits: int = 0
    visit_households: int = 0
    issues_raised: int = 0
    issues_resolved: int = 0
    assistance: int = 0
    by_category: dict[str, int] = field(default_factory=dict)
    people_helped: int = 0
    households_served: int = 0

    @property
    def hours(self) -> float:
        """`seconds` in hours to 6 places: never off by a step of 0.1 (the nearest boundary is
        a whole second, 1/3600 h, away), so printing rounds it as it would the seconds."""
        return number(self.seconds / 3600)

    def is_empty(self) -> bool:
        """True when nothing was recorded in the month (stock may still be held)."""
        return not (
            self.patrols or self.water_deliveries or self.handouts or self.visits or self.assistance
        )

    def to_json(self) -> dict[str, Any]:
        """The figures in the JSON shape of `schemas/summary.schema.json`."""
        keys = item_keys(self.items)
        stock_keys = item_keys(self.stock)
        return {
            "patrols": {
                "count": self.patrols,
                "km": number(self.km),
                "hours": self.hours,
                "seconds": self.seconds,
                "markers": self.markers,
                "markers_distinct": self.markers_distinct,
            },
            "water": {
                "deliveries": self.water_deliveries,
                "litres": self.litres,
                "households": self.water_households,
            },
            "medicine": {
                "handouts": self.handouts,
                "people": self.people,
                "items": {keys[mu]: number(q) for mu, q in sorted(self.items.items())},
                "units": {keys[mu]: mu[1] for mu in sorted(self.items)},
                "stock": [
                    {"medicine": m, "unit": u, "key": stock_keys[(m, u)], "balance": number(q)}
                    for (m, u), q in sorted(self.stock.items())
                ],
            },
            "visits": {
                "count": self.visits,
                "households": self.visit_households,
                "issues_raised": self.issues_raised,
                "issues_resolved": self.issues_resolved,
            },
            "assistance": {
                "count": self.assistance,
                "by_category": dict(sorted(self.by_category.items())),
                "people_helped": self.people_helped,
            },
            "households_served": self.households_served,
        }


def item_keys(quantities: Iterable[MedicineUnit]) -> dict[MedicineUnit, str]:
    """The name each (medicine, unit) is shown under: the medicine's name when it comes in one
    unit only, `name (unit)` for each unit when the same medicine comes in several."""
    pairs = sorted(set(quantities))
    units: dict[str, int] = {}
    for medicine, _unit in pairs:
        units[medicine] = units.get(medicine, 0) + 1
    return {(m, u): m if units[m] == 1 else f"{m} ({u})" for m, u in pairs}


def _seconds(data: dict[str, Any]) -> int:
    started = datetime.fromisoformat(data["started_at"])
    ended = datetime.fromisoformat(data["ended_at"])
    return int((ended - started).total_seconds())


def count_month(records: Iterable[tuple[str, dict[str, Any]]]) -> MonthFigures:
    """Count one month from its records: (kind, current data) of every entry that occurred in
    it and is not voided. Stock is left empty (see `count_stock`)."""
    figures = MonthFigures()
    markers: set[str] = set()
    water: set[str] = set()
    visited: set[str] = set()
    served: set[str] = set()
    for kind, data in records:
        if kind in SERVICE_KINDS and data.get("household") is not None:
            served.add(data["household"])
        if kind == "patrol":
            figures.patrols += 1
            figures.km += data["distance_km"]
            figures.seconds += _seconds(data)
            checked = data.get("markers") or []
            figures.markers += len(checked)
            markers.update(checked)
        elif kind == "water_delivery":
            figures.water_deliveries += 1
            figures.litres += data["litres"]
            water.add(data["household"])
        elif kind == "medicine_handout":
            figures.handouts += 1
            figures.people += data.get("people", 1)
            for item in data["items"]:
                key = (item["medicine"], item["unit"])
                figures.items[key] = figures.items.get(key, 0) + item["quantity"]
        elif kind == "herder_visit":
            figures.visits += 1
            visited.add(data["household"])
            figures.issues_raised += data.get("issues_raised", 0)
            figures.issues_resolved += data.get("issues_resolved", 0)
        elif kind == "assistance":
            figures.assistance += 1
            category = data["category"]
            figures.by_category[category] = figures.by_category.get(category, 0) + 1
            figures.people_helped += data.get("people_helped", 0)
    figures.markers_distinct = len(markers)
    figures.water_households = len(water)
    figures.visit_households = len(visited)
    figures.households_served = len(served)
    return figures


def count_stock(records: Iterable[tuple[str, dict[str, Any]]]) -> dict[MedicineUnit, float]:
    """Medicine balance from records of every month up to the one summarised: received
    (`medicine_stock`) minus handed out (`medicine_handout`), per medicine and unit."""
    stock: dict[MedicineUnit, float] = {}
    for kind, data in records:
        sign = 1 if kind == "medicine_stock" else -1 if kind == "medicine_handout" else 0
        if not sign:
            continue
        for item in data["items"]:
            key = (item["medicine"], item["unit"])
            stock[key] = stock.get(key, 0) + sign * item["quantity"]
    return stock


def _add(into: dict[MedicineUnit, float], more: dict[MedicineUnit, float]) -> None:
    for key, quantity in more.items():
        into[key] = number(into.get(key, 0) + quantity)


def combine(parts: Iterable[MonthFigures]) -> MonthFigures:
    """Brigade totals: sums of the stations' figures.

    Household ids and marker names belong to one station, so the brigade's distinct counts are
    the sums of each station's distinct counts.
    """
    total = MonthFigures()
    for part in parts:
        for name in (
            "patrols",
            "km",
            "seconds",
            "markers",
            "markers_distinct",
            "water_deliveries",
            "litres",
            "water_households",
            "handouts",
            "people",
            "visits",
            "visit_households",
            "issues_raised",
            "issues_resolved",
            "assistance",
            "people_helped",
            "households_served",
        ):
            setattr(total, name, getattr(total, name) + getattr(part, name))
        _add(total.items, part.items)
        _add(total.stock, part.stock)
        for category, count in part.by_category.items():
            total.by_category[category] = total.by_category.get(category, 0) + count
    return total
