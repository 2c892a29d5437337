"""A dialog asking why (to void an entry); it calls the logbook and shows its refusal inline."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from outpost.errors import InvalidEntry, OutpostError
from outpost.i18n import t
from outpost.tui.screens.base import StationDialog
from outpost.tui.text import plain


class ReasonDialog(StationDialog):
    """Ask for a reason and hand it to `submit`; dismiss(True) once `submit` succeeded."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "tui.key.cancel")]

    def __init__(self, title: str, submit: Callable[[str], None]) -> None:
        super().__init__()
        self.title_text = title
        self.submit = submit

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(plain(self.title_text, "bold"), classes="dialog-title")
            yield Input(placeholder=t("tui.dialog.reason"), id="reason", compact=True)
            yield Static("", id="reason-error", classes="error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("tui.dialog.confirm"), id="confirm", variant="error", compact=True)
                yield Button(t("tui.form.cancel"), id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#reason-error").display = False
        self.query_one("#reason").focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.confirm()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "confirm":
            self.confirm()
        else:
            self.action_cancel()

    def confirm(self) -> None:
        reason = self.query_one("#reason", Input).value
        try:
            self.submit(reason)
        except (InvalidEntry, OutpostError) as exc:
            box = self.query_one("#reason-error", Static)
            box.update(plain(exc.message()))
            box.display = True
            return
        self.dismiss(True)

    def action_cancel(self) -> None:
        from outpost.tui.dialogs.unsaved import DISCARD, SAVE, LeaveDialog

        if not self.query_one("#reason", Input).value.strip():
            self.dismiss(False)
            return

        def answered(answer: str | None) -> None:  # a typed reason is not dropped unasked
            if answer == SAVE:
                self.confirm()
            elif answer == DISCARD:
                self.dismiss(False)

        self.app.push_screen(LeaveDialog(), answered)
