"""The log browser: newest first, filters by kind, month, household and text, a page at a time.

Rows come from `outpost.logbook.browse.matching`, a generator that reads one month file at a
time; a worker pulls the next page of rows when the cursor nears the end, so years of log open
as fast as a week of it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import DataTable, Input, Select, Static

from outpost.i18n import t
from outpost.logbook import LogFilter, matching
from outpost.model import RECORD_KINDS, Entry
from outpost.model.describe import kind_label
from outpost.station.records import CORRECTIONS
from outpost.tui.screens.base import StationScreen
from outpost.tui.widgets.entries import add_columns, entry_row
from outpost.tui.widgets.footer import StationFooter

PAGE = 100


class LogScreen(StationScreen):
    """Every entry of the station, newest first, with filters and entry detail."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "tui.key.search"),
        Binding("enter", "open_entry", "tui.key.open", show=False),
        Binding("e", "amend", "tui.key.amend"),
        Binding("x", "void", "tui.key.void"),
    ]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.where = LogFilter()
        self.rows: Iterator[Entry] | None = None
        self.loaded = 0
        self.exhausted = False
        self.generation = 0
        self.loading = False
        self.page_lock = threading.Lock()
        self.keep_row = 0
        """The row the cursor goes back to when the first page is shown again."""
        self.stored: dict[str, Entry] = {}
        """The entries shown so far, as stored, by id (the detail needs no search)."""

    def compose(self) -> ComposeResult:
        yield Static(t("tui.log.title"), classes="screen-title")
        with Horizontal(id="filters"):
            kinds = [(kind_label(k), k) for k in (*RECORD_KINDS, "amendment", "void")]
            yield Select(
                kinds,
                prompt=t("tui.log.any_kind"),
                id="f-kind",
                value=self.where.kind or Select.NULL,
                compact=True,
            )
            yield Input(
                self.where.month or "", placeholder=t("tui.log.month"), id="f-month", compact=True
            )
            yield Input(
                self.where.household or "",
                placeholder=t("tui.log.household"),
                id="f-household",
                compact=True,
            )
            yield Input(
                self.where.text or "", placeholder=t("tui.log.text"), id="f-text", compact=True
            )
        table: DataTable[Any] = DataTable(id="log", cursor_type="row", zebra_stripes=True)
        add_columns(table)
        yield table
        yield Static("", id="log-status")
        yield StationFooter()

    def on_mount(self) -> None:
        self.query_one("#log").focus()
        self.restart()

    def reload(self) -> None:
        """Coming back (after an amendment or a void made from here): the list again, the
        cursor on the same row."""
        self.keep_row = self.query_one("#log", DataTable).cursor_row
        self.restart()

    def restart(self) -> None:
        """Start the list again from the newest entry with the current filters."""
        self.generation += 1
        self.stored = {}
        self.query_one("#log", DataTable).clear()
        self.rows = matching(self.book, self.where)
        self.loaded = 0
        self.exhausted = False
        self.loading = True
        self.load_page(self.generation)

    @work(thread=True, group="log-page")
    def load_page(self, generation: int) -> None:
        with self.page_lock:
            rows = self.rows
            if rows is None or generation != self.generation:
                return
            page = []
            targets: dict[str, int] = {}
            for entry in rows:
                self.stored[entry["id"]] = entry
                page.append(self.book.current(entry))
                if entry["kind"] in CORRECTIONS:
                    target = self.book.find(entry["data"]["target"])
                    if target is not None:
                        targets[entry["id"]] = target["seq"]
                if len(page) >= PAGE:
                    break
            last = len(page) < PAGE
            self.app.call_from_thread(self.show_page, generation, page, last, targets)

    def show_page(
        self, generation: int, page: list[dict[str, Any]], last: bool, targets: dict[str, int]
    ) -> None:
        if generation != self.generation:
            return
        table = self.query_one("#log", DataTable)
        heads = self.book.state.registry()
        for view in page:
            table.add_row(*entry_row(view, heads, targets.get(view["id"])), key=view["id"])
        if self.loaded == 0 and self.keep_row:
            table.move_cursor(row=min(self.keep_row, table.row_count - 1))
            self.keep_row = 0
        self.loaded += len(page)
        self.exhausted = last
        self.loading = False
        key = "tui.log.all_shown" if last else "tui.log.more"
        self.query_one("#log-status", Static).update(t(key, count=self.loaded))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        table = event.data_table
        if not self.exhausted and not self.loading and event.cursor_row >= table.row_count - 5:
            self.loading = True
            self.load_page(self.generation)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.open_entry(str(event.row_key.value))

    def highlighted(self) -> str | None:
        """The id of the entry on the highlighted row, if any."""
        table = self.query_one("#log", DataTable)
        if not table.row_count:
            return None
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def action_open_entry(self) -> None:
        entry_id = self.highlighted()
        if entry_id is not None:
            self.open_entry(entry_id)

    def action_amend(self) -> None:
        """Amend the highlighted entry, without opening it first."""
        from outpost.tui.screens.detail import amend_entry

        entry_id = self.highlighted()
        if entry_id is not None:
            amend_entry(self, self.stored.get(entry_id) or self.book.find(entry_id))

    def action_void(self) -> None:
        """Void the highlighted entry, without opening it first."""
        from outpost.tui.screens.detail import void_entry

        entry_id = self.highlighted()
        if entry_id is not None:
            void_entry(self, self.stored.get(entry_id) or self.book.find(entry_id), self.restart)

    def open_entry(self, entry_id: str) -> None:
        from outpost.tui.screens.detail import EntryDetail

        self.app.push_screen(EntryDetail(entry_id, self.stored.get(entry_id)))

    def action_search(self) -> None:
        self.query_one("#f-text").focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        value = event.value
        kind = value if isinstance(value, str) else None
        if kind != self.where.kind:
            self.where = LogFilter(kind, self.where.month, self.where.household, self.where.text)
            self.restart()

    def on_input_changed(self, event: Input.Changed) -> None:
        value = event.value.strip() or None
        month, household, text = self.where.month, self.where.household, self.where.text
        if event.input.id == "f-month":
            if value is not None and len(value) != 7:
                return
            month = value
        elif event.input.id == "f-household":
            household = value
        elif event.input.id == "f-text":
            text = value
        new = LogFilter(self.where.kind, month, household, text)
        if new != self.where:
            self.where = new
            self.restart()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one("#log").focus()
