"""The summary's sections at HQ, counted in SQL: the twin of `outpost.reports.sections`.

Year to date is one grouped pass over the months of the year (the `entries_month` index ranges
over them); the same month last year is one month's pass; the tables read only their month's
water deliveries and visits, and the medicine receipts and household registrations through the
`entries_receipts` and `entries_households` indexes. Python only arranges the rows and reads
each time in its station's zone.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import tzinfo
from typing import Any

from outpost.model.months import shift_month
from outpost.reports.figures import MonthFigures, number
from outpost.reports.sections import (
    Sections,
    day_of,
    expiring_order,
    expiring_row,
    expiring_window,
    issue_order,
    issue_row,
    stock_rows,
    water_row,
)

from .report_counts import fill_figures, period_queries, station_filter

_WATER = """
SELECT station, json_extract(data, '$.household'), occurred_at, json_extract(data, '$.litres')
FROM entries
WHERE month = :m1 AND kind = 'water_delivery' AND voided = 0 {station}
"""

_ISSUES = """
SELECT station, occurred_at, data
FROM entries
WHERE month = :m1 AND kind = 'herder_visit' AND voided = 0 {station}
  AND COALESCE(json_extract(data, '$.issues_raised'), 0)
      > COALESCE(json_extract(data, '$.issues_resolved'), 0)
"""

_EXPIRING = """
SELECT station, json_extract(data, '$.expires'), json_extract(data, '$.items')
FROM entries INDEXED BY entries_receipts
WHERE kind = 'medicine_stock' AND voided = 0 AND month <= :m1 {station}
  AND json_extract(data, '$.expires') BETWEEN :expires_from AND :expires_to
"""

_HOUSEHOLDS = """
SELECT station, json_extract(data, '$.household_id'), data
FROM entries INDEXED BY entries_households
WHERE kind = 'household' AND voided = 0 {station}
ORDER BY station, seq
"""
"""Registrations in log order: the last one standing of an id is its current record, as at
the station (LogState.household)."""

_STOCK_LAST_YEAR = """
SELECT station, medicine, unit, TOTAL(quantity)
FROM report_stock_moves
WHERE month <= :ly {station}
GROUP BY station, medicine, unit
"""


def section_queries(month: str, only: str | None) -> tuple[dict[str, str], dict[str, Any]]:
    """The queries (and their parameters) to run beside the month's figures."""
    where = station_filter(only)
    first, last = expiring_window(month)
    queries = {
        **period_queries("ytd_", only, "'ytd'", "month BETWEEN :y1 AND :m1"),
        **period_queries("ly_", only, "'ly'", "month = :ly"),
        "water": _WATER.format(station=where),
        "issues": _ISSUES.format(station=where),
        "expiring": _EXPIRING.format(station=where),
        "stock_ly": _STOCK_LAST_YEAR.format(station=where),
    }
    params = {
        "y1": f"{month[:4]}-01",
        "ly": shift_month(month, -12),
        "expires_from": first,
        "expires_to": last,
    }
    return queries, params


def _registry(db: sqlite3.Connection, only: str | None) -> dict[tuple[str, str], dict[str, Any]]:
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for station, household, data in db.execute(
        _HOUSEHOLDS.format(station=station_filter(only)), {"only": only}
    ):
        found[(station, household)] = json.loads(data)
    return found


def hq_sections(
    db: sqlite3.Connection,
    month: str,
    zones: dict[str, tzinfo],
    only: str | None,
    rows: dict[str, list[Any]],
    figures: dict[tuple[str, str], MonthFigures],
) -> dict[str, Sections]:
    """Station -> its sections of `month`, from the rows of `section_queries` (run by
    `hq_figures`) and the month's figures (for the stock at its end)."""
    periods: dict[tuple[str, str], MonthFigures] = {}
    fill_figures(rows, "ytd_", periods)
    fill_figures(rows, "ly_", periods)
    for station, medicine, unit, quantity in rows["stock_ly"]:
        periods.setdefault(("ly", station), MonthFigures()).stock[(medicine, unit)] = number(
            quantity
        )
    registry = _registry(db, only) if rows["water"] or rows["issues"] else {}
    water: dict[tuple[str, str], tuple[int, list[str]]] = {}
    for station, household, occurred_at, litres in rows["water"]:
        total, dates = water.get((station, household), (0, []))
        dates.append(day_of(occurred_at, zones[station]))
        water[(station, household)] = (total + int(litres), dates)
    sections = {}
    for station, tz in zones.items():
        stock = figures.get((month, station), MonthFigures()).stock
        ytd = periods.get(("ytd", station), MonthFigures())
        ytd.stock = dict(stock)
        issues = [
            issue_row(
                station,
                data,
                str(registry.get((station, data["household"]), {}).get("head", "")),
                day_of(at, tz),
            )
            for s, at, raw in rows["issues"]
            if s == station
            for data in [json.loads(raw)]
        ]
        expiring = [
            expiring_row(station, month, item, expires)
            for s, expires, items in rows["expiring"]
            if s == station
            for item in json.loads(items)
        ]
        sections[station] = Sections(
            month=month,
            year_to_date=ytd,
            last_year=periods.get(("ly", station), MonthFigures()),
            water=[
                water_row(station, hid, registry.get((station, hid)), litres, dates)
                for (s, hid), (litres, dates) in sorted(water.items())
                if s == station
            ],
            issues=sorted(issues, key=issue_order),
            stock=stock_rows(station, stock),
            expiring=sorted(expiring, key=expiring_order),
        )
    return sections
