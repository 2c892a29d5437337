"""What the sync screen writes: the line of an upload that reached HQ, the lines of the acks
read from a folder, and the table of where this station's delivery stands."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.table import Table
from rich.text import Text

from outpost.errors import OutpostError
from outpost.i18n import t
from outpost.model.ranges import ranges_text
from outpost.station.setup import StationCard
from outpost.tui.syncview import short_time
from outpost.tui.text import plain

if TYPE_CHECKING:
    from outpost.sync.station_acks import AckFile
    from outpost.tui.uploads import UploadState


def synced_line(state: UploadState) -> str:
    """What an upload that reached HQ did, as `outpost sync` says it."""
    assert state.outcome is not None
    return state.outcome.line()


def ack_lines(outcomes: list[AckFile], folder: Path) -> list[tuple[str, str]]:
    """What the log says of each ack file read (or that the folder held none)."""
    if not outcomes:
        return [(t("tui.sync.no_acks_here", folder=str(folder)), "yellow")]
    lines = []
    for outcome in outcomes:
        name = outcome.path.name
        if outcome.seen_before:
            lines.append((t("sync.ack_seen", file=name), ""))
        elif outcome.error is not None:
            lines.append((f"{name}: {outcome.error.message()}", "yellow"))
        elif outcome.result is not None:
            result = outcome.result
            applied = t(
                "tui.sync.ack_applied",
                file=name,
                counter=result.counter,
                through=result.acknowledged_through,
            )
            lines.append((applied, "green"))
            if result.gaps:
                gaps = t("tui.sync.ack_gaps", gaps=ranges_text(result.gaps))
                lines.append((gaps, "bold red"))
            if result.resend:
                lines.append((t("tui.sync.ack_resend", entries=result.resend), "yellow"))
    return lines


def state_table(sync: dict[str, Any], card: StationCard | OutpostError | None = None) -> Table:
    """This station's card, HQ, entries not yet exported, waiting for HQ, acknowledged, last
    ack, what HQ lacks."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="dim")
    table.add_column()
    if isinstance(card, StationCard):
        table.add_row(
            t("tui.sync.own_card"),
            plain(t("tui.sync.own_card_at", fp=card.fingerprint, path=str(card.path))),
        )
    elif card is not None:
        table.add_row(t("tui.sync.own_card"), plain(card.message(), "bold red"))
    if not sync.get("hq"):
        table.add_row(t("tui.sync.hq"), Text(t("tui.sync.no_hq"), style="yellow"))
        return table
    table.add_row(t("tui.sync.hq"), plain(f"{sync['hq']}  ({sync.get('hq_fingerprint', '')})"))
    table.add_row(t("tui.sync.unexported_label"), str(sync.get("unexported", 0)))
    table.add_row(
        t("tui.sync.waiting_label"),
        f"{sync.get('unacknowledged', 0)}  ({short_time(sync.get('last_export_at'), sync)})",
    )
    table.add_row(t("tui.sync.acked_label"), str(sync.get("acknowledged_through", 0)))
    table.add_row(t("tui.sync.last_ack"), short_time(sync.get("last_ack_at"), sync))
    gaps = sync.get("gaps") or []
    table.add_row(
        t("tui.sync.lacks"),
        Text(ranges_text(gaps), style="bold red") if gaps else Text(t("tui.sync.lacks_none")),
    )
    return table
