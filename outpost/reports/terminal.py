"""The summary as terminal text: plain tables aligned in columns, every name made printable."""

from __future__ import annotations

from outpost.reports.furniture import date_line, meta_line, signature_line, title, total_heading
from outpost.reports.rows import Doc, banner, month_sections, station_table
from outpost.text import printable, width


def table(header: list[str], rows: list[list[str]], numeric_from: int = 1) -> list[str]:
    """A plain aligned table; numbers right-aligned."""
    header = [printable(h) for h in header]
    rows = [[printable(c) for c in r] for r in rows]
    widths = [max(width(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        out = []
        for i, cell in enumerate(cells):
            pad = " " * (widths[i] - width(cell))
            out.append(pad + cell if i >= numeric_from else cell + pad)
        return "  ".join(out).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return [line(header), rule, *(line(r) for r in rows)]


def to_text(doc: Doc) -> str:
    """The summary for the terminal."""
    lines = [printable(title(doc)), printable(meta_line(doc)), ""]
    note = banner(doc)
    if note:
        lines += [f"! {note}", ""]
    if doc["scope"] == "hq":
        lines += table(*station_table(doc))
        lines += ["", printable(total_heading(doc)), ""]
    lines += month_sections(doc, lambda header, rows, n=1: table(header, rows, n), text_heading)
    lines += ["", printable(signature_line(doc)), printable(date_line(doc))]
    return "\n".join(lines).rstrip() + "\n"


def text_heading(text: str) -> list[str]:
    return [text, ""]
