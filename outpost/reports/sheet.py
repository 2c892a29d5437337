"""The summary as a CSV sheet: one row per station with every figure, safe to open in a
spreadsheet."""

from __future__ import annotations

import csv
import io
from typing import Any

from outpost.i18n import t
from outpost.model import CATEGORIES
from outpost.reports.furniture import station_only
from outpost.reports.numbers import show
from outpost.reports.rows import FIGURES, Doc, item_rows, stock_rows, value
from outpost.text import printable

SHEET_FIGURES = [
    *FIGURES[: FIGURES.index(("report.patrols.hours", "patrols", "hours")) + 1],
    ("report.patrols.seconds", "patrols", "seconds"),
    *FIGURES[FIGURES.index(("report.patrols.hours", "patrols", "hours")) + 1 :],
]
"""Every figure, exact: patrol time also in whole seconds beside the hours (seconds / 3600)."""


def sheet_text(text: str) -> str:
    """Text a spreadsheet shows as text: a name starting with `=`, `+`, `-` or `@` would
    otherwise be run as a formula."""
    text = printable(text)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def coverage_cells(cov: Doc) -> list[Any]:
    """The coverage columns of a row: its state (complete, waiting, missing), how many entries
    are known missing, and their seq ranges (`11-18; 30-31`). A station's own summary, which
    rests on its whole log, is complete."""
    status = cov.get("status", "complete")
    missing = "; ".join(f"{a}-{b}" if a != b else str(a) for a, b in cov.get("missing", []))
    return [t(f"report.status.{status}"), cov.get("missing_count", 0), missing]


def to_csv(doc: Doc) -> str:
    """One row per station (and the total at HQ) with every figure; header in the chosen
    language. The caller writes it as UTF-8 with a BOM so a spreadsheet reads the Chinese."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    header = [t("report.station_id"), t("report.station"), t("report.month")]
    header += [t(k) for k, _, _ in SHEET_FIGURES]
    header += [t(f"category.{c}") for c in CATEGORIES]
    header += [t("report.csv.coverage"), t("report.csv.missing_count"), t("report.csv.missing")]
    sections = bool(doc["stations"]) and all("year_to_date" in row for row in doc["stations"])
    if sections:  # before the last two, which stay the medicine items and stock
        header += section_header()
    header += [t("report.items"), t("report.section.stock")]
    writer.writerow(header)
    rows = list(doc["stations"])
    if doc["scope"] == "hq" and not station_only(doc):
        rows.append(doc["total"])
    for row in rows:
        cells: list[Any] = [
            row["station"] or "",
            sheet_text(row["name"] if row["station"] else t("report.total")),
            row["month"],
        ]
        cells += [value(row, s, n) for _, s, n in SHEET_FIGURES]
        cells += [row["assistance"]["by_category"].get(c, 0) for c in CATEGORIES]
        cells += coverage_cells(row["coverage"])
        if sections:
            cells += section_cells(row)
        cells.append(sheet_text("; ".join(f"{m} {q} {u}" for m, q, u in item_rows(row))))
        cells.append(sheet_text("; ".join(f"{m} {q} {u}" for m, q, u in stock_rows(row))))
        writer.writerow(cells)
    return buf.getvalue()


def section_header() -> list[str]:
    """The columns the sections add to each row: every figure for the year to date and the same
    month last year (exact, empty when nothing was recorded then), then each table packed in a
    cell, one `;`-separated line per row (the xlsx has them as sheets)."""
    header = [t("report.sections.csv.ytd", figure=t(k)) for k, _, _ in SHEET_FIGURES]
    header += [t("report.sections.csv.last_year", figure=t(k)) for k, _, _ in SHEET_FIGURES]
    tables = ("water", "issues", "stock", "expiring")
    return [*header, *(t(f"report.sections.{name}") for name in tables)]


def section_cells(row: Doc) -> list[Any]:
    ytd, last = row["year_to_date"], row["same_month_last_year"]
    cells: list[Any] = [value(ytd, s, n) for _, s, n in SHEET_FIGURES]
    cells += [value(last, s, n) if last["recorded"] else "" for _, s, n in SHEET_FIGURES]
    short = t("report.sections.short")
    tables = [
        [
            f"{r['household']} {r['head']} {r['gacha']} ×{r['deliveries']} {r['litres']} L"
            f" {' '.join(r['dates'])}"
            for r in row["water_by_household"]
        ],
        [
            f"{r['date']} {r['household']} {r['head']} {r['unresolved']}/{r['issues_raised']}"
            f" {r['follow_up']}"
            for r in row["open_issues"]
        ],
        [
            f"{r['station']} {r['medicine']} {show(r['balance'])} {r['unit']}"
            + (f" {short}" if r["short"] else "")
            for r in row["stock_by_station"]
        ],
        [
            f"{r['station']} {r['medicine']} {show(r['quantity'])} {r['unit']} {r['expires']}"
            for r in row["expiring_medicine"]
        ],
    ]
    return cells + [sheet_text("; ".join(lines)) for lines in tables]
