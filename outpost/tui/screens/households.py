"""Households: the registry with search, and one household's whole history on one screen."""

from __future__ import annotations

import threading
from typing import Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Input, Static

from outpost.i18n import catalogue, t
from outpost.logbook import LogFilter, matching
from outpost.station.households import household_matches
from outpost.tui.screens.base import StationScreen
from outpost.tui.text import plain
from outpost.tui.widgets.entries import add_columns, entry_row
from outpost.tui.widgets.footer import StationFooter

COLUMNS = {"head": 14, "household_id": 12, "sumu": 10, "gacha": 12, "tags": 12}
"""Widest each column of user text grows, in terminal columns (a Chinese character takes two):
a long name is cut with "…" so every column stays on an 80-column screen."""


def tag_label(tag: str) -> str:
    """A household tag in the officer's language (tags the catalogue does not know, as typed)."""
    return t(f"tui.tag.{tag}") if f"tui.tag.{tag}" in catalogue() else str(tag)


class HouseholdsScreen(StationScreen):
    """The registry: head, id, sumu and gacha, members, tags; Enter opens the history."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "tui.key.search"),
        Binding("enter", "open_household", "tui.key.open", show=False),
    ]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.search = ""

    def compose(self) -> ComposeResult:
        yield Static(t("tui.households.title"), classes="screen-title")
        yield Input(self.search, placeholder=t("tui.picker.search"), id="hh-search", compact=True)
        table: DataTable[Any] = DataTable(id="households", cursor_type="row", zebra_stripes=True)
        for key in ("head", "household_id", "sumu", "gacha", "members", "tags"):
            table.add_column(t(f"tui.field.{key}"), key=key)
        yield table
        yield Static("", id="hh-status")
        yield StationFooter()

    def on_mount(self) -> None:
        self.query_one("#households").focus()
        self.reload()

    def reload(self) -> None:
        registry = self.book.state.registry()
        found = household_matches(registry, self.search)
        table = self.query_one("#households", DataTable)
        table.clear()
        for hid in found:
            data = registry[hid]
            table.add_row(
                plain(data.get("head", ""), limit=COLUMNS["head"]),
                plain(hid, limit=COLUMNS["household_id"]),
                plain(data.get("sumu", ""), limit=COLUMNS["sumu"]),
                plain(data.get("gacha", ""), limit=COLUMNS["gacha"]),
                Text(str(data.get("members", ""))),
                plain("、".join(tag_label(x) for x in data.get("tags", [])), limit=COLUMNS["tags"]),
                key=hid,
            )
        self.query_one("#hh-status", Static).update(
            t("tui.households.count", shown=len(found), total=len(registry))
        )

    def on_input_changed(self, event: Input.Changed) -> None:
        self.search = event.value
        self.reload()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one("#households").focus()

    def action_search(self) -> None:
        self.query_one("#hh-search").focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.app.push_screen(HouseholdHistory(str(event.row_key.value)))

    def action_open_household(self) -> None:
        table = self.query_one("#households", DataTable)
        if table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
            self.app.push_screen(HouseholdHistory(str(key.value)))


class HouseholdHistory(StationScreen):
    """One household: its record and every entry about it (water, medicine, visits, help)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "tui.key.back"),
        Binding("enter", "open_entry", "tui.key.open", show=False),
    ]

    def __init__(self, household_id: str) -> None:
        super().__init__()
        self.household_id = household_id
        self.generation = 0
        self.page_lock = threading.Lock()

    def compose(self) -> ComposeResult:
        yield Static("", id="hh-title", classes="screen-title")
        yield Static("", id="hh-record")
        table: DataTable[Any] = DataTable(id="hh-history", cursor_type="row", zebra_stripes=True)
        add_columns(table)
        yield table
        yield Static("", id="hh-totals")
        yield StationFooter()

    def on_mount(self) -> None:
        self.query_one("#hh-history").focus()
        self.reload()

    def reload(self) -> None:
        data = self.book.state.household(self.household_id) or {}
        self.query_one("#hh-title", Static).update(
            Text.assemble(
                plain(data.get("head", ""), "bold"), "  ", plain(self.household_id, "dim")
            )
        )
        record = " · ".join(
            f"{t('tui.field.' + k)}: {v}"
            for k, v in data.items()
            if k in ("sumu", "gacha", "members", "phone", "location", "note")
        )
        self.query_one("#hh-record", Static).update(plain(record))
        self.query_one("#hh-history", DataTable).clear()
        self.generation += 1
        self.load(self.generation)

    @work(thread=True, group="household-history")
    def load(self, generation: int) -> None:
        with self.page_lock:
            views = [
                self.book.current(e)
                for e in matching(self.book, LogFilter(household=self.household_id))
            ]
            self.app.call_from_thread(self.show, generation, views)

    def show(self, generation: int, views: list[dict[str, Any]]) -> None:
        if generation != self.generation:
            return
        table = self.query_one("#hh-history", DataTable)
        litres = 0
        counts: dict[str, int] = {}
        heads = self.book.state.registry()
        for view in views:
            table.add_row(*entry_row(view, heads), key=view["id"])
            if view["voided"]:
                continue
            counts[view["kind"]] = counts.get(view["kind"], 0) + 1
            if view["kind"] == "water_delivery":
                litres += int(view["data"].get("litres", 0))
        self.query_one("#hh-totals", Static).update(
            t(
                "tui.households.totals",
                water=counts.get("water_delivery", 0),
                litres=litres,
                medicine=counts.get("medicine_handout", 0),
                visits=counts.get("herder_visit", 0),
                assistance=counts.get("assistance", 0),
            )
        )

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        from outpost.tui.screens.detail import EntryDetail

        self.app.push_screen(EntryDetail(str(event.row_key.value)))

    def action_open_entry(self) -> None:
        table = self.query_one("#hh-history", DataTable)
        if table.row_count:
            from outpost.tui.screens.detail import EntryDetail

            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
            self.app.push_screen(EntryDetail(str(key.value)))

    def action_back(self) -> None:
        self.dismiss(None)
