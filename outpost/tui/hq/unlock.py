"""The unlock screen: HQ's passphrase, asked once; a wrong one is a line here and a retry."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Label, Static

from outpost.errors import OutpostError
from outpost.i18n import t
from outpost.tui.hq.base import HqScreen
from outpost.tui.text import plain
from outpost.tui.widgets.footer import StationFooter


class UnlockScreen(HqScreen):
    """Asks HQ's key passphrase and decrypts the keys with it; dismissed once they open."""

    FORM_LIKE = True

    def compose(self) -> ComposeResult:
        yield Static(t("tui.hq.unlock.title"), classes="screen-title")
        yield Static(plain(f"{self.archive.name} — {self.hq.folder}"), id="unlock-hq")
        yield Static(t("tui.hq.unlock.intro"), id="unlock-intro")
        with Horizontal(classes="form-row"):
            yield Label(t("tui.hq.passphrase"), classes="form-label")
            yield Input(id="in-passphrase", password=True, compact=True)
        yield Static("", id="unlock-error", classes="error")
        yield StationFooter()

    def on_mount(self) -> None:
        self.query_one("#in-passphrase").focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        box = self.query_one("#unlock-error", Static)
        field = self.query_one("#in-passphrase", Input)
        typed = field.value
        if not typed:
            box.update(t("hq.empty_passphrase"))
            box.display = True
            return
        try:
            self.archive.unlock(typed.encode("utf-8"))
        except OutpostError as exc:
            field.value = ""
            box.update(plain(t("tui.hq.unlock.wrong", reason=exc.message())))
            box.display = True
            return
        self.dismiss(None)
