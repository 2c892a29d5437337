"""Summaries: the brigade's monthly summary of a month picked with [ and ], every station's
figures and coverage, exported in every format `outpost hq report` writes to a typed folder."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Input, Static

from outpost.brigade import brigade_summary, export_summary
from outpost.errors import OutpostError
from outpost.i18n import t
from outpost.model.months import month_at, shift_month
from outpost.reports.terminal import to_text
from outpost.tui.hq.base import HqScreen
from outpost.tui.hq.importing import FolderSuggester
from outpost.tui.text import plain
from outpost.tui.widgets.footer import StationFooter


class SummariesScreen(HqScreen):
    """The summary as `outpost hq report` prints it; X asks a folder and writes every format."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left_square_bracket", "month(-1)", "tui.hq.key.previous"),
        Binding("right_square_bracket", "month(1)", "tui.hq.key.next"),
        Binding("x", "export", "tui.hq.key.export"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.month = ""

    def compose(self) -> ComposeResult:
        yield Static("", id="summary-month", classes="screen-title")
        with VerticalScroll(id="summary-body"):
            yield Static("", id="summary-text")
        yield Input(id="export-path", suggester=FolderSuggester(), compact=True)
        yield Static("", id="summary-status")
        yield StationFooter()

    def on_mount(self) -> None:
        self.query_one("#export-path").display = False
        self.reload()

    def reload(self) -> None:
        if not self.month:
            self.month = month_at(self.hq.now())
        self.query_one("#summary-month", Static).update(t("tui.hq.summary.title", month=self.month))
        text = to_text(brigade_summary(self.archive, self.month).to_json())
        shown = Text(no_wrap=True, overflow="ignore")
        for line in text.splitlines():
            shown.append_text(plain(line))
            shown.append("\n")
        self.query_one("#summary-text", Static).update(shown)

    def action_month(self, step: int) -> None:
        self.month = shift_month(self.month, step)
        self.reload()

    def action_export(self) -> None:
        field = self.query_one("#export-path", Input)
        field.display = True
        field.focus()
        self.query_one("#summary-status", Static).update(t("tui.hq.summary.where"))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        status = self.query_one("#summary-status", Static)
        folder = Path(event.value.strip()).expanduser()
        try:
            written = export_summary(brigade_summary(self.archive, self.month), folder)
        except OutpostError as exc:
            status.update(plain(exc.message()))
            return
        event.input.display = False
        status.update(plain(t("tui.hq.summary.written", count=len(written), path=str(folder))))
