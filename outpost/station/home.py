"""What the home screen shows, as plain data: today, this month, 30 days of activity, alerts.

It reads `book.state` and only the newest month files, so the home screen opens as fast on five
years of log as on an empty one. This month's counters are counted by `outpost.reports`, the
code of the monthly summary, from the same records.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from outpost.logbook import Logbook
from outpost.model import HOUSEHOLD_FIELDS, Entry
from outpost.model.bounds import stored_time
from outpost.model.months import month_at, month_of
from outpost.reports import MonthFigures, count_month
from outpost.reports.summary import current_records, months_of

ACTIVITY_DAYS = 30
QUIET_DAYS = 30
"""A household with nothing recorded for this many days is named in the alerts."""
LOW_STOCK_SHARE = 0.2
"""A medicine is low when less than this share of all that was received is left."""
LOW_STOCK_FLOOR = 5
ACK_OLD_DAYS = 14
"""Entries wait for HQ and the last ack is this many days old: the home screen says so."""


@dataclass
class Alert:
    """One line of the home screen's alerts: a message key and its parameters."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)
    level: str = "warning"


@dataclass
class Overview:
    """Everything the home screen needs, computed once per visit."""

    today: list[dict[str, Any]]
    month: str
    counters: dict[str, float]
    activity: list[int]
    alerts: list[Alert]


def recent_entries(book: Logbook, days: int = ACTIVITY_DAYS + 1) -> list[Entry]:
    """Entries of the newest month files that cover at least the last `days` days, in seq order.

    Month files hold what was recorded in the month, and nothing is recorded before it occurs
    (beyond a clock's drift), so these hold every entry that occurred this month, and the
    amendments that moved an older entry into these days: that entry is read too."""
    now = book.clock().astimezone(book.tz)
    since = month_at(now - timedelta(days=days))
    months = [m for m in book.months() if m >= since]
    found: list[Entry] = []
    for month in months:
        found += book.month_entries(month)
    have = {e["id"] for e in found}
    for target in {e["data"].get("target") for e in found if e["kind"] == "amendment"} - have:
        moved = book.state.amended.get(target, {}).get("occurred_at")
        if moved and month_of(moved, book.tz) >= since and (entry := book.find(target)):
            found.append(entry)
    found.sort(key=lambda e: e["seq"])
    return found


def low_stock(book: Logbook) -> list[dict[str, Any]]:
    """Stock rows that are in deficit or running low."""
    rows = []
    for row in book.state.stock_levels():
        limit = max(LOW_STOCK_FLOOR, LOW_STOCK_SHARE * row["received"])
        if row["balance"] < 0:
            rows.append({**row, "level": "deficit"})
        elif row["balance"] <= limit:
            rows.append({**row, "level": "low"})
    return rows


def month_figures(book: Logbook, entries: list[Entry], month: str) -> MonthFigures:
    """The summary's figures of `month` (stock left out) from entries holding all of it."""
    records = current_records(entries, book.state, months_of(entries, book.tz, book.state))
    return count_month((kind, data) for m, kind, data in records if m == month)


def counters(figures: MonthFigures) -> dict[str, float]:
    """The home screen's counters: patrols and km, water deliveries and litres, handouts,
    visits, assistance."""
    km = round(figures.km, 1)
    return {
        "patrols": figures.patrols,
        "km": int(km) if km.is_integer() else km,
        "water": figures.water_deliveries,
        "litres": figures.litres,
        "medicine": figures.handouts,
        "visits": figures.visits,
        "assistance": figures.assistance,
    }


def overview(book: Logbook, sync: dict[str, Any] | None = None) -> Overview:
    """The home screen's figures, from the state and the newest month files only."""
    tz = book.tz
    now = book.clock().astimezone(tz)
    today = now.date()
    month = month_at(now)
    entries = recent_entries(book)
    first_day = today - timedelta(days=ACTIVITY_DAYS - 1)
    activity = [0] * ACTIVITY_DAYS
    last_seen: dict[str, date] = {}
    todays: list[dict[str, Any]] = []
    window_start = (first_day - timedelta(days=2)).isoformat()
    for entry in entries:
        when = book.state.current_time(entry)
        if entry["kind"] in ("amendment", "void") or when[:10] < window_start:
            continue
        moment = stored_time(when, tz)  # None: out of bounds, an old version's
        if moment is None:
            continue
        day = moment.astimezone(tz).date()
        if day < first_day or day > today:
            continue
        data = book.state.current_data(entry)
        for name in HOUSEHOLD_FIELDS:
            hid = data.get(name)
            if isinstance(hid, str) and (hid not in last_seen or last_seen[hid] < day):
                last_seen[hid] = day
        if book.state.is_voided(entry["id"]):
            continue
        if day == today:
            todays.append(book.current(entry))
        activity[(day - first_day).days] += 1
    alerts = [
        Alert(
            "tui.alert.deficit" if row["level"] == "deficit" else "tui.alert.low_stock",
            {"medicine": row["medicine"], "balance": row["balance"], "unit": row["unit"]},
            "error" if row["level"] == "deficit" else "warning",
        )
        for row in low_stock(book)
    ]
    quiet_since = today - timedelta(days=QUIET_DAYS)
    quiet = [
        f"{data.get('head', '')} ({hid})"
        for hid, data in sorted(book.state.registry().items())
        if last_seen.get(hid, date.min) < quiet_since
    ]
    if quiet:
        shown = "、".join(quiet[:3]) + (" …" if len(quiet) > 3 else "")
        alerts.append(
            Alert("tui.alert.quiet", {"count": len(quiet), "days": QUIET_DAYS, "names": shown})
        )
    if sync:
        alerts += sync_alerts(sync, now)
    todays.sort(key=lambda v: v["occurred_at"], reverse=True)
    figures = month_figures(book, entries, month)
    return Overview(todays, month, counters(figures), activity, alerts)


def sync_alerts(sync: dict[str, Any], now: datetime) -> list[Alert]:
    """Alerts about delivery to HQ: packets waiting, gaps HQ named, an ack that disagreed
    with this log, an ack long ago."""
    alerts = []
    waiting = sync.get("outbox_packets") or 0
    if waiting:
        alerts.append(Alert("tui.alert.outbox", {"count": waiting}))
    for lo, hi in sync.get("gaps") or []:
        alerts.append(Alert("tui.alert.gap", {"first": lo, "last": hi}, "error"))
    for alarm in sync.get("alarms") or []:
        params = {"seq": alarm["seq"], "counter": alarm["counter"]}
        alerts.append(Alert("tui.alert.ack_alarm", params, "error"))
    last_ack = sync.get("last_ack_at")
    if last_ack and sync.get("unacked", 0):
        try:
            age = (now - datetime.fromisoformat(last_ack)).days
        except (TypeError, ValueError):
            age = 0
        if age >= ACK_OLD_DAYS:
            alerts.append(Alert("tui.alert.ack_old", {"days": age}))
    return alerts
