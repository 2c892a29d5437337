"""The unlock screen of a sealed station: at start, and after the screens locked themselves.

Argon2id takes about half a second: it runs in a thread worker (and, at a real cost, in a
child process: outpost.store.kdf_aside) while the screen says it is unlocking; a second Enter
meanwhile does nothing. On the demo's station only, the demo's
passphrase is shown under the field (outpost.demo)."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Label, Static

from outpost.demo import demo_passphrase
from outpost.errors import OutpostError
from outpost.i18n import t
from outpost.logbook import Logbook
from outpost.station.records import open_station
from outpost.station.sealing import key_file_note, unlock_station, unlocking_aside
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
        self.unlocking = False
        """True while the worker derives the key: Enter is ignored until it is done."""

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
        yield Static(t("tui.unlock.busy"), id="unlock-busy")
        yield Static("", id="unlock-error", classes="error")
        yield StationFooter()

    def on_mount(self) -> None:
        self.query_one("#unlock-error").display = False
        self.query_one("#unlock-busy").display = False
        self.query_one("#in-passphrase").focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if self.unlocking:
            return
        field = self.query_one("#in-passphrase", Input)
        typed = field.value.encode("utf-8")
        field.value = ""
        self.unlocking = True
        self.query_one("#unlock-error").display = False
        self.query_one("#unlock-busy").display = True
        self.open_with(typed)

    @work(thread=True, exclusive=True, group="unlock")
    def open_with(self, typed: bytes) -> None:
        """Derive the key and open the station (off the screen's thread); then `opened`."""
        try:
            with unlocking_aside():
                if self.again:
                    unlock_station(self.station.folder, typed)
                    book = self.station.book
                else:
                    book = open_station(self.station.folder, self.station.clock, passphrase=typed)
            note = key_file_note(book) if book is not None else None
        except OutpostError as exc:
            self.app.call_from_thread(self.refused, exc.message())
            return
        self.app.call_from_thread(self.opened, book, note)

    def refused(self, why: str) -> None:
        self.unlocking = False
        self.query_one("#unlock-busy").display = False
        box = self.query_one("#unlock-error", Static)
        box.update(plain(why))
        box.display = True

    def opened(self, book: Logbook | None, note: str | None) -> None:
        """Go on as the station opened: home (or back to the forms), and say so when only the
        key file's backup copy opened (it was put back in its place, as the commands do)."""
        if not self.again and book is not None:
            self.station.station_ready(book)
        if note:
            self.app.notify(note, severity="warning", timeout=15)
        self.dismiss(None)
