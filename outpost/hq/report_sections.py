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
from outpost.reports.figures import MonthFigures, combine, number
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

from .readers import run_all
from .report_counts import Sets, fill_figures, period_queries, station_filter
from .stock_cache import cached_months, forget_stale_months, keep_months

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
        "water": _WATER.format(station=where),
        "issues": _ISSUES.format(station=where),
        "expiring": _EXPIRING.format(station=where),
        "stock_ly": _STOCK_LAST_YEAR.format(station=where),
    }
    params = {
        "ly": shift_month(month, -12),
        "expires_from": first,
        "expires_to": last,
    }
    return queries, params


def _registry(db: sqlite3.Connection, only: str | None) -> dict[tuple[str, str], dict[str, Any]]:
    found: dict[tuple[str, str], dict[str, Any]] = {}
    where = "WHERE station = :only" if only is not None else ""
    for station, household, head, gacha in db.execute(
        f"SELECT station, household, head, gacha FROM report_households {where}", {"only": only}
    ):
        found[(station, household)] = {"head": head or "", "gacha": gacha or ""}
    return found


def _by_station(rows: list[Any]) -> dict[str, list[Any]]:
    grouped: dict[str, list[Any]] = {}
    for row in rows:
        grouped.setdefault(row[0], []).append(row)
    return grouped


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
    last_year = shift_month(month, -12)
    year = [shift_month(f"{month[:4]}-01", i) for i in range(int(month[5:7]))]
    months = cached_figures(db, [last_year, *year], list(zones), only)
    registry = _registry(db, only)  # refreshed by cached_figures
    water_rows, issue_rows = _by_station(rows["water"]), _by_station(rows["issues"])
    expiring_rows, stock_ly = _by_station(rows["expiring"]), _by_station(rows["stock_ly"])
    sections = {}
    for station, tz in zones.items():
        water: dict[str, tuple[int, list[str]]] = {}
        for _, household, occurred_at, litres in water_rows.get(station, []):
            total, dates = water.get(household, (0, []))
            dates.append(day_of(occurred_at, tz))
            water[household] = (total + int(litres), dates)
        stock = figures.get((month, station), MonthFigures()).stock
        ytd = add_up([months[(m, station)] for m in year])
        ytd.stock = dict(stock)
        before = months[(last_year, station)][0]
        before.stock = {(m, u): number(q) for _, m, u, q in stock_ly.get(station, [])}
        issues = [
            issue_row(
                station,
                data,
                str(registry.get((station, data["household"]), {}).get("head", "")),
                day_of(at, tz),
            )
            for _, at, raw in issue_rows.get(station, [])
            for data in [json.loads(raw)]
        ]
        expiring = [
            expiring_row(station, month, item, expires)
            for _, expires, items in expiring_rows.get(station, [])
            for item in json.loads(items)
        ]
        sections[station] = Sections(
            month=month,
            year_to_date=ytd,
            last_year=before,
            water=[
                water_row(station, hid, registry.get((station, hid)), litres, dates)
                for hid, (litres, dates) in sorted(water.items())
            ],
            issues=sorted(issues, key=issue_order),
            stock=stock_rows(station, stock),
            expiring=sorted(expiring, key=expiring_order),
        )
    return sections


def _encode(figures: MonthFigures, sets: Sets) -> str:
    raw = {k: v for k, v in vars(figures).items() if k not in ("items", "stock")}
    raw["items"] = [[m, u, q] for (m, u), q in sorted(figures.items.items())]
    raw["sets"] = {k: sorted(v) for k, v in sorted(sets.items())}
    return json.dumps(raw, ensure_ascii=False, sort_keys=True)


def _decode(text: str) -> tuple[MonthFigures, Sets]:
    raw = json.loads(text)
    sets = {k: set(v) for k, v in raw.pop("sets").items()}
    items = {(m, u): q for m, u, q in raw.pop("items")}
    return MonthFigures(**raw, items=items), sets


def add_up(parts: list[tuple[MonthFigures, Sets]]) -> MonthFigures:
    """Months added up into one period: sums add, distinct counts are the sizes of the unions
    of the months' sets."""
    total = combine(f for f, _ in parts)
    union: Sets = {}
    for _, part in parts:
        for what, ids in part.items():
            union.setdefault(what, set()).update(ids)
    total.markers_distinct = len(union.get("markers", ()))
    total.water_households = len(union.get("water", ()))
    total.visit_households = len(union.get("visited", ()))
    total.households_served = len(union.get("served", ()))
    return total


def cached_figures(
    db: sqlite3.Connection, months: list[str], stations: list[str], only: str | None
) -> dict[tuple[str, str], tuple[MonthFigures, Sets]]:
    """(month, station) -> its figures and sets (stock left empty), read from the month cache
    of outpost.hq.stock_cache, the months not cached counted in SQL and cached."""
    db.execute("SAVEPOINT report_months")
    try:
        forget_stale_months(db, only)
        cached = cached_months(db, min(months), max(months), only)
    finally:
        db.execute("RELEASE report_months")
    missing = sorted({m for m in months for s in stations if (m, s) not in cached})
    if missing:
        names = {f"c{i}": m for i, m in enumerate(missing)}
        within = f"month IN ({', '.join(':' + n for n in names)})"
        rows = run_all(db, period_queries("", only, "month", within), {"only": only, **names})
        figures: dict[tuple[str, str], MonthFigures] = {}
        sets: dict[tuple[str, str], Sets] = {}
        fill_figures(rows, "", figures, sets)
        counted = [
            (s, m, _encode(figures.get((m, s), MonthFigures()), sets.get((m, s), {})))
            for m in missing
            for s in stations
        ]
        db.execute("SAVEPOINT report_months")
        try:
            keep_months(db, counted)
        except BaseException:
            db.execute("ROLLBACK TO report_months")
            raise
        finally:
            db.execute("RELEASE report_months")
        cached.update({(m, s): text for s, m, text in counted})
    return {(m, s): _decode(cached[(m, s)]) for m in months for s in stations}
