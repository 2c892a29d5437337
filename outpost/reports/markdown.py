"""The summary as Markdown: tables whose cells a name can never break."""

from __future__ import annotations

from outpost.i18n import t
from outpost.reports.furniture import date_line, meta_line, signature_line, title, total_heading
from outpost.reports.rows import Doc, banner, month_sections, station_table
from outpost.text import printable


def md_cell(text: str) -> str:
    """A table cell that cannot break the table or the page (a `|`, a newline or HTML in a
    name show as typed)."""
    text = printable(text).replace("\\", "\\\\").replace("|", "\\|")
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def md_table(header: list[str], rows: list[list[str]], numeric_from: int = 1) -> list[str]:
    align = ["---" if i < numeric_from else "---:" for i in range(len(header))]
    return [
        "| " + " | ".join(md_cell(h) for h in header) + " |",
        "| " + " | ".join(align) + " |",
        *("| " + " | ".join(md_cell(c) for c in r) + " |" for r in rows),
    ]


def to_markdown(doc: Doc) -> str:
    """The summary as Markdown."""
    lines = [f"# {md_cell(title(doc))}", ""]
    lines += [f"_{md_cell(meta_line(doc))}_", ""]
    note = banner(doc)
    if note:
        lines += [f"> **{note}**", ""]
    if doc["scope"] == "hq":
        lines += [f"## {t('report.by_station')}", ""]
        lines += md_table(*station_table(doc))
        lines += ["", f"## {md_cell(total_heading(doc))}", ""]
    lines += month_sections(doc, md_table, lambda text: [f"### {text}", ""], md_cell)
    lines += ["", md_cell(signature_line(doc)) + "  ", md_cell(date_line(doc))]
    return "\n".join(lines).rstrip() + "\n"
