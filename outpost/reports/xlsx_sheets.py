"""The summary's sheets for the .xlsx workbook: one per section, built from the JSON document.

A table (`SHEETS`) maps each section to the function building its rows; the sections a newer
document adds (water by household, open issues, expiring medicine; year to date and the same
month last year as columns of the figures) appear only when the document has their key, so
an older summary still renders. Numbers stay numbers, exact; `Num.style` says how they show.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from outpost.i18n import catalogue, t
from outpost.model import CATEGORIES
from outpost.reports.furniture import date_line, meta_line, signature_line, station_only
from outpost.reports.numbers import TENTHS, exact
from outpost.reports.rows import (
    COLUMNS,
    Doc,
    banner,
    coverage_line,
    main_figures,
    previous_heading,
    value,
)
from outpost.reports.sheet import SHEET_FIGURES, coverage_cells
from outpost.text import printable


@dataclass(frozen=True)
class Num:
    """A number written as a number: `style` "tenths" shows km and hours to 0.1 (the value
    stays exact), "change" and "change_tenths" show a sign."""

    value: int | float
    style: str = "plain"


Cell = Num | str | date | None


@dataclass
class Sheet:
    """One worksheet: its tab name, the header row, the rows, lines printed under the table."""

    name: str
    header: list[str]
    rows: list[list[Cell]]
    notes: list[str] = field(default_factory=list)


def figure(number: float, section: str = "", name: str = "") -> Num:
    return Num(number, "tenths" if (section, name) in TENTHS else "plain")


def step(now: float, before: float, section: str = "", name: str = "") -> Num:
    """The exact difference, shown with its sign (and to 0.1 for km and hours)."""
    diff = exact(now) - exact(before)
    number = int(diff) if diff == diff.to_integral_value() else float(diff)
    return Num(number, "change_tenths" if (section, name) in TENTHS else "change")


def text(value: Any) -> str:
    """User text as a cell shows it: control characters made visible (written as a string, so a
    name starting with `=` stays a name)."""
    return printable("" if value is None else value)


def names(doc: Doc) -> dict[str, str]:
    return {row["station"]: row["name"] for row in doc["stations"]}


def listed(doc: Doc, key: str) -> list[Doc] | None:
    """The rows of a list section: the document's own (the station's, or the brigade's at HQ),
    else every station's put together; None when the document has no such section."""
    main = main_figures(doc)
    if key in main:
        return list(main[key])
    found = [row[key] for row in doc["stations"] if key in row]
    return None if not found else [item for rows in found for item in rows]


def figures_sheet(doc: Doc) -> Sheet:
    """Every figure: the month, the month before, the change; the same month last year and the
    year to date beside them when the document has them."""
    main = main_figures(doc)
    header = [t("report.figure"), doc["month"], previous_heading(doc), t("report.change")]
    extra: list[Doc] = []
    if "same_month_last_year" in main:
        extra.append(main["same_month_last_year"])
        header.append(t("xlsx.col.last_year", month=main["same_month_last_year"]["month"]))
    if "year_to_date" in main:
        ytd = main["year_to_date"]
        extra.append(ytd)
        header.append(t("xlsx.col.year_to_date", start=ytd["from"], end=ytd["through"]))
    rows: list[list[Cell]] = []
    for key, section, name in SHEET_FIGURES:
        now, before = value(main, section, name), value(main["previous"], section, name)
        row: list[Cell] = [t(key), figure(now, section, name), figure(before, section, name)]
        row.append(step(now, before, section, name))
        row += [figure(value(more, section, name), section, name) for more in extra]
        rows.append(row)
    notes = [line for line in (banner(doc), meta_line(doc)) if line]
    notes += ["", signature_line(doc), date_line(doc)]
    return Sheet(t("xlsx.sheet.figures"), header, rows, notes)


