"""The station's monthly summary of its own log, for `outpost report` and the summary screen,
and its export to files from the screen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from outpost.errors import InputRefused
from outpost.logbook import Logbook
from outpost.model import format_time
from outpost.model.months import month_at
from outpost.reports import Furniture, MonthlySummary, render, station_summary
from outpost.reports.furniture import SIGNATURES
from outpost.store.files import atomic_write
from outpost.sync.status import SyncBook

SIGNED_BY = "report_signatures"
"""The setting (`station.json` `settings`) holding the names of the signature lines."""

REPORTS = "reports"
"""The folder of the station's data directory the summary screen exports into."""
EXPORT_FORMATS = ("html", "csv", "md", "json", "xlsx")


def this_month(book: Logbook) -> str:
    """The month it is now in the station's zone, like 2026-11."""
    return month_at(book.clock().astimezone(book.tz))


def signed_by(
    book: Logbook, names: dict[str, str] | None = None, *, keep: bool = False
) -> dict[str, str]:
    """The names of the signature lines: those given in `names`, else the ones the station
    kept (`keep` keeps the given ones for the next summaries; the book must be writable)."""
    kept = book.config.settings.get(SIGNED_BY)
    kept = kept if isinstance(kept, dict) else {}
    given = {k: v.strip() for k, v in (names or {}).items() if k in SIGNATURES and v and v.strip()}
    chosen = {k: given.get(k) or str(kept.get(k) or "") for k in SIGNATURES}
    if keep and given:
        book.config.settings[SIGNED_BY] = chosen
        book.save_config()
    return chosen


def monthly_summary(
    book: Logbook,
    month: str | None = None,
    names: dict[str, str] | None = None,
    *,
    keep_names: bool = False,
) -> MonthlySummary:
    """`month` (default: this month, in the station's zone) as this log reads now, with how
    much of it HQ has acknowledged; titled by the station, signed by `names` or the kept ones."""
    now = book.clock()
    signed = signed_by(book, names, keep=keep_names)
    furniture = Furniture(
        issuer=book.config.name,
        zone=book.config.timezone,
        prepared_by=signed["prepared_by"],
        checked_by=signed["checked_by"],
        approved_by=signed["approved_by"],
    )
    summary = station_summary(
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
    summary.furniture = furniture
    return summary


def written_in_clear(book: Logbook) -> bool:
    """True when a summary written to a file must say it is in clear: the station keeps its
    files sealed, but a summary stays readable and printable (and names herders, in its water
    by household), so the officer is told to delete it or keep it safe once used."""
    from outpost.station.sealing import station_is_sealed

    return station_is_sealed(book.folder)


def export_summary(book: Logbook, doc: dict[str, Any]) -> Path:
    """Write a summary document as HTML, CSV, Markdown, JSON and xlsx into the station's
    `reports/`; returns the HTML file. A folder that cannot be made is InputRefused naming it."""
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
