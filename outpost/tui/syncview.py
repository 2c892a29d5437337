"""The sync state as the screens draw it (`outpost.station.delivery.sync_state` counts it), and
the state of uploads to HQ's inbox server in words."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any

from rich.text import Text

from outpost.i18n import t
from outpost.model.times import DEFAULT_ZONE, shown, zone
from outpost.tui.text import plain

if TYPE_CHECKING:
    from outpost.tui.uploads import UploadState


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
    if sync.get("last_upload_at"):
        text.append("  ")
        when = short_time(sync["last_upload_at"], sync)
        text.append(t("tui.sync.last_upload", when=when), style="dim")
    return text


def clock_time(moment: datetime, tz: tzinfo) -> str:
    """A moment of today as the upload line shows it: `09:35`, in the station's zone."""
    return moment.astimezone(tz).strftime("%H:%M")


def size_text(count: int) -> str:
    """Bytes as the progress line shows them: `812 B`, `12.5 KiB`, `3.2 MiB`."""
    if count < 1024:
        return f"{count} B"
    if count < 1024 * 1024:
        return f"{count / 1024:.1f} KiB"
    return f"{count / 1024 / 1024:.1f} MiB"


def upload_line(state: UploadState, tz: tzinfo) -> Text:
    """Where the uploads stand, in words: sending (packets and bytes), connected, no network
    with the next try, HQ's refusal with its reason. What came from HQ or the line is shown
    literally (`plain`): an answer is text from elsewhere."""
    text = Text()
    text.append(t("tui.upload.label") + " ", style="bold")
    phase = state.phase
    retry = t("tui.upload.next_try", when=clock_time(state.retry_at, tz)) if state.retry_at else ""
    if phase == "idle":
        text.append(t("tui.upload.idle"), style="dim")
    elif phase == "running" and not state.packets:
        text.append(t("tui.upload.connecting"), style="cyan")
    elif phase == "running":
        sending = t(
            "tui.upload.sending",
            packet=state.packet,
            packets=state.packets,
            sent=size_text(state.sent),
            size=size_text(state.size),
        )
        text.append(sending, style="cyan")
    elif phase == "connected" and state.outcome is not None:
        when = clock_time(state.at, tz) if state.at else "—"
        seq = state.outcome.acknowledged_through
        text.append(t("tui.upload.connected", when=when, seq=seq), style="green")
        if state.outcome.waiting:
            waiting = t("tui.upload.unacknowledged", count=state.outcome.waiting)
            text.append("  " + waiting + retry, style="yellow")
    elif phase in ("offline", "busy"):
        text.append(t(f"tui.upload.{phase}") + retry, style="yellow")
    elif phase == "refused" and state.error is not None:
        error = state.error
        reason = error.params.get("reason") or error.params.get("code")
        if error.key != "net.refused" or not reason:
            reason = error.on_screen()
        text.append_text(plain(t("tui.upload.refused", reason=reason), "bold red"))
    else:
        if state.error is not None:
            reason = state.error.on_screen()
        else:
            reason = t("tui.sync.failed", error=state.bug or "?")
        text.append_text(plain(t("tui.upload.failed", reason=reason), "bold red"))
    return text
