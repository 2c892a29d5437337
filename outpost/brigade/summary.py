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
from outpost.model.times import now, zone
from outpost.reports import Furniture, MonthlySummary, render
from outpost.reports.furniture import SIGNATURES
from outpost.store.files import (
    atomic_write,
    make_private_dir,
    read_json,
    storage_failed,
    write_json,
)
from outpost.store.role import HQ

SIGNED_BY = "report_signatures"
"""The key of `hq.json` holding the names of the signature lines."""


def signed_by(
    archive: HqArchive, names: dict[str, str] | None = None, *, keep: bool = False
) -> dict[str, str]:
    """The names of the signature lines: those given in `names`, else the ones HQ kept in
    `hq.json` (`keep` keeps the given ones there for the next summaries)."""
    info = read_json(archive.folder / HQ.marker)
    kept = info.get(SIGNED_BY)
    kept = kept if isinstance(kept, dict) else {}
    given = {k: v.strip() for k, v in (names or {}).items() if k in SIGNATURES and v and v.strip()}
    chosen = {k: given.get(k) or str(kept.get(k) or "") for k in SIGNATURES}
    if keep and given:
        write_json(archive.folder / HQ.marker, {**info, SIGNED_BY: chosen})
    return chosen


def brigade_summary(
    archive: HqArchive,
    month: str | None = None,
    station: str | None = None,
    names: dict[str, str] | None = None,
    *,
    keep_names: bool = False,
) -> MonthlySummary:
    """The summary of `month` (default: this month by the clock) for every enrolled station, or
    only `station` (InputRefused when it is not enrolled; the summary is then titled by it), with
    the brigade's name and the signature lines."""
    if month is not None:
        check_month(month)
    brigade = zone(archive.timezone)
    moment = now(brigade)  # this month is the brigade's: a year ends at its midnight
    summary = hq_summary(
        archive.db, month or month_at(moment), station, generated_at=format_time(moment)
    )
    signed = signed_by(archive, names, keep=keep_names)
    summary.furniture = Furniture(
        issuer=archive.name,
        zone=archive.timezone,  # the brigade's, as `brigade_zone()` shows every HQ time
        station_only=station is not None,
        prepared_by=signed["prepared_by"],
        checked_by=signed["checked_by"],
        approved_by=signed["approved_by"],
    )
    return summary


def brigade_summary_of_folder(
    folder: Path,
    month: str | None = None,
    station: str | None = None,
    names: dict[str, str] | None = None,
    *,
    keep_names: bool = False,
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
        return brigade_summary(archive, month, station, names, keep_names=keep_names)


EXTENSIONS = {
    "text": "txt",
    "md": "md",
    "csv": "csv",
    "html": "html",
    "json": "json",
    "xlsx": "xlsx",
}
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
