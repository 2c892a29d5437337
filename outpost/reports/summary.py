"""`MonthlySummary` of a station's own log, and the document shape both station and HQ print."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import tzinfo
from typing import Any

from outpost.model import Entry, LogState, fold
from outpost.model.entry import data_in_bounds
from outpost.model.months import check_month, month_of, previous_month
from outpost.reports.figures import (
    SUMMARY_KINDS,
    MonthFigures,
    combine,
    count_month,
    count_stock,
)
from outpost.reports.sections import Sections, combine_sections, station_sections

FORMAT = 1


@dataclass
class StationMonth:
    """One station's figures for a month and the month before, and what they rest on."""

    station: str
    name: str
    month: str
    figures: MonthFigures
    previous: MonthFigures
    coverage: dict[str, Any] = field(default_factory=dict)
    sections: Sections | None = None
    """Year to date, last year, and the tables offices ask for (None: not counted)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "station": self.station,
            "name": self.name,
            "month": self.month,
            **self.figures.to_json(),
            "previous": {"month": previous_month(self.month), **self.previous.to_json()},
            "coverage": self.coverage,
            **(self.sections.to_json() if self.sections is not None else {}),
        }


@dataclass
class Furniture:
    """What makes the summary a document to sign (docs/summary-definitions.md, "Document")."""

    issuer: str = ""
    """The brigade's name at HQ, the station's at the station: the title carries it."""
    zone: str = ""
    """The zone every time of the document is printed in (the station's, or the brigade's)."""
    station_only: bool = False
    """An HQ summary of one station (`hq report --station`): titled by it, no brigade total."""
    prepared_by: str = ""
    """制表人; an empty name prints a line to sign on."""
    checked_by: str = ""
    """审核人."""
    approved_by: str = ""
    """负责人."""


@dataclass
class MonthlySummary:
    """The summary of one month: one row per station, and the totals (the brigade's at HQ)."""

    scope: str
    """"station" when a station counted its own log, "hq" when HQ counted its archive."""
    month: str
    stations: list[StationMonth]
    generated_at: str = ""
    furniture: Furniture = field(default_factory=Furniture)

    @property
    def previous_month(self) -> str:
        return previous_month(self.month)

    def total(self) -> tuple[MonthFigures, MonthFigures]:
        """The month's and the previous month's figures added up over the stations."""
        return (
            combine(s.figures for s in self.stations),
            combine(s.previous for s in self.stations),
        )

    def total_sections(self) -> Sections | None:
        """The brigade's sections (None when a station's were not counted)."""
        parts = [s.sections for s in self.stations]
        if any(p is None for p in parts):
            return None
        return combine_sections(self.month, (p for p in parts if p is not None))

    def may_be_incomplete(self) -> bool:
        return any(s.coverage.get("may_be_incomplete") for s in self.stations)

    def total_coverage(self) -> dict[str, Any]:
        """The brigade's coverage: the worst state of its stations' months (HQ's coverage has
        `status`; a station's own log is whole), the entries known missing, and the same for
        the month before."""
        now = [s.coverage for s in self.stations]
        before = [c.get("previous", {}) for c in now]
        return {
            "stations": len(self.stations),
            "may_be_incomplete": self.may_be_incomplete(),
            **_worst(now),
            "previous": {"month": self.previous_month, **_worst(before)},
        }

    def to_json(self) -> dict[str, Any]:
        """The document of `schemas/summary.schema.json` (`--format json`)."""
        figures, previous = self.total()
        return {
            "format": FORMAT,
            "scope": self.scope,
            "month": self.month,
            "previous_month": self.previous_month,
            "generated_at": self.generated_at,
            "stations": [s.to_json() for s in self.stations],
            "total": {
                "station": None,
                "name": None,
                "month": self.month,
                **figures.to_json(),
                "previous": {"month": self.previous_month, **previous.to_json()},
                "coverage": self.total_coverage(),
                **(sections.to_json() if (sections := self.total_sections()) else {}),
            },
            "document": asdict(self.furniture),
        }


def _worst(coverage: list[dict[str, Any]]) -> dict[str, Any]:
    """The worst of stations' coverage states ("missing" over "waiting" over "complete") and the
    entries missing over all of them."""
    states = {c.get("status", "complete") for c in coverage}
    worst = next((s for s in ("missing", "waiting") if s in states), "complete")
    return {"status": worst, "missing_count": sum(c.get("missing_count", 0) for c in coverage)}


def months_of(
    entries: Sequence[Entry], tz: tzinfo, state: LogState | None = None
) -> dict[str, str]:
    """Entry id -> month of its `occurred_at` in the station's zone (with `state`: as the
    amendments moved it), for the entries a summary reads (one whose time is outside the
    bounds, let in by an older version, has no month and is left out: HQ refuses it, and
    `outpost check` names it)."""
    months = {}
    for e in entries:
        if e["kind"] not in SUMMARY_KINDS:
            continue
        when = state.current_time(e) if state is not None else e["occurred_at"]
        if month := month_of(when, tz):
            months[e["id"]] = month
    return months


def current_records(
    entries: Sequence[Entry], state: LogState, months: dict[str, str]
) -> list[tuple[str, str, dict[str, Any]]]:
    """(month of occurred_at, kind, current data) of every entry a summary reads that is not
    voided: the current view of docs/data-model.md (voids out, amendments in). Data outside
    the bounds (a NaN, a patrol in year 9999, let in by an older version) is left out."""
    records = []
    for e in entries:
        if e["id"] in months and not state.is_voided(e["id"]):
            data = state.current_data(e)
            if data_in_bounds(e["kind"], data):
                records.append((months[e["id"]], e["kind"], data))
    return records


def figures_of(records: Iterable[tuple[str, str, dict[str, Any]]], month: str) -> MonthFigures:
    """The figures of `month`, with the medicine stock held at its end."""
    records = list(records)
    figures = count_month((k, d) for m, k, d in records if m == month)
    figures.stock = count_stock((k, d) for m, k, d in records if m <= month)
    return figures


def station_coverage(
    entries: Sequence[Entry],
    months: dict[str, str],
    month: str,
    log_id: str,
    acknowledged_through: int,
) -> dict[str, Any]:
    """Which entries the station's figures rest on and how much of that HQ has acknowledged.

    The range runs over the entries that occurred in the month and the corrections of them.
    """
    ids = {entry_id for entry_id, m in months.items() if m == month}
    seqs = [
        e["seq"]
        for e in entries
        if e["id"] in ids or (e["kind"] in ("amendment", "void") and e["data"].get("target") in ids)
    ]
    last_seq = entries[-1]["seq"] if entries else 0
    first, last = (min(seqs), max(seqs)) if seqs else (None, None)
    waiting = sum(1 for s in seqs if s > acknowledged_through)
    return {
        "side": "station",
        "log_id": log_id,
        "first_seq": first,
        "last_seq": last,
        "entries": len(seqs),
        "log_last_seq": last_seq,
        "acknowledged_through": acknowledged_through,
        "unacknowledged": waiting,
        "fully_acknowledged": waiting == 0,
        "may_be_incomplete": False,
    }


def station_month(
    entries: Sequence[Entry],
    *,
    station: str,
    name: str,
    month: str,
    tz: tzinfo,
    state: LogState | None = None,
    log_id: str = "",
    acknowledged_through: int = 0,
) -> StationMonth:
    """One station's figures for `month` (and the month before) from its whole log, seq order.

    `state` is the log's folded state when the caller already has it (the Logbook does).
    """
    check_month(month)
    entries = list(entries)
    if state is None:
        state = fold(entries, lambda _e: "", tz)
    months = months_of(entries, tz, state)
    records = current_records(entries, state, months)
    figures = figures_of(records, month)
    return StationMonth(
        station=station,
        name=name,
        month=month,
        figures=figures,
        previous=figures_of(records, previous_month(month)),
        coverage=station_coverage(entries, months, month, log_id, acknowledged_through),
        sections=station_sections(
            entries, state, months, station=station, month=month, tz=tz, stock=figures.stock
        ),
    )


def station_summary(
    entries: Sequence[Entry],
    *,
    station: str,
    name: str,
    month: str,
    tz: tzinfo,
    state: LogState | None = None,
    log_id: str = "",
    acknowledged_through: int = 0,
    generated_at: str = "",
) -> MonthlySummary:
    """The summary a station prints of its own log for `month`."""
    row = station_month(
        entries,
        station=station,
        name=name,
        month=month,
        tz=tz,
        state=state,
        log_id=log_id,
        acknowledged_through=acknowledged_through,
    )
    return MonthlySummary("station", month, [row], generated_at)
