"""The station TUI's forms: one key each, saved through the Logbook, errors inline, nothing lost."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, Static
from tui_helpers import make_station, open_app, type_into

from outpost.logbook import Logbook
from outpost.store import files
from outpost.tui.dialogs.message import MessageDialog
from outpost.tui.dialogs.picker import HouseholdPicker
from outpost.tui.screens.form import EntryForm

FILLED: dict[str, dict[str, str]] = {
    "p": {"#in-route": "银根—查干敖包西段", "#in-distance_km": "96.5", "#in-markers": "207、208"},
    "w": {"#in-household": "hh-0007", "#in-litres": "800"},
    "m": {"#in-recipient": "巴特尔", "#in-items": "阿莫西林 2 盒; 布洛芬 1 瓶"},
    "v": {"#in-household": "hh-0007", "#in-people_met": "3"},
    "n": {"#in-household_id": "hh-0100", "#in-head": "其其格", "#in-gacha": "乌兰嘎查"},
    "r": {"#in-items": "阿莫西林 40 盒", "#in-source": "卫健委"},
    "a": {"#in-description": "代取快递两件", "#in-household": "hh-0007"},
}
KIND_OF = {
    "p": "patrol",
    "w": "water_delivery",
    "m": "medicine_handout",
    "v": "herder_visit",
    "n": "household",
    "r": "medicine_stock",
    "a": "assistance",
}


@pytest.fixture
def station(station_dir: Path, clock: Any) -> Path:
    make_station(station_dir, clock)
    return station_dir


def stored(folder: Path) -> list[dict[str, Any]]:
    with Logbook.open(folder) as book:
        return list(book.entries())


async def test_each_form_saves_an_entry_found_in_the_store(station: Path, clock: Any) -> None:
    """Each of the seven forms opens with its key, saves with Ctrl+S, and its entry is in the
    log on disk with what was typed."""
    app = open_app(station, clock)
    async with app.run_test(size=(120, 36)) as pilot:
        for key in FILLED:
            await pilot.press(key)
            assert isinstance(app.screen, EntryForm), key
            for selector, text in FILLED[key].items():
                await type_into(pilot, selector, text)
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert not isinstance(app.screen, EntryForm), screen_errors(app)
    assert app.book is not None
    app.book.close()
    saved = {e["kind"]: e["data"] for e in stored(station)[1:]}
    assert sorted(saved) == sorted(KIND_OF.values())
    assert saved["medicine_handout"]["items"][1] == {
        "medicine": "布洛芬",
        "quantity": 1,
        "unit": "瓶",
    }
    assert saved["patrol"]["distance_km"] == 96.5 and saved["patrol"]["markers"] == ["207", "208"]
    assert saved["water_delivery"] == {"household": "hh-0007", "litres": 800}
    assert saved["household"]["head"] == "其其格"


def screen_errors(app: Any) -> str:
    return " ".join(str(s.render()) for s in app.screen.query(".error") if s.display)


async def test_a_typing_error_shows_next_to_the_field_and_keeps_the_text(
    station: Path, clock: Any
) -> None:
    """Letters in the litres field show a message under it; saving refuses and keeps every field."""
    app = open_app(station, clock)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("w")
        await type_into(pilot, "#in-household", "hh-0007")
        await type_into(pilot, "#in-litres", "80O", keys=True)
        error = app.screen.query_one("#err-litres", Static)
        assert error.display and "80O" in str(error.render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, EntryForm)
        assert app.screen.query_one("#in-litres", Input).value == "80O"
        assert app.screen.query_one("#in-household", Input).value == "hh-0007"
        await type_into(pilot, "#in-litres", "800")
        assert not app.screen.query_one("#err-litres", Static).display
    assert app.book is not None
    app.book.close()
    assert [e["kind"] for e in stored(station)] == ["household"]


async def test_a_wrong_value_is_shown_before_the_required_fields_are_filled(
    station: Path, clock: Any
) -> None:
    """Zero litres is flagged as typed, while the household is still empty and not yet flagged."""
    app = open_app(station, clock)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("w")
        await type_into(pilot, "#in-litres", "0")
        assert app.screen.query_one("#err-litres", Static).display
        assert not app.screen.query_one("#err-household", Static).display
    assert app.book is not None
    app.book.close()


async def test_an_unknown_household_is_refused_inline(station: Path, clock: Any) -> None:
    """A household id that is not registered, or a name typed instead of an id, is named under
    the household field with the key that finds or registers it."""
    app = open_app(station, clock)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("w")
        await type_into(pilot, "#in-household", "hh-9999")
        await type_into(pilot, "#in-litres", "500")
        await pilot.press("ctrl+s")
        await pilot.pause()
        error = app.screen.query_one("#err-household", Static)
        assert error.display and "hh-9999" in str(error.render()) and "F4" in str(error.render())
        assert app.screen.query_one("#in-litres", Input).value == "500"
        await type_into(pilot, "#in-household", "巴特尔")
        assert "F4" in str(app.screen.query_one("#err-household", Static).render())
    assert app.book is not None
    app.book.close()


async def test_a_full_disk_shows_a_dialog_and_the_form_keeps_its_content(
    station: Path, clock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the month file cannot be written, a dialog says so and the typed form is still there."""

    def disk_full(_fd: int, _data: Any) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    app = open_app(station, clock)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("w")
        await type_into(pilot, "#in-household", "hh-0007")
        await type_into(pilot, "#in-litres", "1200")
        monkeypatch.setattr(files, "write_step", disk_full)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MessageDialog)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EntryForm)
        assert app.screen.query_one("#in-litres", Input).value == "1200"
        monkeypatch.undo()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, EntryForm)
    assert app.book is not None
    app.book.close()
    assert stored(station)[-1]["data"] == {"household": "hh-0007", "litres": 1200}


async def test_the_picker_registers_a_new_household_without_leaving_the_form(
    station: Path, clock: Any
) -> None:
    """F4 opens the picker; registering 额尔敦 there fills the form, and the water saves to him."""
    app = open_app(station, clock)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("w")
        await type_into(pilot, "#in-litres", "900")
        await pilot.press("f4")
        await pilot.pause()
        assert isinstance(app.screen, HouseholdPicker)
        await type_into(pilot, "#new-household_id", "hh-0042")
        await type_into(pilot, "#new-head", "额尔敦")
        await type_into(pilot, "#new-gacha", "巴彦诺日公苏木")
        await pilot.click("#register")
        await pilot.pause()
        assert isinstance(app.screen, EntryForm)
        assert app.screen.query_one("#in-household", Input).value == "hh-0042"
        assert app.screen.query_one("#in-litres", Input).value == "900"
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert app.book is not None
    app.book.close()
    kinds = [
        (e["kind"], e["data"].get("household") or e["data"].get("household_id"))
        for e in stored(station)
    ]
    assert kinds[-2:] == [("household", "hh-0042"), ("water_delivery", "hh-0042")]


async def test_the_picker_finds_a_household_by_name(station: Path, clock: Any) -> None:
    """Typing part of a name in the picker and pressing Enter picks that household."""
    app = open_app(station, clock)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("v")
        await pilot.press("f4")
        await pilot.pause()
        await type_into(pilot, "#search", "查干")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.query_one("#in-household", Input).value == "hh-0007"
    assert app.book is not None
    app.book.close()
