"""Helpers for the TUI tests: open the real app on a real data directory and read the screen."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from rich.console import Console
from textual.widgets import DataTable, Input, RichLog, Static

from outpost.logbook import Logbook
from outpost.tui import StationApp, build_app


def make_station(folder: Path, clock: Any) -> None:
    """A station on disk with one household (hh-0007 巴特尔), closed again."""
    book = Logbook.create(
        folder,
        station_id="yingen-couple-post",
        name="银根戍边夫妻警务室",
        officers=["张伟", "李娜"],
        clock=clock,
    )
    book.add("household", {"household_id": "hh-0007", "head": "巴特尔", "gacha": "查干嘎查"})
    book.close()


def open_app(folder: Path, clock: Any) -> StationApp:
    return build_app(folder, clock=clock)


def screen_text(app: StationApp) -> str:
    """Everything the current screen shows in its Static widgets, tables and inputs, as text."""
    parts: list[str] = []
    console = Console(width=400, record=True, file=io.StringIO(), color_system=None)
    for static in app.screen.query(Static):
        content = static.content
        if isinstance(content, str):
            parts.append(content)
        else:
            console.print(content)
            parts.append(console.export_text())
    for table in app.screen.query(DataTable):
        for row in range(table.row_count):
            parts.append(" ".join(str(getattr(c, "plain", c)) for c in table.get_row_at(row)))
    for log in app.screen.query(RichLog):
        parts.extend(line.text for line in log.lines)
    for field in app.screen.query(Input):
        parts.append(field.value)
    return "\n".join(parts)


async def type_into(pilot: Any, selector: str, text: str, *, keys: bool = False) -> None:
    """Focus an input and put `text` in it as typed: key by key with `keys`, else as a paste."""
    app = pilot.app
    field = app.screen.query_one(selector, Input)
    field.focus()
    field.value = ""
    if keys:
        await pilot.press(*[c if c != " " else "space" for c in text])
    else:
        field.insert_text_at_cursor(text)
    await pilot.pause()


async def unlock_with(pilot: Any, passphrase: str) -> None:
    """Type `passphrase` on the unlock screen and press Enter (a sealed station, the demo)."""
    await type_into(pilot, "#in-passphrase", passphrase)
    await pilot.press("enter")
    await pilot.app.workers.wait_for_complete()  # the key is derived in a thread worker
    await pilot.pause()
