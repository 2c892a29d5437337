"""Home: the station, who is on duty, today, this month's counters, 30 days, alerts, sync state."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import DataTable, Static

from outpost.i18n import t
from outpost.station.delivery import sync_state
from outpost.station.home import ACTIVITY_DAYS, Overview, overview
from outpost.tui.keys import ROSTER_KEY
from outpost.tui.screens.base import StationScreen
from outpost.tui.syncview import sync_line
from outpost.tui.text import plain
from outpost.tui.widgets.chart import ActivityChart
from outpost.tui.widgets.entries import add_columns, entry_row
from outpost.tui.widgets.footer import StationFooter

if TYPE_CHECKING:
    from outpost.tui.uploads import UploadState

REFRESH_SECONDS = 60


class HomeScreen(StationScreen):
    """The first screen: everything a station needs at a glance, and a key for each form."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open_entry", "tui.key.open", show=False),
        Binding(ROSTER_KEY, "roster", "tui.key.screen.roster", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Static(id="topbar")
        yield Static(id="notice")
        yield Static(id="sync-state")
        with Horizontal(id="home-top"):
            yield Static(id="counters", classes="panel")
            yield Static(id="alerts", classes="panel")
        yield ActivityChart(id="chart")
        yield Static(t("tui.home.today"), id="today-title", classes="section")
        table: DataTable[Any] = DataTable(id="today", cursor_type="row", zebra_stripes=True)
        add_columns(table)
        yield table
        yield Static(t("tui.home.hint"), id="hint")
        yield StationFooter()

    def on_mount(self) -> None:
        self.station.uploads.changed.subscribe(self, self.upload_changed)
        self.reload()
        # The laptop stays open for days: today's list and the counters follow the clock.
        self.set_interval(REFRESH_SECONDS, self.refresh_if_shown)

    def refresh_if_shown(self) -> None:
        if self.is_current:
            self.reload()

    def reload(self) -> None:
        book = self.station.book
        if book is None:
            self.query_one("#topbar", Static).update(t("tui.first_run.title"))
            return
        sync = sync_state(book)
        view = overview(book, sync)
        self.query_one("#topbar", Static).update(top_bar(self.station))
        notice = self.query_one("#notice", Static)
        notice.display = bool(self.station.notice)
        notice.update(plain(self.station.notice or ""))
        self.query_one("#sync-state", Static).update(sync_line(sync))
        self.query_one("#counters", Static).update(counters_table(view))
        self.query_one("#alerts", Static).update(alerts_text(view))
        chart = self.query_one(ActivityChart)
        chart.show(view.activity, t("tui.home.chart", days=ACTIVITY_DAYS, most=max(view.activity)))
        table = self.query_one("#today", DataTable)
        table.clear()
        heads = book.state.registry()
        for entry in view.today:
            table.add_row(*entry_row(entry, heads), key=entry["id"])
        self.query_one("#today-title", Static).update(
            t("tui.home.today_count", count=len(view.today))
        )

    def upload_changed(self, state: UploadState) -> None:
        """An upload ended (auto-upload, as likely as not): the sync line says when."""
        book = self.station.book
        if state.phase != "running" and book is not None:
            self.query_one("#sync-state", Static).update(sync_line(sync_state(book)))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.open_entry(str(event.row_key.value))

    def action_open_entry(self) -> None:
        table = self.query_one("#today", DataTable)
        if table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
            self.open_entry(str(key.value))

    def action_roster(self) -> None:
        from outpost.tui.screens.roster import RosterScreen

        self.app.push_screen(RosterScreen())

    def open_entry(self, entry_id: str) -> None:
        from outpost.tui.screens.detail import EntryDetail

        self.app.push_screen(EntryDetail(entry_id))


def top_bar(app: Any) -> Text:
    """Station name, officers on duty, today's date, the data directory."""
    book = app.book
    now = book.clock().astimezone(book.tz)
    on_duty = book.config.officers
    weekday = t(f"tui.weekday.{now.weekday()}")
    return Text.assemble(
        plain(book.config.name, "bold"),
        "  ",
        (t("tui.home.on_duty"), "dim"),
        " ",
        plain("、".join(on_duty)),
        "  ",
        (f"{now:%Y-%m-%d} {weekday}", ""),
    )


def counters_table(view: Overview) -> Table:
    """This month's counters, one per line."""
    c = view.counters
    table = Table.grid(padding=(0, 1))
    table.add_column()
    table.add_column(justify="right")
    table.add_row(Text(t("tui.home.month", month=view.month), style="bold"), "")
    rows = [
        ("tui.home.patrols", t("tui.home.patrols_value", count=int(c["patrols"]), km=c["km"])),
        (
            "tui.home.water",
            t("tui.home.water_value", count=int(c["water"]), litres=int(c["litres"])),
        ),
        ("tui.home.medicine", str(int(c["medicine"]))),
        ("tui.home.visits", str(int(c["visits"]))),
        ("tui.home.assistance", str(int(c["assistance"]))),
    ]
    for key, value in rows:
        table.add_row(t(key), value)
    return table


def alerts_text(view: Overview) -> Text:
    """The alerts, most urgent first, or a line saying there are none."""
    text = Text()
    text.append(t("tui.home.alerts") + "\n", style="bold")
    if not view.alerts:
        text.append(t("tui.home.no_alerts"), style="green")
        return text
    ordered = sorted(view.alerts, key=lambda a: a.level != "error")
    for alert in ordered:
        mark = "✖ " if alert.level == "error" else "▲ "
        style = "bold red" if alert.level == "error" else "yellow"
        params = {k: str(v) for k, v in alert.params.items()}
        text.append(mark, style=style)
        text.append_text(plain(t(alert.key, **params)))
        text.append("\n")
    text.rstrip()
    return text
