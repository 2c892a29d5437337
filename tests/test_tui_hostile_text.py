"""Hostile text typed anywhere on the station screens is shown as text: the app never exits."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tui_helpers import make_station, open_app, type_into

from outpost.tui.screens.form import EntryForm


@pytest.fixture
def station(station_dir: Path, clock: Any) -> Path:
    make_station(station_dir, clock)
    return station_dir


async def test_markup_typed_in_litres_does_not_end_the_app(station: Path, clock: Any) -> None:
    """`[/]800` in 水量, Ctrl+S, Esc: the refusal is shown and the app keeps running."""
    app = open_app(station, clock)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("w")
        await type_into(pilot, "#in-household", "hh-0007")
        await type_into(pilot, "#in-litres", "[/]800")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running and app.crash is None
