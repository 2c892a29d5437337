"""HQ's inbox: what `outpost hq serve` on this archive received and refused, read every two
seconds from the archive (no HTTP), or how to start it when it does not run."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.widgets import DataTable, Static

from outpost.brigade import brigade_zone
from outpost.brigade.inbox_watch import InboxView, inbox_view
from outpost.i18n import catalogue, t
from outpost.model.times import shown
from outpost.tui.hq.base import HqScreen
from outpost.tui.text import plain
from outpost.tui.widgets.footer import StationFooter

POLL = 2.0
"""Seconds between two readings of the server's marker and events."""
OK_STATES = ("new", "held", "head", "partial", "ack")
CODE_PREFIX = "tui.hq.inbox.code."
CODES = frozenset(k.removeprefix(CODE_PREFIX) for k in catalogue() if k.startswith(CODE_PREFIX))
"""The refusal codes the screen says in words (another code shows as it came)."""


class InboxScreen(HqScreen):
    """The server's state on one line, then its latest uploads and refusals, the newest first."""

    BINDINGS: ClassVar[list[BindingType]] = []

    def __init__(self) -> None:
        super().__init__()
        self.view: InboxView | None = None

    def compose(self) -> ComposeResult:
        yield Static(t("tui.hq.inbox.title"), classes="screen-title")
        yield Static("", id="inbox-server")
        table: DataTable[Any] = DataTable(id="inbox-events", cursor_type="row")
        for name in ("at", "station", "result", "reason"):
            table.add_column(t(f"tui.hq.col.{name}"), key=name)
        yield table
        yield Static("", id="inbox-detail")
        yield StationFooter()

    def on_mount(self) -> None:
        self.reload()
        self.set_interval(POLL, self.reload)

    def reload(self) -> None:
        if not self.hq.unlocked or self.hq.archive is None:
            return
        view = inbox_view(self.archive)
        if self.view == view:
            return  # nothing new: the table keeps its cursor
        self.view = view
        server = view.server
        if server.running:
            line = t("tui.hq.inbox.running", url=server.listen, pid=server.pid)
        else:
            line = t("tui.hq.inbox.stopped", folder=str(self.archive.folder))
            if server.stale:
                line = t("tui.hq.inbox.stale", pid=server.pid) + " " + line
        self.query_one("#inbox-server", Static).update(plain(line))
        tz = brigade_zone(self.archive)
        table = self.query_one("#inbox-events", DataTable)
        table.clear()
        for event in view.events:
            table.add_row(*event_cells(event, tz))
        if not view.events:
            table.add_row(plain("—"), plain(t("tui.hq.inbox.empty")), plain(""), plain(""))
        self.show_detail(table.cursor_row)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_detail(event.cursor_row)

    def show_detail(self, row: int) -> None:
        """The highlighted event in full below the table (its reason may be longer than the
        column): which station, what came of it, why."""
        events = self.view.events if self.view else []
        line = ""
        if 0 <= row < len(events):
            event = events[row]
            cells = event_cells(event, brigade_zone(self.archive), full=True)
            line = " · ".join(str(cell) for cell in cells[1:] if str(cell))
        self.query_one("#inbox-detail", Static).update(plain(line))


def event_cells(event: dict[str, Any], tz: Any, *, full: bool = False) -> list[Any]:
    """One event's cells: when, which station, what came of it, and why in words (`full`:
    nothing clipped)."""
    at = shown(event["at"], tz)[5:16] if event["at"] else "—"
    count = f" ×{event['count']}" if event["count"] > 1 else ""
    if event["code"] == "ok":
        state = event["reason"] if event["reason"] in OK_STATES else "held"
        result = plain(t(f"tui.hq.inbox.ok.{state}"))
        reason = plain(t("tui.hq.inbox.bytes", count=event["bytes"]) if event["bytes"] else "")
    else:
        result = plain(t("tui.hq.inbox.refused", code=event["code"]) + count, style="red")
        words = t(CODE_PREFIX + event["code"]) if event["code"] in CODES else ""
        said = " — ".join(part for part in (words, event["reason"]) if part)
        reason = plain(said, limit=None if full else 60)
    name = plain(event["name"]) if full else plain(event["name"], limit=16)
    return [plain(at), name, result, reason]
