"""A dialog that tells the officer something went wrong (a full disk) and waits for OK."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Button, Static

from outpost.i18n import t
from outpost.tui.screens.base import StationDialog
from outpost.tui.text import plain


class MessageDialog(StationDialog):
    """A title, a message shown as text, and an OK button."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "tui.key.close")]

    def __init__(self, title: str, message: str) -> None:
        super().__init__()
        self.title_text = title
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(plain(self.title_text, "bold"), classes="dialog-title")
            yield Static(plain(self.message), id="dialog-message")
            yield Button(t("tui.dialog.ok"), id="ok", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#ok").focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
