"""The warning dialog before a save that looks wrong, and the roster screen (key o on home),
driven through the real app with Pilot at 80×24."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, OptionList
from tui_helpers import make_station, open_app, screen_text, type_into

from outpost.logbook import Logbook, StationConfig
from outpost.tui.dialogs.warnings import WarningsDialog
from outpost.tui.screens.form import EntryForm
from outpost.tui.screens.home import HomeScreen
from outpost.tui.screens.roster import RosterScreen

SIZE = (80, 24)


@pytest.fixture
def station(station_dir: Path, clock: Any) -> Path:
    make_station(station_dir, clock)
    return station_dir


def stored(app: Any, folder: Path) -> list[dict[str, Any]]:
    """The log on disk, once the app has let its folder go."""
    if app.book is not None:
        app.book.close()
        app.book = None
    with Logbook.open(folder) as book:
        return list(book.entries())


async def fill_water(pilot: Any, officers: str = "张伟") -> None:
    await pilot.press("w")
    assert isinstance(pilot.app.screen, EntryForm)
    await type_into(pilot, "#in-household", "hh-0007")
    await type_into(pilot, "#in-litres", "800")
    await type_into(pilot, "#in-officers", officers)


async def test_esc_on_the_warnings_goes_back_to_the_form_with_everything_kept(
    station: Path, clock: Any
) -> None:
    """Ctrl+S with an officer off the roster opens the dialog naming them; Esc returns to the
    form with every field as typed and nothing saved."""
    app = open_app(station, clock)
    async with app.run_test(size=SIZE) as pilot:
        await fill_water(pilot, "张三")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, WarningsDialog)
        assert "张三 is not on the station's roster" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, EntryForm)
        values = {f.id: f.value for f in app.screen.query(Input)}
        assert values["in-household"] == "hh-0007" and values["in-litres"] == "800"
        assert values["in-officers"] == "张三"
    assert len(stored(app, station)) == 1


async def test_y_on_the_warnings_saves_once_and_the_name_does_not_become_the_default(
    station: Path, clock: Any
) -> None:
    """Y saves the entry once (as typed, 张三 and all) and closes the form; the next form
    names the roster's officer, not 张三 (finding 5)."""
    app = open_app(station, clock)
    async with app.run_test(size=SIZE) as pilot:
        await fill_water(pilot, "张三")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("v")
        assert app.screen.query_one("#in-officers", Input).value == "张伟"
    saved = stored(app, station)
    assert len(saved) == 2 and saved[1]["officers"] == ["张三"]


async def test_enter_saves_a_likely_duplicate_and_no_warning_saves_at_once(
    station: Path, clock: Any
) -> None:
    """A plausible delivery saves with Ctrl+S alone; the same again opens the dialog naming
    the first; Enter saves it."""
    app = open_app(station, clock)
    async with app.run_test(size=SIZE) as pilot:
        await fill_water(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await fill_water(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, WarningsDialog)
        assert "Looks like entry #2" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert len(stored(app, station)) == 3


async def test_add_to_roster_from_the_warnings_saves_and_makes_them_the_default(
    station: Path, clock: Any
) -> None:
    """A puts 王芳 on the roster and saves; the next form names 王芳."""
    app = open_app(station, clock)
    async with app.run_test(size=SIZE) as pilot:
        await fill_water(pilot, "王芳")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("v")
        assert app.screen.query_one("#in-officers", Input).value == "王芳"
    assert StationConfig.load(station).officers == ["张伟", "李娜", "王芳"]
    assert len(stored(app, station)) == 2


async def test_the_roster_screen_adds_and_retires_officers(station: Path, clock: Any) -> None:
    """o on home opens the roster; a typed name and Enter adds; Delete on a name retires it;
    retiring the last officer is refused with a message; Esc goes home."""
    app = open_app(station, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o")
        assert isinstance(app.screen, RosterScreen)
        await type_into(pilot, "#roster-name", "王芳")
        await pilot.press("enter")
        await pilot.pause()
        assert StationConfig.load(station).officers == ["张伟", "李娜", "王芳"]
        listing = app.screen.query_one("#roster-list", OptionList)
        listing.focus()
        listing.highlighted = 1
        await pilot.press("delete")
        await pilot.pause()
        kept = StationConfig.load(station)
        assert kept.officers == ["张伟", "王芳"] and kept.retired == ["李娜"]
        assert "李娜" in screen_text(app)  # listed as retired
        for _ in range(3):
            listing.highlighted = 0
            await pilot.press("delete")
            await pilot.pause()
        assert StationConfig.load(station).officers == ["王芳"]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