def stations_sheet(doc: Doc) -> Sheet | None:
    """HQ's table: one row per station and the brigade total, every figure, the categories,
    the month before's main figures and the coverage columns (none for one station alone)."""
    if doc["scope"] != "hq" or station_only(doc):
        return None
    before = doc["previous_month"]
    header = [t("report.station_id"), t("report.station"), t("report.month")]
    header += [t(k) for k, _, _ in SHEET_FIGURES]
    header += [t(f"category.{c}") for c in CATEGORIES]
    header += [t("xlsx.col.previous", label=t(k), month=before) for k, _, _ in COLUMNS]
    header += [t("report.csv.coverage"), t("report.csv.missing_count"), t("report.csv.missing")]
    rows: list[list[Cell]] = []
    for row in [*doc["stations"], doc["total"]]:
        cells: list[Cell] = [
            text(row["station"] or ""),
            text(row["name"]) if row["station"] else t("report.total"),
            row["month"],
        ]
        cells += [figure(value(row, s, n), s, n) for _, s, n in SHEET_FIGURES]
        cells += [Num(row["assistance"]["by_category"].get(c, 0)) for c in CATEGORIES]
        cells += [figure(value(row["previous"], s, n), s, n) for _, s, n in COLUMNS]
        status, count, ranges = coverage_cells(row["coverage"])
        cells += [status, Num(count), ranges]
        rows.append(cells)
    return Sheet(t("report.by_station"), header, rows)


def _per_station(doc: Doc) -> list[Doc]:
    """The station rows, then the brigade total at HQ (not for one station alone)."""
    total = [doc["total"]] if doc["scope"] == "hq" and not station_only(doc) else []
    return [*doc["stations"], *total]


def _label(row: Doc) -> str:
    return text(row["name"]) if row["station"] else t("report.total")


def items_sheet(doc: Doc) -> Sheet:
    """Medicine handed out, per station and for the brigade."""
    header = [t("report.station"), t("report.medicine"), t("report.quantity"), t("report.unit")]
    rows: list[list[Cell]] = [
        [_label(row), text(key), Num(quantity), text(row["medicine"]["units"][key])]
        for row in _per_station(doc)
        for key, quantity in row["medicine"]["items"].items()
    ]
    return Sheet(t("report.section.items"), header, rows)


def assistance_sheet(doc: Doc) -> Sheet:
    """Assistance cases by category, the month against the month before."""
    main = main_figures(doc)
    now = main["assistance"]["by_category"]
    before = main["previous"]["assistance"]["by_category"]
    found = [c for c in CATEGORIES if c in now or c in before]
    found += sorted((set(now) | set(before)) - set(CATEGORIES))
    header = [t("report.category"), doc["month"], previous_heading(doc), t("report.change")]
    rows: list[list[Cell]] = [
        [
            t(f"category.{c}") if f"category.{c}" in catalogue() else text(c),
            Num(now.get(c, 0)),
            Num(before.get(c, 0)),
            step(now.get(c, 0), before.get(c, 0)),
        ]
        for c in found
    ]
    return Sheet(t("report.section.assistance"), header, rows)


def stock_sheet(doc: Doc) -> Sheet:
    """Stock at the month's end per station, never added across stations (a surplus at one
    must not hide another's shortfall), each line marked short below zero and noted when the
    station's entries are known missing (a receipt may be among them)."""
    header = [t("report.station"), t("report.medicine"), t("report.balance"), t("report.unit")]
    header += [t("xlsx.col.short"), t("xlsx.col.note")]
    by_id = {row["station"]: row for row in doc["stations"]}
    lines = listed(doc, "stock_by_station")
    if lines is None:
        lines = [
            {"station": r["station"], **s} for r in doc["stations"] for s in r["medicine"]["stock"]
        ]
    rows: list[list[Cell]] = []
    for line in lines:
        row = by_id.get(line["station"], {})
        gap = row.get("coverage", {}).get("missing_count", 0)
        short = line.get("short", line["balance"] < 0)
        rows.append(
            [
                text(row.get("name", line["station"])),
                text(line["medicine"]),
                Num(line["balance"]),
                text(line["unit"]),
                t("xlsx.short") if short else "",
                t("report.stock.may_be_short").strip(" （）()") if gap else "",
            ]
        )
    return Sheet(t("report.section.stock"), header, rows)


