"""The sync state as the screens show it, read from `outpost.sync.status` (no sync logic here)."""

from __future__ import annotations

import re
from typing import Any

from rich.text import Text

from outpost.i18n import t
from outpost.logbook import Logbook

OUTBOX = "outbox"
PACKET_SUFFIX = ".opk"
PACKET_NAME = re.compile(r"-(\d+)-(\d+)-[0-9a-f]+\.opk$")
"""A packet file's name ends with its first and last seq (outpost.sync.station._write_packet)."""
"""outpost.sync.station's outbox folder and packet suffix (kept here: importing it loads crypto)."""


def sync_state(book: Logbook) -> dict[str, Any]:
    """`outpost.sync.status.sync_status(book)`, plus the packets waiting in the outbox."""
    try:
        from outpost.sync.status import sync_status
    except ImportError:  # the sync layer is optional for a station that never exports
        return {}
    state = dict(sync_status(book))
    state["unacked"] = state.get("unacknowledged", 0)
    outbox = book.folder / OUTBOX
    waiting = 0
    if state["unacked"]:
        through = state.get("acknowledged_through", 0)
        try:
            names = [p.name for p in outbox.iterdir() if p.name.endswith(PACKET_SUFFIX)]
        except OSError:
            names = []
        for name in names:
            span = PACKET_NAME.search(name)
            if span is None or int(span.group(2)) > through:
                waiting += 1
    state["outbox_packets"] = waiting
    return state


def short_time(value: Any) -> str:
    return str(value)[:16].replace("T", " ") if value else "—"


def sync_line(sync: dict[str, Any]) -> Text:
    """One line: not yet exported / exported, waiting for HQ / acknowledged, with dates."""
    text = Text()
    text.append(t("tui.sync.label") + " ", style="bold")
    if not sync or not sync.get("hq"):
        text.append(t("tui.sync.no_hq"), style="yellow")
        return text
    unexported = sync.get("unexported", 0)
    waiting = sync.get("unacknowledged", 0)
    if unexported:
        text.append(t("tui.sync.unexported", count=unexported), style="yellow")
        text.append("  ")
    if waiting:
        text.append(
            t("tui.sync.waiting", count=waiting, when=short_time(sync.get("last_export_at"))),
            style="cyan",
        )
        text.append("  ")
    if sync.get("acknowledged_through"):
        text.append(
            t(
                "tui.sync.acked",
                seq=sync["acknowledged_through"],
                when=short_time(sync.get("last_ack_at")),
            ),
            style="green",
        )
    elif not unexported and not waiting:
        text.append(t("tui.sync.nothing"), style="dim")
    if sync.get("gaps"):
        text.append("  ")
        text.append(t("tui.sync.gaps", count=len(sync["gaps"])), style="bold red")
    return text
