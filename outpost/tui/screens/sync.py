"""Sync: export now, copy packets (and the station's card) to a folder (a USB stick) and check
them, import acks, upload to HQ's inbox server, and what HQ still lacks. The stick's work runs
in workers that call `outpost.station.delivery`, uploads in the app's upload worker
(`outpost.tui.uploads`); the screen stays live.

Its one-letter keys work because the cursor is never left in a folder field: on entering the
screen and after a field's `Enter` it goes back to the buttons."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Button, Checkbox, Input, Label, LoadingIndicator, RichLog, Static

from outpost.errors import OutpostError
from outpost.i18n import t
from outpost.station.delivery import apply_acks, copy_packets, export, sync_state
from outpost.station.settings import ACKS_FROM, COPY_TO, remember, remembered
from outpost.station.setup import (
    StationCard,
    copy_card,
    read_hq_card,
    station_card,
    take_hq_card,
)
from outpost.tui.screens.base import StationScreen
from outpost.tui.screens.sync_lines import ack_lines, state_table, synced_line
from outpost.tui.syncview import sync_line
from outpost.tui.text import plain
from outpost.tui.widgets.footer import StationFooter
from outpost.tui.widgets.upload import UploadPanel

if TYPE_CHECKING:
    from outpost.tui.uploads import UploadState


class SyncScreen(StationScreen):
    """The delivery of this station's log to HQ, step by step."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "export", "tui.key.export"),
        Binding("c", "copy", "tui.key.copy"),
        Binding("i", "import_acks", "tui.key.import_acks"),
        Binding("s", "copy_card", "tui.key.copy_card", show=False),
        Binding("t", "upload", "tui.key.upload"),
        Binding("g", "auto_upload", "tui.key.auto_upload", show=False),
    ]
    FIELD_BUTTONS: ClassVar[dict[str, str]] = {
        "hq-card": "export",
        "copy-to": "copy",
        "acks-from": "import",
        "hq-url": "upload",
        "hq-pin": "upload",
    }
    """Where the cursor goes after `Enter` in a field: the button of what the field was for."""
    WORK_BUTTONS: ClassVar[dict[str, str]] = {
        "export": "export",
        "copy": "copy",
        "import": "import",
        "card": "card",
    }
    """The button of each piece of work, where the cursor waits when it is done."""

    def compose(self) -> ComposeResult:
        yield Static(t("tui.sync.title"), classes="screen-title")
        yield Static(id="sync-state-line")
        yield Static(id="sync-table")
        with Horizontal(classes="form-row", id="hq-card-row"):
            yield Label(t("tui.sync.hq_card"), classes="form-label")
            yield Input(id="hq-card", placeholder="hq.card.json", compact=True)
        with Horizontal(classes="form-row"):
            yield Label(t("tui.sync.copy_to"), classes="form-label")
            yield Input(
                remembered(self.book, COPY_TO),
                id="copy-to",
                placeholder="/media/usb",
                compact=True,
            )
        with Horizontal(classes="form-row"):
            yield Label(t("tui.sync.acks_from"), classes="form-label")
            yield Input(
                remembered(self.book, ACKS_FROM),
                id="acks-from",
                placeholder="/media/usb",
                compact=True,
            )
        yield UploadPanel(self.station, id="upload-panel")
        with Horizontal(id="sync-buttons"):
            yield Button(t("tui.key.export"), id="export", variant="primary", compact=True)
            yield Button(t("tui.key.copy"), id="copy", compact=True)
            yield Button(t("tui.key.import_acks"), id="import", compact=True)
            yield Button(t("tui.key.copy_card"), id="card", compact=True)
            yield Button(t("tui.key.upload"), id="upload", compact=True)
        yield LoadingIndicator(id="sync-busy")
        yield RichLog(id="sync-log", wrap=True, markup=False)
        yield StationFooter()

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.said: list[tuple[str, str]] = []
        """What the log below the buttons said, kept across a language switch."""
        self.card: StationCard | OutpostError | None = None
        """The station's own card (read once: it does not change), or why it cannot be."""

    def on_mount(self) -> None:
        self.query_one("#export").focus()
        self.station.uploads.changed.subscribe(self, self.upload_changed)
        self.reload()

    @on(events.ScreenResume)
    def leave_fields(self) -> None:
        """Coming back, the cursor is on the buttons, never in a field it was left in: there
        `i` would be typed into the path instead of importing acks. (After Textual gives the
        screen its old focus back, hence after the refresh.)"""
        self.call_after_refresh(self.to_buttons)

    def to_buttons(self, button: str = "export") -> None:
        if isinstance(self.focused, Input) or self.focused is None:
            self.query_one(f"#{button}").focus()

    async def retranslate(self) -> None:
        await super().retranslate()
        log = self.query_one("#sync-log", RichLog)
        for message, style in self.said:
            log.write(plain(message, style))
        self.query_one("#sync-busy").display = self.station.busy

    def reload(self) -> None:
        sync = sync_state(self.book)
        if self.card is None:
            try:
                self.card = station_card(self.book)
            except OutpostError as exc:
                self.card = exc
        self.query_one("#hq-card-row").display = not sync.get("hq")
        self.query_one("#sync-state-line", Static).update(sync_line(sync))
        self.query_one("#sync-table", Static).update(state_table(sync, self.card))

    # -- actions -------------------------------------------------------------------------------

    def on_button_pressed(self, event: Button.Pressed) -> None:
        actions = {
            "export": self.action_export,
            "copy": self.action_copy,
            "import": self.action_import_acks,
            "card": self.action_copy_card,
            "upload": self.action_upload,
        }
        actions[str(event.button.id)]()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        field = str(event.input.id)
        self.to_buttons(self.FIELD_BUTTONS.get(field, "export"))
        if field == "hq-card":
            self.take_hq_card(event.value.strip())
        elif field == "copy-to":
            self.action_copy()
        elif field == "acks-from":
            self.action_import_acks()
        elif field in ("hq-url", "hq-pin"):
            self.action_upload()

    def take_hq_card(self, path: str) -> None:
        """Keep HQ's card (what `outpost hq-card FILE` does); refusals go to the log below."""
        if not path:
            return
        try:
            card = read_hq_card(Path(path).expanduser())
            take_hq_card(self.book, card)
        except OutpostError as exc:
            self.say(exc.message(), "bold red")
            return
        self.say(t("tui.sync.hq_card_set", hq=card["id"], fp=card["fingerprint"]), "green")
        self.reload()

    def folder(self, widget_id: str) -> str | None:
        """The folder typed in a field; None (and the cursor put there) when it is empty."""
        text = self.query_one(f"#{widget_id}", Input).value.strip()
        if not text:
            self.say(t("tui.sync.need_folder"), "bold red")
            self.query_one(f"#{widget_id}").focus()
            return None
        return text

    def action_export(self) -> None:
        self.run_sync("export", None)

    def action_copy(self) -> None:
        self.run_sync("copy", self.folder("copy-to"), COPY_TO)

    def action_import_acks(self) -> None:
        self.run_sync("import", self.folder("acks-from"), ACKS_FROM)

    def action_copy_card(self) -> None:
        self.run_sync("card", self.folder("copy-to"), COPY_TO)

    def action_upload(self) -> None:
        """Upload now to the address typed (else the one remembered): never two at once. A
        path in the address field is HQ's inbox card: checked against HQ's card, its address
        and pin fill the fields and the upload goes there (`outpost sync --card FILE`)."""
        if self.station.busy:
            return
        uploads = self.station.uploads
        panel = self.query_one(UploadPanel)
        url, pin = panel.address()
        if url and not url.startswith(("http://", "https://")):
            from outpost.station.upload import inbox_address  # cryptography: loaded when used
            from outpost.sync.inbox_card import spoken

            try:
                card = inbox_address(self.book, Path(url).expanduser())
            except OutpostError as exc:
                self.say(exc.message(), "bold red")
                return
            url, pin = card.url, card.pin
            panel.fill(url, pin)
            self.say(t("tui.upload.card_taken", url=url, pin=spoken(pin)), "green")
        if not uploads.upload_now(url, pin):
            self.say(t("tui.upload.under_way"), "yellow")
            return
        self.say(t("tui.upload.working", url=url or t("tui.upload.remembered_url")), "dim")

    def action_auto_upload(self) -> None:
        self.query_one("#auto-upload", Checkbox).toggle()

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        """Auto-upload on or off, remembered in the station's settings."""
        uploads = self.station.uploads
        if event.value == uploads.plan.auto:
            return  # the box drawn again after a language switch
        try:
            uploads.set_auto(event.value)
        except OutpostError as exc:
            self.say(exc.on_screen(), "bold red")
        if event.value:
            self.say(t("tui.upload.auto_on", minutes=int(uploads.plan.every // 60)), "green")
        else:
            self.say(t("tui.upload.auto_off"))

    def upload_changed(self, state: UploadState) -> None:
        """A try ended: its details below, the counts above as they now are."""
        if state.phase == "running":
            return
        if state.phase == "connected" and state.outcome is not None:
            self.say(synced_line(state), "green")
        elif state.error is not None:
            self.say(state.error.on_screen(), "yellow" if state.retry_at else "bold red")
        elif state.bug:
            self.say(t("tui.sync.failed", error=state.bug), "bold red")
        self.reload()

    def run_sync(self, what: str, folder: str | None, setting: str = "") -> None:
        """Start `what` in a worker; a folder field's text is remembered only once it worked."""
        if self.station.busy or (setting and folder is None):
            return
        if self.station.uploads.running:
            self.say(t("tui.upload.stick_waits"), "yellow")
            return
        self.station.busy = True
        self.query_one("#sync-busy").display = True
        for button in self.query(Button):
            button.disabled = True
        self.say(t(f"tui.sync.working.{what}"), "dim")
        self.sync_work(what, folder, setting)

    @work(thread=True, exclusive=True, group="sync")
    def sync_work(self, what: str, folder: str | None, setting: str) -> None:
        lines: list[tuple[str, str]] = []
        worked = False
        """Whether the folder typed is worth remembering: the work was done, acks were found."""
        try:
            if what == "export":
                lines = self.do_export()
            else:
                assert folder is not None
                path = Path(folder).expanduser()
                if what == "copy":
                    lines = self.do_copy(path)
                elif what == "card":
                    lines = self.do_copy_card(path)
                else:
                    outcomes = apply_acks(self.book, [path])
                    lines = ack_lines(outcomes, path)
                    # a folder without an ack that read is no place to remember
                    worked = any(o.error is None for o in outcomes)
            worked = worked or what != "import"
        except OutpostError as exc:
            lines.append((exc.message(), "bold red"))
        except Exception as exc:  # a bug must not kill the screen; the officer sees one line
            lines.append((t("tui.sync.failed", error=type(exc).__name__), "bold red"))
        kept = (setting, folder) if worked and setting and folder else None
        self.app.call_from_thread(self.done, what, lines, kept)

    def do_export(self) -> list[tuple[str, str]]:
        result = export(self.book)
        if not result.packets:
            return [(t("tui.sync.nothing_to_export"), "")]
        lines = [(t("tui.sync.sealed", path=p.name), "") for p in result.packets]
        lines.append(
            (t("tui.sync.exported", entries=result.entries, packets=len(result.packets)), "green")
        )
        if result.resent:
            lines.append((t("tui.sync.resent", entries=result.resent), "yellow"))
        return lines

    def do_copy(self, folder: Path) -> list[tuple[str, str]]:
        copies = copy_packets(self.book, folder)
        if not copies:
            return [(t("tui.sync.nothing_to_copy"), "")]
        lines = [(t("tui.sync.copied_one", path=str(p)), "") for p in copies]
        lines.append((t("tui.sync.copied", count=len(copies), folder=str(folder)), "green"))
        return lines

    def do_copy_card(self, folder: Path) -> list[tuple[str, str]]:
        copy = copy_card(self.book, folder)
        assert isinstance(self.card, StationCard)  # copy_card read it, so reload did too
        return [(t("tui.sync.card_copied", path=str(copy), fp=self.card.fingerprint), "green")]

    def done(self, what: str, lines: list[tuple[str, str]], kept: tuple[str, str] | None) -> None:
        if kept is not None:
            with contextlib.suppress(OutpostError):  # it worked; only the next visit loses it
                remember(self.book, *kept)
        self.station.busy = False
        self.query_one("#sync-busy").display = False
        for button in self.query(Button):
            button.disabled = False
        self.to_buttons(self.WORK_BUTTONS[what])  # disabled, they lost the cursor to a field
        for text, style in lines:
            self.say(text, style)
        self.reload()

    def say(self, message: str, style: str = "") -> None:
        self.said.append((message, style))
        self.query_one("#sync-log", RichLog).write(plain(message, style))
