"""A dialog setting how long a sealed station's screens stay open untouched (the idle lock)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Static

from outpost.errors import OutpostError
from outpost.i18n import t
from outpost.station.settings import IDLE_LOCK_MOST, idle_lock_minutes, set_idle_lock
from outpost.tui.screens.base import OnStation, StationDialog
from outpost.tui.text import plain

if TYPE_CHECKING:
    pass


class IdleLockDialog(OnStation, StationDialog):
    """Minutes typed and Enter: kept as the station's idle lock (outpost.station.settings, as
    `outpost settings idle-lock` does) and used from now on; a refusal is a line here."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "tui.key.cancel")]

    def compose(self) -> ComposeResult:
        book = self.book
        with Vertical(classes="dialog"):
            yield Static(plain(t("settings.idle_lock_title"), "bold"), classes="dialog-title")
            yield Static(t("settings.idle_lock_help", most=IDLE_LOCK_MOST))
            yield Input(str(idle_lock_minutes(book)), id="idle-minutes", compact=True)
            yield Static("", id="idle-error", classes="error")

    def on_mount(self) -> None:
        self.query_one("#idle-error").display = False
        self.query_one("#idle-minutes").focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        typed = event.value.strip()
        try:
            set_idle_lock(self.book, int(typed) if typed.isdigit() else -1)
        except OutpostError as exc:
            box = self.query_one("#idle-error", Static)
            box.update(plain(exc.message()))
            box.display = True
            return
        minutes = idle_lock_minutes(self.book)
        self.station.idle_limit = minutes * 60.0
        said = "settings.idle_lock_never" if minutes == 0 else "settings.idle_lock"
        self.station.notify(t(said, minutes=minutes))
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
