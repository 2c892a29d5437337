"""The household picker: search the registry by name, gacha or id, or register a new household
without leaving the form (through `Logbook.add('household', ...)`)."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from outpost.errors import InvalidEntry, OutpostError
from outpost.i18n import t
from outpost.station.forms import field_of
from outpost.station.households import household_matches
from outpost.tui.screens.base import StationDialog
from outpost.tui.text import plain

SHOWN = 200
NEW_FIELDS = ("household_id", "head", "gacha", "sumu")


def household_label(hid: str, data: dict[str, Any]) -> Text:
    place = " ".join(str(data[k]) for k in ("sumu", "gacha") if data.get(k))
    return Text.assemble(
        plain(data.get("head", ""), "bold", limit=30),
        "  ",
        plain(hid, "dim", limit=40),
        "  ",
        plain(place, limit=40),
    )


class HouseholdPicker(StationDialog):
    """Returns the chosen or newly registered household id, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "tui.key.cancel"),
        Binding("ctrl+n", "new", "tui.key.register"),
    ]

    def __init__(self, search: str = "") -> None:
        super().__init__()
        self.search = search

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="picker"):
            yield Static(t("tui.picker.title"), classes="dialog-title")
            yield Input(self.search, placeholder=t("tui.picker.search"), id="search", compact=True)
            yield OptionList(id="matches")
            yield Static(t("tui.picker.new"), classes="section")
            with Horizontal(id="new-household"):
                for name in NEW_FIELDS:
                    yield Input(placeholder=t(f"tui.field.{name}"), id=f"new-{name}", compact=True)
            yield Static("", id="new-error", classes="error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(
                    t("tui.picker.register"), id="register", variant="primary", compact=True
                )
                yield Button(t("tui.form.cancel"), id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#new-error").display = False
        self.refill()
        self.query_one("#search").focus()

    @property
    def book(self) -> Any:
        return self.app.book  # type: ignore[attr-defined]

    def refill(self) -> None:
        registry = self.book.state.registry()
        search = self.query_one("#search", Input).value
        found = household_matches(registry, search)
        options = self.query_one("#matches", OptionList)
        options.clear_options()
        options.add_options([Option(household_label(h, registry[h]), id=h) for h in found[:SHOWN]])
        if not found:
            options.add_option(Option(t("tui.picker.none"), id="", disabled=True))

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "search":
            self.refill()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "search":
            options = self.query_one("#matches", OptionList)
            if options.option_count and options.get_option_at_index(0).id:
                self.dismiss(options.get_option_at_index(0).id)
        else:
            self.register()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.dismiss(event.option.id)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "register":
            self.register()
        else:
            self.dismiss(None)

    def action_new(self) -> None:
        self.query_one("#new-household_id").focus()

    def register(self) -> None:
        data = {
            name: self.query_one(f"#new-{name}", Input).value.strip()
            for name in NEW_FIELDS
            if self.query_one(f"#new-{name}", Input).value.strip()
        }
        box = self.query_one("#new-error", Static)
        try:
            result = self.book.add("household", data)
        except (InvalidEntry, OutpostError) as exc:
            box.update(plain(exc.message()))
            box.display = True
            if isinstance(exc, InvalidEntry) and field_of(exc) in NEW_FIELDS:
                self.query_one(f"#new-{field_of(exc)}").focus()
            return
        self.notify(t("tui.picker.registered", household=data.get("household_id", "")))
        self.dismiss(result.entries[0]["data"]["household_id"])

    def action_cancel(self) -> None:
        self.dismiss(None)
