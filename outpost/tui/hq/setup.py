"""The set-up screen: make HQ in an empty folder (id, name, passphrase twice, the brigade's time
zone), then show HQ's card and its fingerprint for the stations."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Input, Label, Static

from outpost.brigade import judge_passphrase, set_up_hq
from outpost.errors import OutpostError, UsageError
from outpost.hq import HqArchive
from outpost.i18n import t
from outpost.model.times import DEFAULT_ZONE
from outpost.tui.hq.base import HqScreen
from outpost.tui.text import plain
from outpost.tui.widgets.footer import StationFooter

FIELDS = ("hq_id", "name", "passphrase", "again", "timezone")
SECRET = ("passphrase", "again")


class SetUpScreen(HqScreen):
    """Asks what `outpost hq init` asks and sets HQ up through `outpost.brigade.set_up_hq`."""

    FORM_LIKE = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "create", "tui.hq.key.create", priority=True),
        Binding("enter", "done", "tui.hq.key.continue"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.typed: dict[str, str] = {"timezone": DEFAULT_ZONE}
        self.made: tuple[str, str] | None = None
        """HQ's card path and fingerprint, once HQ is made (the screen then shows them)."""

    def compose(self) -> ComposeResult:
        yield Static(t("tui.hq.setup.title"), classes="screen-title")
        if self.made is not None:
            path, fingerprint = self.made
            yield Static(plain(t("tui.hq.setup.card", path=path)), id="setup-card")
            yield Static(t("tui.hq.setup.fingerprint"), id="setup-fp-label")
            yield Static(plain(fingerprint), id="setup-fingerprint", classes="fingerprint")
            yield Static(t("tui.hq.setup.next"), id="setup-next")
            yield StationFooter()
            return
        yield Static(plain(t("tui.hq.setup.intro", path=str(self.hq.folder))), id="setup-intro")
        with VerticalScroll(id="form-body"):
            for name in FIELDS:
                with Horizontal(classes="form-row"):
                    yield Label(t(f"tui.hq.setup.{name}"), classes="form-label")
                    yield Input(
                        self.typed.get(name, ""),
                        id=f"in-{name}",
                        password=name in SECRET,
                        compact=True,
                    )
            yield Static("", id="setup-error", classes="error")
        yield StationFooter()

    def on_mount(self) -> None:
        if self.made is None:
            self.query_one("#in-hq_id").focus()

    def collect(self) -> dict[str, str]:
        if self.made is None:
            self.typed = {name: self.query_one(f"#in-{name}", Input).value for name in FIELDS}
        return self.typed

    async def retranslate(self) -> None:
        self.collect()
        await super().retranslate()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_create()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "done":
            return self.made is not None
        if action == "create":
            return self.made is None
        return True

    def action_done(self) -> None:
        self.dismiss(None)

    def action_create(self) -> None:
        if self.made is not None:
            return
        typed = {name: value.strip() for name, value in self.collect().items()}
        passphrase = self.typed["passphrase"].encode("utf-8")
        try:
            if self.typed["again"] != self.typed["passphrase"]:
                raise UsageError("hq.passphrase_mismatch")
            warning = judge_passphrase(passphrase)
            card = set_up_hq(
                self.hq.folder,
                hq_id=typed["hq_id"],
                name=typed["name"],
                passphrase=passphrase,
                timezone=typed["timezone"],
            )
            archive = HqArchive.open(self.hq.folder, self.hq.clock, shared_write=True)
            archive.unlock(passphrase)
        except OutpostError as exc:
            box = self.query_one("#setup-error", Static)
            box.update(plain(exc.message()))
            box.display = True
            return
        if warning is not None:
            self.notify(t(warning), severity="warning", timeout=30)
        self.hq.archive = archive
        self.made = (str(card.path), card.fingerprint)
        self.typed = {}
        self.refresh(recompose=True)
