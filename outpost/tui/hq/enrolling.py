"""Enrollment: open a station's card, read its fingerprint large (checked with the station on
the phone), enroll on one key; replacing an enrolled station's key asks twice, with who and why."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Input, Label, Static

from outpost.brigade import enroll_station, read_station_card, replace_station_key
from outpost.errors import OutpostError
from outpost.i18n import t
from outpost.tui.hq.base import HqScreen
from outpost.tui.hq.importing import FolderSuggester
from outpost.tui.text import plain
from outpost.tui.widgets.footer import StationFooter


class EnrollScreen(HqScreen):
    """Reads a card through `outpost.brigade.read_station_card` and enrolls it."""

    FORM_LIKE = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "enroll", "tui.hq.key.enroll_now", priority=True),
        Binding("escape", "back", "tui.key.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.card: dict[str, Any] | None = None
        self.held: str | None = None
        """The fingerprint HQ holds for the card's station when it differs (a replacement)."""
        self.asked = False
        """A replacement was asked for once: the next Ctrl+S does it."""

    def compose(self) -> ComposeResult:
        yield Static(t("tui.hq.enroll.title"), classes="screen-title")
        yield Static(t("tui.hq.enroll.intro"), id="enroll-intro")
        yield Input(id="card-path", suggester=FolderSuggester(files=True), compact=True)
        yield Static("", id="enroll-card")
        yield Static("", id="enroll-fingerprint", classes="fingerprint")
        with Horizontal(classes="form-row", id="row-who"):
            yield Label(t("tui.hq.enroll.who"), classes="form-label")
            yield Input(id="in-who", compact=True)
        with Horizontal(classes="form-row", id="row-why"):
            yield Label(t("tui.hq.enroll.why"), classes="form-label")
            yield Input(id="in-why", compact=True)
        yield Static("", id="enroll-status")
        yield StationFooter()

    def on_mount(self) -> None:
        self.query_one("#card-path").focus()
        self.show_replace(False)

    def show_replace(self, shown: bool) -> None:
        for row in ("#row-who", "#row-why"):
            self.query_one(row).display = shown

    def status(self, text: str) -> None:
        self.query_one("#enroll-status", Static).update(plain(text))

    def action_back(self) -> None:
        self.run_worker(self.hq.action_open("stations"))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "card-path":
            self.action_enroll()
            return
        self.card, self.held, self.asked = None, None, False
        self.query_one("#enroll-card", Static).update("")
        self.query_one("#enroll-fingerprint", Static).update("")
        try:
            card = read_station_card(Path(event.value.strip()).expanduser())
        except OutpostError as exc:
            self.status(exc.message())
            return
        self.card = card
        enrolled = self.archive.station(card["id"])
        if enrolled is not None and enrolled["fingerprint"] != card["fingerprint"]:
            self.held = str(enrolled["fingerprint"])
        line = t("tui.hq.enroll.card", name=card["name"], station=card["id"], tz=card["timezone"])
        self.query_one("#enroll-card", Static).update(plain(line))
        self.query_one("#enroll-fingerprint", Static).update(plain(spaced(card["fingerprint"])))
        self.show_replace(self.held is not None)
        if self.held is not None:
            self.status(t("tui.hq.enroll.replacing", held=self.held))
            self.query_one("#in-who").focus()
        else:
            self.status(t("tui.hq.enroll.check"))

    def action_enroll(self) -> None:
        if self.card is None:
            return
        card = self.card
        try:
            if self.held is None:
                done = enroll_station(self.archive, card)
            elif not self.asked:
                self.asked = True
                self.status(t("tui.hq.enroll.again", held=self.held, new=card["fingerprint"]))
                return
            else:
                who = self.query_one("#in-who", Input).value
                why = self.query_one("#in-why", Input).value
                done = replace_station_key(self.archive, card, who=who, why=why)
        except OutpostError as exc:
            self.asked = False
            self.status(exc.message())
            return
        self.status(
            t(
                f"hq.enrolled_{done.outcome}",
                station=card["id"],
                name=card["name"],
                fp=card["fingerprint"],
            )
        )
        self.card, self.held, self.asked = None, None, False
        self.show_replace(False)


def spaced(fingerprint: str) -> str:
    """The fingerprint as read aloud: its groups set apart."""
    return "   ".join(" ".join(group) for group in fingerprint.split("-"))
