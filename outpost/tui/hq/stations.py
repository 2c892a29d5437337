"""HQ's home, the stations board (the station needing attention first), and one station's
detail: its packets, gaps, incidents and card."""

from __future__ import annotations

from datetime import tzinfo
from pathlib import PurePath
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from outpost.brigade import StationLine, brigade_zone, station_board, station_detail
from outpost.i18n import catalogue, t
from outpost.model.ranges import ranges_text
from outpost.model.times import shown
from outpost.tui.hq.base import HqScreen
from outpost.tui.text import plain
from outpost.tui.widgets.footer import StationFooter

COLUMNS = ("station", "entries", "through", "missing", "last", "days", "skew", "acks", "incidents")


def day(text: str | None, tz: tzinfo) -> str:
    """A stored time as month-day in the brigade's zone (the board has 80 columns)."""
    return shown(text, tz)[5:10] if text else "—"


class StationsScreen(HqScreen):
    """One row per enrolled station: open incidents first, then missing entries, then silence.
    Colour is a second signal only: each cell says it in words or numbers."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "detail", "tui.key.open", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[StationLine] = []

    def compose(self) -> ComposeResult:
        yield Static(t("tui.hq.stations.title"), classes="screen-title")
        yield Static("", id="stations-status")
        table: DataTable[Any] = DataTable(id="stations", cursor_type="row", zebra_stripes=True)
        for name in COLUMNS:
            table.add_column(t(f"tui.hq.col.{name}"), key=name)
        yield table
        yield StationFooter()

    def on_mount(self) -> None:
        self.reload()

    def reload(self) -> None:
        if not self.hq.unlocked or self.hq.archive is None:
            return
        tz = brigade_zone(self.archive)
        self.lines = station_board(self.archive, self.hq.now())
        table = self.query_one("#stations", DataTable)
        table.clear()
        for line in self.lines:
            table.add_row(*board_row(line, tz), key=line.row["id"])
        status = self.query_one("#stations-status", Static)
        if not self.lines:
            status.update(t("tui.hq.stations.none"))
        else:
            status.update(t("tui.hq.stations.count", count=len(self.lines)))
        table.focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_detail()

    def action_detail(self) -> None:
        table = self.query_one("#stations", DataTable)
        if not self.lines or table.cursor_row >= len(self.lines):
            return
        self.app.push_screen(StationDetailScreen(self.lines[table.cursor_row].row["id"]))


def board_row(line: StationLine, tz: tzinfo) -> list[Text]:
    """The board's cells for one station; an alarm is red and says itself in words too."""
    row = line.row
    missing = ranges_text(row["missing"]) if row["missing"] else "0"
    days = "—" if line.days_since_contact is None else str(line.days_since_contact)
    through = f"{row['contiguous_through']} · {day(row['contiguous_through_at'], tz)}"
    return [
        plain(row["name"], limit=16),
        plain(row["entries"]),
        plain(through),
        plain(missing, style="red" if row["missing"] else "", limit=14),
        plain(last_packet(row, tz)),
        plain(days, style="yellow" if (line.days_since_contact or 0) >= 7 else ""),
        plain(skew_text(row["clock_skew_seconds"]), style="yellow" if line.clock_off else ""),
        plain(row["acks_undelivered"], style="yellow" if row["acks_undelivered"] else ""),
        plain(line.open_incidents, style="bold red" if line.open_incidents else ""),
    ]


def last_packet(row: dict[str, Any], tz: tzinfo) -> str:
    """When the last packet came and by which road (a stick, the network)."""
    if not row["last_packet_at"]:
        return "—"
    via = t(f"tui.hq.via.{row['last_packet_via'] or 'stick'}")
    return f"{day(row['last_packet_at'], tz)} {via}"


def skew_text(seconds: int | None) -> str:
    """A clock difference in its largest unit: +40s, -12m, +3h, +2d (— when unknown)."""
    if seconds is None:
        return "—"
    sign, size = ("-" if seconds < 0 else "+"), abs(seconds)
    for unit, span in (("d", 86400), ("h", 3600), ("m", 60)):
        if size >= 2 * span:
            return f"{sign}{size // span}{unit}"
    return f"{sign}{size}s"


