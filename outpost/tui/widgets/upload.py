"""The sync screen's upload panel: HQ's inbox address and TLS pin (typed, or read from HQ's
inbox card whose path is typed in the address field), the auto-upload switch, and where the
uploads stand (`outpost.tui.uploads`) in words and as a progress bar."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Checkbox, Input, Label, ProgressBar, Static

from outpost.i18n import t
from outpost.sync.status import SyncBook
from outpost.tui.syncview import upload_line

if TYPE_CHECKING:
    from outpost.tui.app import StationApp
    from outpost.tui.uploads import UploadState

BAR_STEPS = 1000


class UploadPanel(Vertical):
    """The address fields hold what was typed this run, else what was remembered (an address
    is remembered once an upload to it worked)."""

    def __init__(self, app: StationApp, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.station = app

    def compose(self) -> ComposeResult:
        uploads = self.station.uploads
        book = self.station.book
        sync = SyncBook.of(book) if book is not None else SyncBook()
        with Horizontal(classes="form-row"):
            yield Label(t("tui.upload.url"), classes="form-label")
            yield Input(
                uploads.url or sync.hq_url or "",
                id="hq-url",
                placeholder=t("tui.upload.url_hint"),
                compact=True,
            )
            yield Checkbox(
                t("tui.key.auto_upload"), uploads.plan.auto, id="auto-upload", compact=True
            )
        with Horizontal(classes="form-row"):
            yield Label(t("tui.upload.pin"), classes="form-label")
            yield Input(
                uploads.pin or sync.hq_pin or "",
                id="hq-pin",
                placeholder=t("tui.upload.pin_hint"),
                compact=True,
            )
        with Horizontal(id="upload-row"):
            yield Static(id="upload-state")
            yield ProgressBar(BAR_STEPS, show_eta=False, id="upload-bar")

    def on_mount(self) -> None:
        self.station.uploads.changed.subscribe(self, self.show)
        self.show(self.station.uploads.state)

    def show(self, state: UploadState) -> None:
        book = self.station.book
        if book is None:
            return
        self.query_one("#upload-state", Static).update(upload_line(state, book.tz))
        bar = self.query_one("#upload-bar", ProgressBar)
        bar.display = state.phase in ("running", "connected")
        bar.update(progress=BAR_STEPS if state.phase == "connected" else state.share * BAR_STEPS)

    def fill(self, url: str, pin: str) -> None:
        """Show the address and pin read from HQ's inbox card."""
        self.query_one("#hq-url", Input).value = url
        self.query_one("#hq-pin", Input).value = pin

    def address(self) -> tuple[str, str]:
        """The URL and pin typed (empty: the ones remembered)."""
        url = self.query_one("#hq-url", Input).value
        pin = self.query_one("#hq-pin", Input).value
        return url.strip(), pin.strip()