def coverage_sheet(doc: Doc) -> Sheet:
    """What each station's figures rest on: its state this month and the month before, the
    entries missing and the seqs to re-send, and the sentence every other format prints."""
    before = doc["previous_month"]
    header = [t("report.station"), t("report.csv.coverage"), t("report.csv.missing_count")]
    header += [t("report.csv.missing")]
    header += [
        t("xlsx.col.previous", label=t(k), month=before)
        for k in ("report.csv.coverage", "report.csv.missing_count", "report.csv.missing")
    ]
    header.append(t("xlsx.col.details"))
    rows: list[list[Cell]] = []
    for row in _per_station(doc):
        cov = row["coverage"]
        status, count, ranges = coverage_cells(cov)
        p_status, p_count, p_ranges = coverage_cells(cov.get("previous", {}))
        cells: list[Cell] = [_label(row), status, Num(count), ranges, p_status, Num(p_count)]
        cells += [p_ranges, text(coverage_line(row)) if row["station"] else ""]
        rows.append(cells)
    return Sheet(t("report.section.coverage"), header, rows)


def _day(value: str) -> date | str:
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        return text(value)


def water_sheet(doc: Doc) -> Sheet | None:
    """Water by household for drought relief: deliveries, litres and the day of each."""
    lines = listed(doc, "water_by_household")
    if lines is None:
        return None
    station = names(doc)
    header = [t("report.station"), t("xlsx.col.household"), t("xlsx.col.head")]
    header += [t("xlsx.col.gacha"), t("report.water.deliveries"), t("report.water.litres")]
    header.append(t("xlsx.col.dates"))
    rows: list[list[Cell]] = [
        [
            text(station.get(w["station"], w["station"])),
            text(w["household"]),
            text(w["head"]),
            text(w["gacha"]),
            Num(w["deliveries"]),
            Num(w["litres"]),
            ", ".join(text(d) for d in w["dates"]),
        ]
        for w in lines
    ]
    return Sheet(t("xlsx.sheet.water"), header, rows)


def issues_sheet(doc: Doc) -> Sheet | None:
    """Issues raised on visits and not yet resolved, with the household and the follow-up."""
    lines = listed(doc, "open_issues")
    if lines is None:
        return None
    station = names(doc)
    header = [t("report.station"), t("xlsx.col.household"), t("xlsx.col.head")]
    header += [t("xlsx.col.date"), t("xlsx.col.purpose"), t("report.visits.issues_raised")]
    header += [t("report.visits.issues_resolved"), t("xlsx.col.unresolved")]
    header.append(t("xlsx.col.follow_up"))
    rows: list[list[Cell]] = []
    for i in lines:
        purpose = f"purpose.{i['purpose']}"
        rows.append(
            [
                text(station.get(i["station"], i["station"])),
                text(i["household"]),
                text(i["head"]),
                _day(i["date"]),
                t(purpose) if purpose in catalogue() else text(i["purpose"]),
                Num(i["issues_raised"]),
                Num(i["issues_resolved"]),
                Num(i["unresolved"]),
                text(i["follow_up"]),
            ]
        )
    return Sheet(t("xlsx.sheet.issues"), header, rows)


def expiring_sheet(doc: Doc) -> Sheet | None:
    """Medicine received whose expiry falls within 60 days of the month's end."""
    lines = listed(doc, "expiring_medicine")
    if lines is None:
        return None
    station = names(doc)
    header = [t("report.station"), t("report.medicine"), t("report.quantity"), t("report.unit")]
    header += [t("xlsx.col.expires"), t("xlsx.col.days")]
    rows: list[list[Cell]] = [
        [
            text(station.get(e["station"], e["station"])),
            text(e["medicine"]),
            Num(e["quantity"]),
            text(e["unit"]),
            _day(e["expires"]),
            Num(e["days"]),
        ]
        for e in lines
    ]
    return Sheet(t("xlsx.sheet.expiring"), header, rows)


SHEETS: list[tuple[str, Callable[[Doc], Sheet | None]]] = [
    ("figures", figures_sheet),
    ("stations", stations_sheet),
    ("items", items_sheet),
    ("assistance", assistance_sheet),
    ("stock", stock_sheet),
    ("water_by_household", water_sheet),
    ("open_issues", issues_sheet),
    ("expiring_medicine", expiring_sheet),
    ("coverage", coverage_sheet),
]
"""Section key -> the function building its sheet, in the order of the tabs (None: the
document has no such section, or it is not for this scope)."""


def sheets(doc: Doc) -> list[Sheet]:
    """The workbook's sheets for `doc`, in tab order."""
    return [sheet for _key, build in SHEETS if (sheet := build(doc)) is not None]
