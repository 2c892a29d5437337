"""Before a save that looks wrong: the plausibility warnings, one key to save anyway (Y or Enter),
one to add an unknown officer to the roster (A), Esc back to the form with everything kept."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from outpost.errors import OutpostError
from outpost.i18n import t
from outpost.station.plausibility import PlausibilityWarning
from outpost.station.roster import add_officer
from outpost.tui.screens.base import StationDialog
from outpost.tui.text import plain


class WarningsDialog(StationDialog):
    """The warnings of one save; dismisses True to save anyway, False to go back to the form."""

    CSS_PATH = "warnings.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "save", "tui.warnings.save_key"),
        Binding("enter", "save", "tui.warnings.save_key", show=False),
        Binding("a", "add_to_roster", "tui.warnings.add_key"),
        Binding("escape", "back", "tui.warnings.back_key"),
    ]

    def __init__(self, warnings: list[PlausibilityWarning]) -> None:
        super().__init__()
        self.warnings = list(warnings)

    @property
    def unknown_officers(self) -> list[str]:
        return [str(w.params["name"]) for w in self.warnings if w.code == "off_roster"]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="warnings-dialog"):
            yield Static(t("tui.warnings.title"), classes="dialog-title")
            yield Static(id="warnings-list")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("tui.warnings.save"), id="warnings-save", compact=True)
                yield Button(t("tui.warnings.add"), id="warnings-add", compact=True)
                yield Button(t("tui.warnings.back"), id="warnings-back", compact=True)

    def on_mount(self) -> None:
        for button in self.query(Button):
            button.can_focus = False  # Enter and the letters belong to the dialog's keys
        self.show_warnings()

    def show_warnings(self) -> None:
        lines = Text("\n").join(plain(f"• {w.message()}") for w in self.warnings)
        self.query_one("#warnings-list", Static).update(lines)
        self.query_one("#warnings-add").display = bool(self.unknown_officers)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "add_to_roster":
            return bool(self.unknown_officers)
        return True

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "warnings-save":
            self.action_save()
        elif event.button.id == "warnings-add":
            self.action_add_to_roster()
        else:
            self.action_back()

    def action_save(self) -> None:
        self.dismiss(True)

    def action_back(self) -> None:
        self.dismiss(False)

    def action_add_to_roster(self) -> None:
        """Put each unknown officer on the roster; with nothing else to say, save at once."""
        from outpost.tui.app import StationApp

        app = self.app
        assert isinstance(app, StationApp) and app.book is not None
        for name in self.unknown_officers:
            try:
                add_officer(app.book, name)
            except OutpostError as exc:
                self.notify(exc.message(), severity="error")
                return
            self.notify(t("tui.warnings.added", name=name))
        self.warnings = [w for w in self.warnings if w.code != "off_roster"]
        if not self.warnings:
            self.dismiss(True)
            return
        self.show_warnings()
        self.refresh_bindings()
