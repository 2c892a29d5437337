"""Medicine stock: received, handed out and left per medicine, deficits and low stock marked."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from outpost.i18n import t
from outpost.station.home import low_stock
from outpost.tui.screens.base import StationScreen
from outpost.tui.text import plain
from outpost.tui.widgets.footer import StationFooter


class StockScreen(StationScreen):
    """One row per medicine and unit; `r` records stock received."""

    def compose(self) -> ComposeResult:
        yield Static(t("tui.stock.title"), classes="screen-title")
        table: DataTable[Any] = DataTable(id="stock", cursor_type="row", zebra_stripes=True)
        for key in ("medicine", "unit", "received", "handed_out", "balance", "level"):
            table.add_column(t(f"tui.stock.{key}"), key=key)
        yield table
        yield Static(t("tui.stock.hint"), id="stock-hint")
        yield StationFooter()

    def on_mount(self) -> None:
        self.query_one("#stock").focus()
        self.reload()

    def reload(self) -> None:
        flagged = {(r["medicine"], r["unit"]): r["level"] for r in low_stock(self.book)}
        table = self.query_one("#stock", DataTable)
        table.clear()
        for row in self.book.state.stock_levels():
            level = flagged.get((row["medicine"], row["unit"]), "ok")
            style = {"deficit": "bold red", "low": "yellow"}.get(level, "")
            table.add_row(
                plain(row["medicine"], style, limit=40),
                plain(row["unit"], limit=12),
                Text(str(row["received"]), justify="right"),
                Text(str(row["handed_out"]), justify="right"),
                Text(str(row["balance"]), style=style, justify="right"),
                Text(t(f"tui.stock.level.{level}"), style=style),
            )
