"""The sections offices ask for beside a month's figures (docs/summary-definitions.md).

Year to date, the same month last year, water by household, open issues, stock by station and
medicine expiring.

The station counts them here from its log; HQ counts the same in SQL (outpost.hq.report_sections)
and fills the same `Sections`, so both render and compare alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta, tzinfo
from typing import Any

from outpost.model import Entry, LogState
from outpost.model.bounds import stored_time
from outpost.model.entry import data_in_bounds
from outpost.model.months import shift_month
from outpost.reports.figures import (
    MedicineUnit,
    MonthFigures,
    combine,
    count_month,
    count_stock,
    number,
)

EXPIRING_DAYS = 60
"""Medicine whose receipt expires within this many days of the month's last day is listed."""

Row = dict[str, Any]


@dataclass
class Sections:
    """One station's (or, combined, the brigade's) sections for a month."""

    month: str
    year_to_date: MonthFigures = field(default_factory=MonthFigures)
    last_year: MonthFigures = field(default_factory=MonthFigures)
    water: list[Row] = field(default_factory=list)
    issues: list[Row] = field(default_factory=list)
    stock: list[Row] = field(default_factory=list)
    expiring: list[Row] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The keys `schemas/summary.schema.json` adds to a station's and the total's object."""
        return {
            "year_to_date": {
                "from": f"{self.month[:4]}-01",
                "through": self.month,
                **self.year_to_date.to_json(),
            },
            "same_month_last_year": {
                "month": shift_month(self.month, -12),
                "recorded": not self.last_year.is_empty(),
                **self.last_year.to_json(),
            },
            "water_by_household": self.water,
            "open_issues": self.issues,
            "stock_by_station": self.stock,
            "expiring_medicine": self.expiring,
        }


def last_day(month: str) -> date:
    """The last day of `month`."""
    return date.fromisoformat(f"{shift_month(month, 1)}-01") - timedelta(days=1)


def day_of(text: str, tz: tzinfo) -> str:
    """The day (YYYY-MM-DD) of a stored time in the station's zone."""
    moment = stored_time(text, tz)
    return moment.astimezone(tz).date().isoformat() if moment is not None else ""


def water_row(
    station: str, household: str, registered: dict[str, Any] | None, litres: int, dates: list[str]
) -> Row:
    reg = registered or {}
    return {
        "station": station,
        "household": household,
        "head": str(reg.get("head", "")),
        "gacha": str(reg.get("gacha", "")),
        "deliveries": len(dates),
        "litres": litres,
        "dates": sorted(dates),
    }


def issue_row(station: str, data: dict[str, Any], head: str, day: str) -> Row:
    raised, resolved = data.get("issues_raised", 0), data.get("issues_resolved", 0)
    return {
        "station": station,
        "household": data["household"],
        "head": head,
        "date": day,
        "purpose": data.get("purpose", ""),
        "issues_raised": raised,
        "issues_resolved": resolved,
        "unresolved": raised - resolved,
        "follow_up": data.get("follow_up", ""),
    }


def issue_order(row: Row) -> tuple[Any, ...]:
    """Issues by day, then household: every field breaks ties so station and HQ agree."""
    keys = ("date", "household", "purpose", "issues_raised", "issues_resolved", "follow_up")
    return tuple(row[k] for k in keys)


def stock_rows(station: str, stock: dict[MedicineUnit, float]) -> list[Row]:
    return [
        {"station": station, "medicine": m, "unit": u, "balance": number(q), "short": q < 0}
        for (m, u), q in sorted(stock.items())
    ]


def expiring_window(month: str) -> tuple[str, str]:
    """The first and last day (inclusive) of `expires` a month's summary lists."""
    return f"{month}-01", (last_day(month) + timedelta(days=EXPIRING_DAYS)).isoformat()


def expiring_row(station: str, month: str, item: dict[str, Any], expires: str) -> Row:
    return {
        "station": station,
        "medicine": item["medicine"],
        "unit": item["unit"],
        "quantity": number(item["quantity"]),
        "expires": expires,
        "days": (date.fromisoformat(expires) - last_day(month)).days,
    }


def expiring_order(row: Row) -> tuple[Any, ...]:
    return (row["expires"], row["medicine"], row["unit"], row["quantity"])


def station_sections(
    entries: Sequence[Entry],
    state: LogState,
    months: dict[str, str],
    *,
    station: str,
    month: str,
    tz: tzinfo,
    stock: dict[MedicineUnit, float],
) -> Sections:
    """The sections of `month` from a station's whole log (`months`: entry id -> its month)."""
    year, last_year = f"{month[:4]}-01", shift_month(month, -12)
    ytd: list[tuple[str, dict[str, Any]]] = []
    before: list[tuple[str, dict[str, Any]]] = []
    water: dict[str, tuple[int, list[str]]] = {}
    issues: list[Row] = []
    expiring: list[Row] = []
    first, last = expiring_window(month)
    for e in entries:
        m = months.get(e["id"])
        if not m or m > month or state.is_voided(e["id"]):
            continue
        kind, data = e["kind"], state.current_data(e)
        if not data_in_bounds(kind, data):
            continue
        if m >= year:
            ytd.append((kind, data))
        if m == last_year:
            before.append((kind, data))
        if kind == "medicine_stock" and first <= data.get("expires", "") <= last:
            expiring += [expiring_row(station, month, i, data["expires"]) for i in data["items"]]
        if m != month:
            continue
        if kind == "water_delivery":
            litres, dates = water.get(data["household"], (0, []))
            dates.append(day_of(state.current_time(e), tz))
            water[data["household"]] = (litres + data["litres"], dates)
        elif kind == "herder_visit" and data.get("issues_raised", 0) > data.get(
            "issues_resolved", 0
        ):
            head = str((state.household(data["household"]) or {}).get("head", ""))
            issues.append(issue_row(station, data, head, day_of(state.current_time(e), tz)))
    year_to_date = count_month(ytd)
    year_to_date.stock = dict(stock)
    previous = count_month(before)
    previous.stock = count_stock(
        (e["kind"], state.current_data(e))
        for e in entries
        if months.get(e["id"], "9999") <= last_year
        and not state.is_voided(e["id"])
        and data_in_bounds(e["kind"], state.current_data(e))
    )
    return Sections(
        month=month,
        year_to_date=year_to_date,
        last_year=previous,
        water=[
            water_row(station, hid, state.household(hid), litres, dates)
            for hid, (litres, dates) in sorted(water.items())
        ],
        issues=sorted(issues, key=issue_order),
        stock=stock_rows(station, stock),
        expiring=sorted(expiring, key=expiring_order),
    )


def combine_sections(month: str, parts: Iterable[Sections]) -> Sections:
    """The brigade's sections: figures added up, tables kept per station (never netted)."""
    parts = list(parts)
    return Sections(
        month=month,
        year_to_date=combine(p.year_to_date for p in parts),
        last_year=combine(p.last_year for p in parts),
        water=[r for p in parts for r in p.water],
        issues=[r for p in parts for r in p.issues],
        stock=[r for p in parts for r in p.stock],
        expiring=[r for p in parts for r in p.expiring],
    )
