"""The monthly summary screen: pick a month, read its figures against the month before, with
bars, medicine and assistance details, what the figures rest on, and export to files.

Every figure comes from `outpost.reports` (the same code as `outpost report`); this screen only
shows it. Counting and exporting run in workers, so years of log never freeze the screen.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Footer, Input, Static

from outpost.errors import OutpostError
from outpost.i18n import t
from outpost.logbook import Logbook
from outpost.model.months import check_month, shift_month
from outpost.station.summary import (
    export_summary,
    monthly_summary,
    this_month,
    written_in_clear,
)
from outpost.tui.screens.base import StationScreen
from outpost.tui.text import plain

BAR = 24
"""Width of the longer bar of each figure, in cells."""


def bars(doc: dict[str, Any], room: int = BAR + 10) -> Text:
    """Each key figure on a line, then this month's bar (solid) and the month before's (light),
    both scaled to the larger of the two; `room` is the width they have, in cells."""
    from outpost.reports.rows import COLUMNS, main_figures, show, value

    figures = main_figures(doc)
    longest = max(4, min(BAR, room - 10))
    out = Text()
    for key, section, name in COLUMNS:
        now = value(figures, section, name)
        before = value(figures["previous"], section, name)
        top = max(now, before) or 1
        out.append(t(key) + "\n", style="bold")
        out.append("█" * round(now / top * longest), style="bold cyan")
        out.append(f" {show(now, section, name)}\n")
        out.append("░" * round(before / top * longest), style="dim")
        out.append(f" {show(before, section, name)}\n", style="dim")
    return out


def details(doc: dict[str, Any]) -> Text:
    """Medicine handed out, assistance by category and stock at the month end, as short lists."""
    from outpost.reports.rows import category_rows, item_rows, main_figures, stock_rows

    figures = main_figures(doc)
    out = Text()
    for heading, rows in (
        ("report.section.items", item_rows(figures)),
        ("report.section.assistance", [(c, n, f"({d})") for c, n, d in category_rows(figures)]),
        ("report.section.stock", stock_rows(figures)),
    ):
        out.append(t(heading) + "\n", style="bold")
        if not rows:
            out.append("  " + t("report.none") + "\n", style="dim")
        for first, second, third in rows:
            out.append("  ")
            out.append_text(plain(first, limit=24))
            out.append(f"  {second} ")
            out.append_text(plain(third, limit=12))
            out.append("\n")
    return out


class MonthBars(Static):
    """The bars of `bars`, drawn to the width the widget has when it is drawn."""

    doc: dict[str, Any] | None = None

    def show_doc(self, doc: dict[str, Any]) -> None:
        self.doc = doc
        self.refresh(layout=True)

    def render(self) -> Text:
        return bars(self.doc, self.content_size.width) if self.doc else Text("")


class SummaryScreen(StationScreen):
    """The month's figures; `[` and `]` step through months, `e` exports the month to files."""

    CSS_PATH = "summary.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left_square_bracket", "step(-1)", "report.tui.key.previous"),
        Binding("right_square_bracket", "step(1)", "report.tui.key.next"),
        Binding("e", "export", "report.tui.key.export"),
    ]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.month = ""
        self.doc: dict[str, Any] | None = None

    def compose(self) -> ComposeResult:
        yield Static(t("tui.summary.title"), classes="screen-title", id="summary-title")
        with Horizontal(id="summary-bar"):
            yield Input(self.month, placeholder="YYYY-MM", id="summary-month", compact=True)
            yield Static(t("report.tui.hint"), id="summary-hint")
        yield Static("", id="summary-banner")
        with Horizontal(id="summary-main"):
            table: DataTable[Any] = DataTable(id="summary-figures", cursor_type="row")
            yield table
            with VerticalScroll(id="summary-side"):
                yield MonthBars(id="summary-chart")
                yield Static("", id="summary-details")
        with Vertical(id="summary-foot"):
            yield Static("", id="summary-coverage")
        yield Footer()

    def on_mount(self) -> None:
        if not self.month:
            self.month = this_month(self.book)
        self.query_one("#summary-month", Input).value = self.month
        self.query_one("#summary-figures").focus()
        self.reload()

    def reload(self) -> None:
        self.count(self.month)

    def action_step(self, step: int) -> None:
        try:
            self.month = check_month(shift_month(self.month, step))
        except OutpostError:
            return  # the calendar's end: stay on this month
        self.query_one("#summary-month", Input).value = self.month
        self.reload()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        try:
            self.month = check_month(event.value.strip())
        except OutpostError as exc:
            self.refused(exc.message())
            return
        self.query_one("#summary-figures").focus()
        self.reload()

    @work(thread=True, exclusive=True, group="summary")
    def count(self, month: str) -> None:
        """Count the month from the log, away from the screen's thread."""
        book = self.book
        try:
            doc = self._count(book, month)
        except OutpostError as exc:
            self.app.call_from_thread(self.refused, exc.message())
            return
        self.app.call_from_thread(self.show, doc)

    def _count(self, book: Logbook, month: str) -> dict[str, Any]:
        return monthly_summary(book, month).to_json()

    def refused(self, message: str) -> None:
        self.query_one("#summary-banner", Static).update(Text(message, style="bold red"))

    def show(self, doc: dict[str, Any]) -> None:
        from outpost.reports.rows import banner, coverage_line, figure_rows, main_figures

        if doc["month"] != self.month:
            return  # the officer has moved on to another month
        self.doc = doc
        title = t("report.title_station", name=doc["stations"][0]["name"], month=doc["month"])
        self.query_one("#summary-title", Static).update(plain(title))
        table = self.query_one("#summary-figures", DataTable)
        table.clear(columns=True)
        table.add_column(t("report.figure"), key="figure")
        for key in ("month", "previous", "change"):
            label = {"month": doc["month"], "previous": doc["previous_month"]}.get(
                key, t("report.change")
            )
            table.add_column(label, key=key)
        for label, now, before, change in figure_rows(main_figures(doc)):
            table.add_row(
                label,
                Text(now, justify="right"),
                Text(before, justify="right", style="dim"),
                Text(change, justify="right"),
            )
        note = banner(doc)
        self.query_one("#summary-banner", Static).update(
            Text(note, style="bold yellow") if note else ""
        )
        self.query_one("#summary-chart", MonthBars).show_doc(doc)
        self.query_one("#summary-details", Static).update(details(doc))
        self.query_one("#summary-coverage", Static).update(plain(coverage_line(doc["stations"][0])))

    def action_export(self) -> None:
        if self.doc is not None:
            self.export(self.doc)

    @work(thread=True, exclusive=True, group="summary-export")
    def export(self, doc: dict[str, Any]) -> None:
        """Write the month as HTML, CSV, Markdown and JSON into the station's `reports/`."""
        try:
            path = export_summary(self.book, doc)
            in_clear = written_in_clear(self.book)
        except OutpostError as exc:
            self.app.call_from_thread(self.notify, exc.message(), severity="error")
            return
        self.app.call_from_thread(self.exported, path, in_clear)

    def exported(self, path: Path, in_clear: bool = False) -> None:
        """Say where the files are; from a sealed station, also that they are in clear."""
        done = t("report.tui.exported", path=str(path.parent), name=path.stem)
        if in_clear:
            self.notify(f"{done}\n{t('report.in_clear')}", severity="warning", timeout=15)
        else:
            self.notify(done)
