"""The sync state as the screens draw it (`outpost.station.delivery.sync_state` counts it)."""

from __future__ import annotations

from datetime import tzinfo
from typing import Any

from rich.text import Text

from outpost.i18n import t
from outpost.model.times import DEFAULT_ZONE, shown, zone


def station_zone(sync: dict[str, Any]) -> tzinfo:
    """The zone the sync state's times are shown in: the station's (`sync_state` names it)."""
    try:
        return zone(sync.get("timezone") or DEFAULT_ZONE)
    except ValueError:
        return zone(DEFAULT_ZONE)


def short_time(value: Any, sync: dict[str, Any]) -> str:
    """A stored time of the sync state as the screens show it, in the station's zone:
    `2026-11-26 09:30`, or a dash."""
    return shown(value, station_zone(sync))


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
            t("tui.sync.waiting", count=waiting, when=short_time(sync.get("last_export_at"), sync)),
            style="cyan",
        )
        text.append("  ")
    if sync.get("acknowledged_through"):
        text.append(
            t(
                "tui.sync.acked",
                seq=sync["acknowledged_through"],
                when=short_time(sync.get("last_ack_at"), sync),
            ),
            style="green",
        )
    elif not unexported and not waiting:
        text.append(t("tui.sync.nothing"), style="dim")
    if sync.get("gaps"):
        text.append("  ")
        text.append(t("tui.sync.gaps", count=len(sync["gaps"])), style="bold red")
    return text
