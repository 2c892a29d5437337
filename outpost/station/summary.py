"""The station's monthly summary of its own log, for `outpost report` and the summary screen,
and its export to files from the screen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from outpost.errors import InputRefused
from outpost.logbook import Logbook
from outpost.model import format_time
from outpost.model.months import month_at
from outpost.reports import MonthlySummary, render, station_summary
from outpost.store.files import atomic_write
from outpost.sync.status import SyncBook

REPORTS = "reports"
"""The folder of the station's data directory the summary screen exports into."""
EXPORT_FORMATS = ("html", "csv", "md", "json")


def this_month(book: Logbook) -> str:
    """The month it is now in the station's zone, like 2026-11."""
    return month_at(book.clock().astimezone(book.tz))


def monthly_summary(book: Logbook, month: str | None = None) -> MonthlySummary:
    """`month` (default: this month, in the station's zone) as this log reads now, with how
    much of it HQ has acknowledged."""
    now = book.clock()
    return station_summary(
        list(book.entries()),
        station=book.config.station_id,
        name=book.config.name,
        month=month or month_at(now.astimezone(book.tz)),
        tz=book.tz,
        state=book.state,
        log_id=book.config.log_id,
        acknowledged_through=SyncBook.of(book).acknowledged_through,
        generated_at=format_time(now),
    )


def export_summary(book: Logbook, doc: dict[str, Any]) -> Path:
    """Write a summary document as HTML, CSV, Markdown and JSON into the station's `reports/`;
    returns the HTML file. A folder that cannot be made is InputRefused naming it."""
    folder = book.folder / REPORTS
    stem = f"summary-{doc['stations'][0]['station']}-{doc['month']}"
    try:
        folder.mkdir(exist_ok=True)
        for fmt in EXPORT_FORMATS:
            atomic_write(folder / f"{stem}.{fmt}", render(doc, fmt))
    except OSError as exc:
        raise InputRefused(
            "store.unreadable", path=str(folder), reason=exc.strerror or "?"
        ) from None
    return folder / f"{stem}.html"
