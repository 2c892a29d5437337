"""The roster screen (key o on home): the officers on the roster, one added by typing a name and
Enter, one retired with Delete; retired officers listed below, their entries keeping their name."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from outpost.errors import OutpostError
from outpost.i18n import t
from outpost.station.roster import add_officer, retire_officer, retired, roster
from outpost.tui.screens.base import StationScreen
from outpost.tui.text import plain
from outpost.tui.widgets.field import FieldInput
from outpost.tui.widgets.footer import StationFooter


class RosterScreen(StationScreen):
    """Add and retire officers; Esc goes back."""

    FORM_LIKE = True  # a name is typed here: the one-letter keys of the app stay off
    CSS_PATH = "roster.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("delete", "retire", "tui.key.retire"),
        Binding("escape", "back", "tui.key.back"),
    ]

    def compose(self) -> ComposeResult:
        yield Static(t("tui.roster.title"), classes="screen-title")
        yield FieldInput(id="roster-name", placeholder=t("tui.roster.name"), compact=True)
        yield Static(t("roster.on_roster"), classes="section")
        yield OptionList(id="roster-list")
        yield Static(id="roster-retired")
        yield Static(t("tui.roster.hint"), id="roster-hint")
        yield StationFooter()

    def on_mount(self) -> None:
        self.reload()
        self.query_one("#roster-name").focus()

    def reload(self) -> None:
        names = roster(self.book)
        listing = self.query_one("#roster-list", OptionList)
        highlighted = listing.highlighted
        listing.clear_options()
        listing.add_options([Option(plain(name)) for name in names])
        if names:
            listing.highlighted = min(highlighted or 0, len(names) - 1)
        gone = retired(self.book)
        text = Text(t("roster.retired_heading") + " ", style="dim")
        text.append_text(plain("、".join(gone)) if gone else Text(t("roster.none")))
        self.query_one("#roster-retired", Static).update(text)

    @on(Input.Submitted, "#roster-name")
    def add(self, event: Input.Submitted) -> None:
        try:
            name = add_officer(self.book, event.value)
        except OutpostError as exc:
            self.notify(exc.message(), severity="error")
            return
        event.input.value = ""
        self.reload()
        self.notify(t("roster.added", name=name))

    def action_retire(self) -> None:
        listing = self.query_one("#roster-list", OptionList)
        names = roster(self.book)
        if listing.highlighted is None or not 0 <= listing.highlighted < len(names):
            return
        try:
            name = retire_officer(self.book, names[listing.highlighted])
        except OutpostError as exc:
            self.notify(exc.message(), severity="error")
            return
        self.reload()
        self.notify(t("roster.retired", name=name))

    def action_back(self) -> None:
        self.dismiss(None)
