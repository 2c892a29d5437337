"""The key map: every action of a TUI (the station's or HQ's) and its key, in the current
language."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from outpost.i18n import t
from outpost.tui.keys import HELP_ROWS
from outpost.tui.screens.base import OutpostScreen
from outpost.tui.widgets.footer import StationFooter


class KeyMapScreen(OutpostScreen):
    """A table of keys (`ROWS`: key, message key), then `MORE` if any; Escape goes back."""

    ROWS: ClassVar[list[tuple[str, str]]] = HELP_ROWS
    MORE: ClassVar[str | None] = None
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "back", "tui.key.back")]

    def compose(self) -> ComposeResult:
        yield Static(t("tui.help.title"), classes="screen-title")
        with VerticalScroll():
            yield Static(keymap(self.ROWS), id="keymap")
            if self.MORE is not None:
                yield Static(t(self.MORE), id="help-more")
        yield StationFooter()

    def action_back(self) -> None:
        self.dismiss(None)


class HelpScreen(KeyMapScreen):
    """The station's key map, and where to read more."""

    MORE = "tui.help.more"


def keymap(rows: list[tuple[str, str]]) -> Table:
    table = Table(box=None, padding=(0, 2), show_header=True)
    table.add_column(t("tui.help.key"), style="bold", no_wrap=True)
    table.add_column(t("tui.help.action"))
    for key, message in rows:
        table.add_row(key.replace("escape", "Esc"), t(message))
    return table
