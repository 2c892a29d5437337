"""Incidents: each fork or duplicate id with both hashes and the procedure to follow, marked
handled with a note (kept in the archive)."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from outpost.brigade import all_incidents, brigade_zone, handle_incident
from outpost.i18n import t
from outpost.model.times import shown
from outpost.tui.dialogs.reason import ReasonDialog
from outpost.tui.hq.base import HqScreen
from outpost.tui.text import plain
from outpost.tui.widgets.footer import StationFooter


class IncidentsScreen(HqScreen):
    """Every incident, the open ones first; the highlighted one in full below the list."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("h", "handle", "tui.hq.key.handle"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.found: list[dict[str, Any]] = []

    def compose(self) -> ComposeResult:
        yield Static(t("tui.hq.incidents.title"), classes="screen-title")
        table: DataTable[Any] = DataTable(id="incidents", cursor_type="row")
        for name in ("station", "kind", "seq", "at", "state"):
            table.add_column(t(f"tui.hq.col.{name}"))
        yield table
        with VerticalScroll(id="incident-body"):
            yield Static("", id="incident-detail")
            yield Static("", id="incident-procedure")
        yield StationFooter()

    def on_mount(self) -> None:
        self.reload()

    def reload(self) -> None:
        tz = brigade_zone(self.archive)
        self.found = all_incidents(self.archive)
        table = self.query_one("#incidents", DataTable)
        table.clear()
        for incident in self.found:
            state = t(
                "tui.hq.incidents.handled" if incident["handled_at"] else "tui.hq.incidents.open"
            )
            table.add_row(
                plain(incident["name"], limit=20),
                plain(t(f"tui.hq.incidents.kind.{incident['kind']}")),
                plain(incident["seq"] if incident["seq"] is not None else "—"),
                plain(shown(incident["at"], tz)),
                plain(state, style="" if incident["handled_at"] else "bold red"),
            )
        if not self.found:
            self.query_one("#incident-detail", Static).update(t("tui.hq.incidents.none"))
            self.query_one("#incident-procedure", Static).update("")
        else:
            self.show(min(table.cursor_row, len(self.found) - 1))
        table.focus()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if 0 <= event.cursor_row < len(self.found):
            self.show(event.cursor_row)

    def show(self, row: int) -> None:
        incident = self.found[row]
        tz = brigade_zone(self.archive)
        lines = [
            t("tui.hq.incidents.station", name=incident["name"], station=incident["station"]),
            t("tui.hq.incidents.held", hash=incident["held_hash"] or "—"),
            t("tui.hq.incidents.other", hash=incident["packet_hash"] or "—"),
            t("tui.hq.incidents.file", file=PurePath(incident["source"] or "—").name),
        ]
        if incident["handled_at"]:
            lines.append(
                t(
                    "tui.hq.incidents.note",
                    at=shown(incident["handled_at"], tz),
                    note=incident["note"],
                )
            )
        detail = plain("")
        for line in lines:
            detail.append_text(plain(line))
            detail.append("\n")
        self.query_one("#incident-detail", Static).update(detail)
        procedure = t(f"tui.hq.incidents.procedure.{incident['kind']}")
        self.query_one("#incident-procedure", Static).update(procedure)

    def action_handle(self) -> None:
        table = self.query_one("#incidents", DataTable)
        if not self.found or table.cursor_row >= len(self.found):
            return
        incident = self.found[table.cursor_row]

        def submit(note: str) -> None:
            handle_incident(self.archive, incident["id"], note)

        title = t("tui.hq.incidents.handle_title", name=incident["name"])
        self.app.push_screen(ReasonDialog(title, submit), lambda _: self.reload())
