"""The unlock screen of a sealed station: at start, and after the screens locked themselves.

On the demo's station only, the demo's passphrase is shown under the field (outpost.demo)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Label, Static

from outpost.demo import demo_passphrase
from outpost.errors import OutpostError
from outpost.i18n import t
from outpost.station.records import open_station
from outpost.station.sealing import unlock_station
from outpost.tui.screens.base import StationScreen
from outpost.tui.text import plain
from outpost.tui.widgets.footer import StationFooter


class UnlockScreen(StationScreen):
    """Asks the station passphrase; dismissed once it opens the station. `again`: the screens
    locked themselves over a station already open (its forms wait underneath)."""

    FORM_LIKE = True
    CSS_PATH = "unlock.tcss"

    def __init__(self, *, again: bool = False) -> None:
        super().__init__()
        self.again = again

    def compose(self) -> ComposeResult:
        yield Static(t("tui.unlock.title"), classes="screen-title")
        yield Static(plain(str(self.station.folder)), id="unlock-station")
        intro = "tui.unlock.again" if self.again else "tui.unlock.intro"
        yield Static(t(intro), id="unlock-intro")
        with Horizontal(classes="form-row"):
            yield Label(t("atrest.prompt"), classes="form-label")
            yield Input(id="in-passphrase", password=True, compact=True)
        hint = demo_passphrase(self.station.folder)
        if hint is not None:
            yield Static(plain(t("tui.unlock.demo_hint", passphrase=hint)), id="unlock-demo")
        yield Static("", id="unlock-error", classes="error")
        yield StationFooter()

    def on_mount(self) -> None:
        self.query_one("#unlock-error").display = False
        self.query_one("#in-passphrase").focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        box = self.query_one("#unlock-error", Static)
        field = self.query_one("#in-passphrase", Input)
        typed = field.value.encode("utf-8")
        field.value = ""
        try:
            if self.again:
                unlock_station(self.station.folder, typed)
            else:
                book = open_station(self.station.folder, self.station.clock, passphrase=typed)
                if book is not None:
                    self.station.station_ready(book)
        except OutpostError as exc:
            box.update(plain(exc.message()))
            box.display = True
            return
        self.dismiss(None)
