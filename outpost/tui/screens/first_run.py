"""The first-run screen: set up the station (id, name, officers, HQ card) instead of failing.

What is typed survives a language switch (F2), and quitting with something typed asks first."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Label, Static

from outpost.errors import OutpostError
from outpost.i18n import t
from outpost.station.setup import first_run
from outpost.text import printable
from outpost.tui.screens.base import StationScreen
from outpost.tui.text import plain
from outpost.tui.widgets.field import FieldInput
from outpost.tui.widgets.footer import StationFooter

FIELDS = ("station_id", "name", "officers", "hq_card", "passphrase", "passphrase_again")
SECRET = ("passphrase", "passphrase_again")


class FirstRunScreen(StationScreen):
    """Asks what `outpost init` asks; creates the station through `outpost.station.setup`."""

    FORM_LIKE = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "create", "tui.key.create", priority=True)
    ]

    def __init__(self) -> None:
        super().__init__()
        self.typed: dict[str, str] = {}
        """What the fields hold, kept across a recompose (F2 redraws the screen)."""

    def compose(self) -> ComposeResult:
        yield Static(t("tui.first_run.title"), classes="screen-title")
        yield Static(
            plain(t("tui.first_run.intro", path=str(self.station.folder))), id="first-intro"
        )
        with VerticalScroll(id="form-body"):
            for name in FIELDS:
                with Horizontal(classes="form-row"):
                    yield Label(t(f"tui.first_run.{name}"), classes="form-label")
                    yield FieldInput(
                        self.typed.get(name, ""),
                        id=f"in-{name}",
                        placeholder=t(f"tui.first_run.{name}_hint"),
                        compact=True,
                        separator="、" if name == "officers" else " ",
                        password=name in SECRET,
                    )
            yield Static("", id="first-error", classes="error")
        with Horizontal(id="form-buttons"):
            yield Button(t("tui.first_run.create"), id="create", variant="primary", compact=True)
        yield StationFooter()

    def on_mount(self) -> None:
        self.query_one("#first-error").display = False
        self.query_one("#in-station_id").focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_create()

    def on_input_submitted(self, event: FieldInput.Submitted) -> None:
        self.action_create()

    def value(self, name: str) -> str:
        return self.query_one(f"#in-{name}", FieldInput).value.strip()

    def collect(self) -> dict[str, str]:
        self.typed = {name: self.query_one(f"#in-{name}", FieldInput).value for name in FIELDS}
        return self.typed

    async def retranslate(self) -> None:
        self.collect()
        focused = self.focused.id if self.focused is not None else None
        await super().retranslate()
        if focused:
            self.query_one(f"#{focused}").focus()

    def ask_to_leave(self, then: Callable[[], Any]) -> bool:
        """Quitting with something typed asks: set up now, discard, or keep editing."""
        from outpost.tui.dialogs.unsaved import DISCARD, SAVE, LeaveDialog

        if not any(v.strip() for v in self.collect().values()):
            return False

        def answered(answer: str | None) -> None:
            if answer == SAVE:
                if self.action_create():
                    then()
            elif answer == DISCARD:
                then()

        self.app.push_screen(LeaveDialog(), answered)
        return True

    def action_create(self) -> bool:
        box = self.query_one("#first-error", Static)
        try:
            made = first_run(
                self.station.folder,
                station_id=self.value("station_id"),
                name=self.value("name"),
                officers=self.value("officers"),
                hq_card=self.value("hq_card"),
                clock=self.station.clock,
                passphrase=self.query_one("#in-passphrase", FieldInput).value,
                again=self.query_one("#in-passphrase_again", FieldInput).value,
            )
        except OutpostError as exc:
            box.update(plain(exc.message()))
            box.display = True
            return False
        card = t("tui.first_run.card", path=str(made.card.path), fp=made.card.fingerprint)
        self.notify(printable(card), markup=False, timeout=60)  # the path is the officer's text
        if made.hq_card_error is not None:
            self.notify(made.hq_card_error.message(), severity="error")
        self.station.station_ready(made.book)
        self.dismiss(None)
        return True
