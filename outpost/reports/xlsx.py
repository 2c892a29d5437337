"""The summary as an .xlsx workbook (XlsxWriter): one sheet per section, set up to print on A4.

Each sheet: the document's title in row 1, the header in row 2 (both frozen, the header
repeated on every printed page), the rows under it; numbers written as numbers, exact, shown
by their format; every text written as a string, so a name starting with `=` is never run as
a formula. Why XlsxWriter, with the figures: docs/summary-definitions.md ("The workbook").
"""

from __future__ import annotations

import io
from contextlib import suppress
from datetime import UTC, date, datetime
from typing import Any

import xlsxwriter  # no type hints of its own: pyproject lets mypy take it as Any

from outpost.i18n import t
from outpost.reports.furniture import title
from outpost.reports.rows import Doc
from outpost.reports.xlsx_sheets import Num, Sheet, sheets
from outpost.text import width

NUMBER_FORMATS = {
    "plain": "General",
    "tenths": "0.0",
    "change": "+0;-0;0",
    "change_tenths": "+0.0;-0.0;0.0",
}
"""How a `Num` shows: exact (General), km and hours to 0.1, a change with its sign."""

DATE_FORMAT = "yyyy-mm-dd"
A4 = 9
"""Excel's paper code for A4."""
HEADER_ROW = 1
"""Row index (0-based) of each sheet's header; the title sits above it."""
HEADER_CHARS = 120
"""The print header holds at most 255 characters, its codes included: a longer title is cut."""
PORTRAIT_WIDTH = 100
"""A table wider than this (in character units) prints landscape."""
FIT_WIDTH = 200
"""A table up to this wide is shrunk to the page's width; a wider one (HQ's every figure of
every station) prints across pages at full size, each page repeating the station columns."""
WIDEST = 60
"""A column no wider than this (a long note wraps in the cell instead)."""


def header_text(text: str) -> str:
    """Text for the print header or footer: `&` is their escape character."""
    return text.replace("&", "&&")


def page_footer() -> str:
    """`第 &P 页 共 &N 页` (zh), `Page &P of &N` (en): Excel fills in the numbers."""
    return "&C" + header_text(t("report.page", page="\0P", pages="\0N")).replace("\0", "&")


def shown(cell: Num | str | date | None) -> str:
    """A cell as it shows, to size its column."""
    if isinstance(cell, Num):
        digits = format(cell.value, ".1f") if "tenths" in cell.style else str(cell.value)
        return "+" + digits if cell.style.startswith("change") else digits
    if isinstance(cell, date):
        return "2026-11-30"
    return cell or ""


def column_widths(sheet: Sheet) -> list[float]:
    """Each column wide enough for its header and its widest cell, in Excel's character units
    (a Chinese character takes two, as in a terminal: `outpost.text.width`)."""
    widths = [width(h) for h in sheet.header]
    for row in sheet.rows:
        for i, cell in enumerate(row):
            wide = width(cell) if isinstance(cell, str) else len(shown(cell))  # numbers are ASCII
            widths[i] = max(widths[i], wide)
    return [min(w + 2, WIDEST) for w in widths]


def to_xlsx(doc: Doc) -> bytes:
    """The workbook of the summary `doc` (`MonthlySummary.to_json()`) as bytes to write."""
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(
        buf,
        {
            "in_memory": True,
            # every string is a string: never a formula, a number or a link
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    heading = title(doc)
    properties: dict[str, Any] = {"title": heading}
    with suppress(TypeError, ValueError):  # no stamp: XlsxWriter puts the time of writing
        made = datetime.fromisoformat(doc["generated_at"])
        properties["created"] = made.astimezone(UTC).replace(tzinfo=None)  # written as UTC
    book.set_properties(properties)
    formats = {
        "title": book.add_format({"bold": True, "font_size": 14, "text_wrap": True}),
        "note": book.add_format({"text_wrap": True, "valign": "top"}),
        "header": book.add_format({"bold": True, "bottom": 1}),
        "date": book.add_format({"num_format": DATE_FORMAT}),
        "text": book.add_format({"text_wrap": True, "valign": "top"}),
        **{k: book.add_format({"num_format": v}) for k, v in NUMBER_FORMATS.items()},
    }
    for sheet in sheets(doc):
        write_sheet(book, sheet, heading, formats)
    book.close()
    return buf.getvalue()


def write_sheet(book: Any, sheet: Sheet, heading: str, formats: dict[str, Any]) -> None:
    ws = book.add_worksheet(sheet.name[:31])
    widths = column_widths(sheet)
    across = sum(widths)
    # the title and the notes wrap within the table's width: text running on past the last
    # column would widen the printed page and shrink the table to fit it
    spread(ws, 0, heading, formats["title"], widths, size=14)
    ws.write_row(HEADER_ROW, 0, sheet.header, formats["header"])
    for r, row in enumerate(sheet.rows, HEADER_ROW + 1):
        for c, cell in enumerate(row):
            if isinstance(cell, Num):
                ws.write_number(r, c, cell.value, formats[cell.style])
            elif isinstance(cell, date):
                ws.write_datetime(r, c, datetime(cell.year, cell.month, cell.day), formats["date"])
            elif cell:
                long = len(cell) * 2 > WIDEST and width(cell) > WIDEST
                ws.write_string(r, c, cell, formats["text"] if long else None)
    below = HEADER_ROW + len(sheet.rows) + 2
    for i, note in enumerate(sheet.notes):
        if note:
            spread(ws, below + i, note, formats["note"], widths)
    for c, w in enumerate(widths):
        ws.set_column(c, c, w)
    ws.freeze_panes(HEADER_ROW + 1, 0)
    ws.set_paper(A4)
    if across > PORTRAIT_WIDTH:
        ws.set_landscape()
    if across <= FIT_WIDTH:
        ws.fit_to_pages(1, 0)  # every column on the page's width, as many pages down as needed
    else:
        ws.repeat_columns(0, 1)  # too wide to read shrunk: pages across, each with the names
    ws.repeat_rows(HEADER_ROW)
    ws.set_header("&C" + header_text(heading[:HEADER_CHARS]))
    ws.set_footer(page_footer())


def spread(ws: Any, row: int, note: str, style: Any, widths: list[float], size: int = 11) -> None:
    """`note` across the table's columns, wrapped, its row as tall as its lines need."""
    last = len(widths) - 1
    if last > 0:
        ws.merge_range(row, 0, row, last, note, style)
    else:
        ws.write_string(row, 0, note, style)
    lines = -(-width(note) * size // (11 * max(sum(widths) - 2, 1)))  # ceiling division
    ws.set_row(row, max(lines, 1) * size * 1.6)
