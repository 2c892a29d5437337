"""A one-line field that keeps every line of a multi-line paste (and says what it did)."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.widgets import Input

from outpost.i18n import t

PASTE_JOIN = {"items": "; ", "list": "、"}
"""How the lines of a paste are joined in a field of each type (others: a space)."""


class FieldInput(Input):
    """A one-line field that keeps every line of a multi-line paste, joined by `separator`,
    and says so (Textual's Input keeps the first line only)."""

    def __init__(self, *args: Any, separator: str = " ", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.separator = separator

    def _on_paste(self, event: events.Paste) -> None:
        lines = [line.strip() for line in event.text.splitlines() if line.strip()]
        event.prevent_default()  # Input's own handler would keep line 1 only
        event.stop()
        if not lines:
            return
        text = self.separator.join(lines)
        if self.selection.is_empty:
            self.insert_text_at_cursor(text)
        else:
            self.replace(text, *self.selection)
        if len(lines) > 1:
            self.notify(t("tui.paste.joined", lines=len(lines), sep=self.separator.strip() or " "))
