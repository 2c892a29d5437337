"""Rows of entries for a DataTable: time, kind, what it says, who, and its corrections."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import DataTable

from outpost.i18n import t
from outpost.model.describe import kind_label, summary
from outpost.tui.text import plain

COLUMNS = ("tui.col.seq", "tui.col.when", "tui.col.kind", "tui.col.what", "tui.col.marks")


def add_columns(table: DataTable[Any]) -> None:
    """The columns of an entry table, labelled in the current language."""
    for key in COLUMNS:
        table.add_column(t(key), key=key)


def entry_row(view: dict[str, Any]) -> list[Text]:
    """One table row for an entry as it reads now (struck through when voided)."""
    style = "strike dim" if view.get("voided") else ""
    marks = []
    if view.get("voided"):
        marks.append(t("tui.mark.voided"))
    if view.get("amendments"):
        marks.append(t("tui.mark.amended", count=view["amendments"]))
    when = str(view["occurred_at"])[:16].replace("T", " ")
    return [
        Text(str(view["seq"]), style=style, justify="right"),
        Text(when, style=style),
        Text(kind_label(view["kind"]), style=style),
        plain(summary(view["kind"], view["data"]), style=style, limit=60),
        Text(" ".join(marks), style="italic"),
    ]
