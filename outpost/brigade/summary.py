"""The brigade's monthly service summary: one row per enrolled station, and the totals."""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path

from outpost.brigade.opening import open_hq
from outpost.errors import ForeignDataDir
from outpost.hq import HqArchive
from outpost.hq.report_sql import hq_summary
from outpost.model import format_time
from outpost.model.months import check_month, month_at
from outpost.model.times import now
from outpost.reports import MonthlySummary, render
from outpost.store.files import atomic_write, make_private_dir, storage_failed


def brigade_summary(
    archive: HqArchive, month: str | None = None, station: str | None = None
) -> MonthlySummary:
    """The summary of `month` (default: this month by the clock) for every enrolled station, or
    only `station` (InputRefused when it is not enrolled)."""
    if month is not None:
        check_month(month)
    moment = now()
    return hq_summary(
        archive.db, month or month_at(moment), station, generated_at=format_time(moment)
    )


def brigade_summary_of_folder(
    folder: Path, month: str | None = None, station: str | None = None
) -> MonthlySummary:
    """`brigade_summary` of the HQ in `folder`, opened for it. A bad month is refused before the
    folder is looked at; a station's folder is refused as "a report needs an HQ folder"."""
    if month is not None:
        check_month(month)
    with ExitStack() as stack:
        try:
            archive = stack.enter_context(open_hq(folder))
        except ForeignDataDir as exc:
            # HQ's own refusal speaks of stations; this one says a report needs an HQ folder
            raise ForeignDataDir(
                "report.not_hq", path=exc.params.get("path"), reason=exc.params.get("reason", "")
            ) from None
        return brigade_summary(archive, month, station)


EXTENSIONS = {"text": "txt", "md": "md", "csv": "csv", "html": "html", "json": "json"}
"""Every format `outpost hq report` writes, and the file suffix of each."""


def export_summary(summary: MonthlySummary, folder: Path) -> list[Path]:
    """Write `summary` into `folder` (made when missing) in every format `outpost hq report`
    writes, each file whole (a crash never leaves half a file); the files written."""
    try:
        make_private_dir(folder, parents=True)
    except OSError as exc:
        raise storage_failed(folder, exc) from None
    doc = summary.to_json()
    written = []
    for fmt, suffix in EXTENSIONS.items():
        path = folder / f"brigade-summary-{doc['month']}.{suffix}"
        atomic_write(path, render(doc, fmt))
        written.append(path)
    return written
