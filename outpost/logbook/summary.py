"""The station's monthly summary of its own log, for `outpost report` and the summary screen."""

from __future__ import annotations

from outpost.logbook.logbook import Logbook
from outpost.model import format_time
from outpost.reports import MonthlySummary, station_summary


def monthly_summary(book: Logbook, month: str | None = None) -> MonthlySummary:
    """`month` (default: this month, in the station's zone) as this log reads now, with how
    much of it HQ has acknowledged."""
    from outpost.sync.status import SyncBook

    now = book.clock()
    return station_summary(
        list(book.entries()),
        station=book.config.station_id,
        name=book.config.name,
        month=month or now.astimezone(book.tz).strftime("%Y-%m"),
        tz=book.tz,
        state=book.state,
        log_id=book.config.log_id,
        acknowledged_through=SyncBook.of(book).acknowledged_through,
        generated_at=format_time(now),
    )
