"""HQ's inbox: what `outpost hq serve` on this archive received and refused, read every two
seconds from the archive (no HTTP), or how to start it when it does not run."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.widgets import DataTable, Static

from outpost.brigade import brigade_zone
from outpost.brigade.inbox_watch import InboxView, inbox_view
from outpost.i18n import t
from outpost.model.times import shown
from outpost.tui.hq.base import HqScreen
from outpost.tui.text import plain
from outpost.tui.widgets.footer import StationFooter

POLL = 2.0
"""Seconds between two readings of the server's marker and events."""
OK_STATES = ("new", "held", "head", "partial", "ack")


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


def event_cells(event: dict[str, Any], tz: Any) -> list[Any]:
    """One event's cells: when, which station, what came of it, and why in words."""
    at = shown(event["at"], tz)[5:16] if event["at"] else "—"
    count = f" ×{event['count']}" if event["count"] > 1 else ""
    if event["code"] == "ok":
        state = event["reason"] if event["reason"] in OK_STATES else "held"
        result = plain(t(f"tui.hq.inbox.ok.{state}"))
        reason = plain(t("tui.hq.inbox.bytes", count=event["bytes"]) if event["bytes"] else "")
    else:
        result = plain(t("tui.hq.inbox.refused", code=event["code"]) + count, style="red")
        reason = plain(event["reason"], limit=60)
    return [plain(at), plain(event["name"], limit=16), result, reason]
