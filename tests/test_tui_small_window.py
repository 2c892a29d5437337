"""Below 80×24 the station screens say so in one line instead of a broken layout (issue 10)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import Input
from tui_helpers import make_station, open_app, screen_text, type_into

from outpost.i18n import set_language
from outpost.tui.dialogs.too_small import TooSmallScreen
from outpost.tui.screens.form import EntryForm
from outpost.tui.screens.home import HomeScreen


async def test_a_small_window_says_how_big_it_must_be_and_home_returns_when_it_grows(
    station_dir: Path, clock: Any
) -> None:
    """At 60×20 one line (in Chinese) names the size needed; the form keys do nothing under it;
    at 100×30 home is back."""
    make_station(station_dir, clock)
    set_language("zh")
    app = open_app(station_dir, clock)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        assert "窗口太小（至少 80×24，现在 60×20）" in screen_text(app)
        await pilot.press("w")
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_shrinking_the_window_keeps_what_a_form_holds(station_dir: Path, clock: Any) -> None:
    """A form being typed stays under the small-window line and holds its text afterwards."""
    make_station(station_dir, clock)
    app = open_app(station_dir, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("w")
        assert isinstance(app.screen, EntryForm)
        await type_into(pilot, "#in-litres", "800")
        await pilot.resize_terminal(70, 20)
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert isinstance(app.screen, EntryForm)
        assert app.screen.query_one("#in-litres", Input).value == "800"