class StationDetailScreen(HqScreen):
    """One station: its card, what HQ holds, its gaps, its packets, its incidents."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "back", "tui.key.back")]

    def __init__(self, station_id: str) -> None:
        super().__init__()
        self.station_id = station_id

    def compose(self) -> ComposeResult:
        detail = station_detail(self.archive, self.station_id)
        tz = brigade_zone(self.archive)
        yield Static(plain(f"{detail['name']} ({detail['id']})"), classes="screen-title")
        with VerticalScroll(id="detail-body"):
            yield Static(plain(t("tui.hq.detail.card", fp=detail["fingerprint"])), id="d-card")
            held = t(
                "tui.hq.detail.held",
                entries=detail["entries"],
                through=detail["contiguous_through"],
                at=shown(detail["contiguous_through_at"], tz),
            )
            yield Static(plain(held), id="d-held")
            gaps = ranges_text(detail["missing"]) if detail["missing"] else t("tui.hq.none")
            yield Static(plain(t("tui.hq.detail.gaps", ranges=gaps)), id="d-gaps")
            for gap in detail["gaps"]:
                for line in gap_lines(gap, tz):
                    yield Static(plain(line), classes="gap")
            if detail["gaps"]:
                yield Static(t("tui.hq.detail.gap_hint"), id="d-gap-hint")
            skew = skew_text(detail["clock_skew_seconds"])
            contact = t(
                "tui.hq.detail.contact",
                last=last_packet(detail, tz),
                skew=skew,
                acks=detail["acks_undelivered"],
            )
            yield Static(plain(contact), id="d-contact")
            yield Static(t("tui.hq.detail.packets"), classes="section")
            packets: DataTable[Any] = DataTable(id="d-packets", cursor_type="row")
            for name in ("received", "via", "seqs", "new", "file"):
                packets.add_column(t(f"tui.hq.col.{name}"))
            for packet in detail["packets"]:
                packets.add_row(
                    plain(shown(packet["received_at"], tz)),
                    plain(t(f"tui.hq.via.{packet['via']}")),
                    plain(f"{packet['first_seq']}–{packet['last_seq']}"),
                    plain(packet["new_entries"]),
                    plain(PurePath(packet["source"] or "—").name, limit=30),
                )
            yield packets
            yield Static(t("tui.hq.detail.incidents"), classes="section")
            if not detail["incidents"]:
                yield Static(t("tui.hq.none"), id="d-no-incidents")
            for incident in detail["incidents"]:
                yield Static(plain(incident_text(incident, tz)), classes="incident")
        yield StationFooter()

    def action_back(self) -> None:
        self.dismiss(None)


def gap_lines(gap: dict[str, Any], tz: tzinfo) -> list[str]:
    """One missing range: the station's packet files that hold it (by the names the station
    gives them), then each packet HQ opened and refused that carries it, and why."""
    lo, hi = gap["range"]
    seqs = ranges_text([[lo, hi]])
    files = gap["files"]
    if len(files) == 1:
        lines = [t("tui.hq.detail.gap_file", seqs=seqs, file=files[0])]
    else:
        lines = [t("tui.hq.detail.gap_files", seqs=seqs, first=files[0], last=files[1])]
    for packet in gap["refused"]:
        lines.append(
            t(
                "tui.hq.detail.gap_refused",
                file=packet["file"],
                at=shown(packet["at"], tz),
                via=t(f"tui.hq.via.{packet['via'] or 'stick'}"),
                reason=refusal_text(packet["reason"], packet["params"]),
            )
        )
    if gap["incidents"]:
        names = "、".join(PurePath(p["source"]).name for p in gap["incidents"])
        lines.append(t("tui.hq.detail.gap_known", seqs=seqs, packets=names))
    return lines


def refusal_text(key: str, params: dict[str, Any]) -> str:
    """A kept refusal in the current language (its key as it is, should a later version have
    dropped that message)."""
    if key not in catalogue():
        return key
    try:
        return t(key, **params)
    except (KeyError, IndexError, ValueError):  # its parameters changed since
        return key


def incident_text(incident: dict[str, Any], tz: tzinfo) -> str:
    """An incident in a line or two: its kind, seq, when, and both hashes."""
    return t(
        f"hq.row_incident_{incident['kind']}",
        seq=incident["seq"] or "-",
        at=shown(incident["at"], tz),
        held=(incident["held_hash"] or "")[:12],
        other=(incident["packet_hash"] or "")[:12],
    )
