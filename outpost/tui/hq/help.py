"""HQ's key map: every action of HQ's TUI and its key, in the current language."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from outpost.i18n import t
from outpost.tui.hq.base import HqScreen
from outpost.tui.hq.keys import HQ_HELP_ROWS
from outpost.tui.widgets.footer import StationFooter


class HqHelpScreen(HqScreen):
    """A table of keys; Escape goes back."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "back", "tui.key.back")]

    def compose(self) -> ComposeResult:
        yield Static(t("tui.help.title"), classes="screen-title")
        with VerticalScroll():
            yield Static(keymap(), id="keymap")
        yield StationFooter()

    def action_back(self) -> None:
        self.dismiss(None)


def keymap() -> Table:
    table = Table(box=None, padding=(0, 2), show_header=True)
    table.add_column(t("tui.help.key"), style="bold", no_wrap=True)
    table.add_column(t("tui.help.action"))
    for key, message in HQ_HELP_ROWS:
        table.add_row(key.replace("escape", "Esc"), t(message))
    return table
