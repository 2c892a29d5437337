"""Rows of entries for a DataTable: time, kind, what it says, who, and its corrections."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import DataTable

from outpost.i18n import t
from outpost.model.describe import kind_label, summary
from outpost.tui.text import plain

COLUMNS = ("tui.col.seq", "tui.col.when", "tui.col.kind", "tui.col.marks", "tui.col.what")


def add_columns(table: DataTable[Any]) -> None:
    """The columns of an entry table, labelled in the current language."""
    for key in COLUMNS:
        table.add_column(t(key), key=key)


WHAT_COLUMNS = 34
"""Widest the "what" column grows (in terminal columns), so seq, time and kind stay on an
80-column screen whatever was typed."""


def entry_row(
    view: dict[str, Any], heads: dict[str, Any] | None = None, target_seq: int | None = None
) -> list[Text]:
    """One table row for an entry as it reads now (struck through when voided); with `heads`
    (the registry), a household id is shown with its head's name; a correction names the
    entry it corrects by its number, `target_seq`."""
    style = "strike dim" if view.get("voided") else ""
    marks = []
    if view.get("voided"):
        marks.append(t("tui.mark.voided"))
    if view.get("amendments"):
        marks.append(t("tui.mark.amended", count=view["amendments"]))
    when = str(view["occurred_at"])[:16].replace("T", " ")
    what = summary(view["kind"], view["data"], target_seq=target_seq)
    household = view["data"].get("household")
    if heads and isinstance(household, str) and household in heads:
        name = heads[household].get("head", "")
        what = what.replace(household, f"{name} {household}", 1) if name else what
    return [
        Text(str(view["seq"]), style=style, justify="right"),
        Text(when, style=style),
        Text(kind_label(view["kind"]), style=style),
        Text(" ".join(marks), style="italic"),
        plain(what, style=style, limit=WHAT_COLUMNS),
    ]
