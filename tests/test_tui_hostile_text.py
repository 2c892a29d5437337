"""Hostile text typed anywhere on the station screens is shown as text: the app never exits.

Each test opens the real app once and drives one screen (one form, one browser) with every
hostile string, pressing Tab, Ctrl+S and Esc after each (toasts on: a toast is where `[/]` once
ended the app). The tests are split per form and per screen so that pytest-xdist spreads them.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from textual.screen import ModalScreen
from textual.widgets import Input, Static
from tui_helpers import make_station, open_app, type_into

from outpost.logbook import Logbook
from outpost.model import KINDS
from outpost.text import printable
from outpost.tui import StationApp
from outpost.tui.dialogs.picker import HouseholdPicker
from outpost.tui.dialogs.reason import ReasonDialog
from outpost.tui.dialogs.unsaved import DraftDialog, LeaveDialog
from outpost.tui.screens.detail import EntryDetail
from outpost.tui.screens.form import EntryForm

HOSTILE = (
    "[/]800",
    "x[/]",
    "[bold]粗体[/bold]",
    "[@click=app.quit]退出[/]",
    "\x1b[2J清屏",
    "铃\x07响",
    "\u202eevil.exe",
    "👨\u200d👩\u200d👧 一家",
    "ᠮᠣᠩᠭᠣᠯ",
    "长" * 4001,
)
"""Markup, terminal escapes, a bell, a right-to-left override, joiners, Mongolian script and
4,001 characters: each is text like any other."""

FORM_KEYS = {kind.key: name for name, kind in KINDS.items() if kind.key}


@pytest.fixture
def station(station_dir: Path, clock: Any) -> Path:
    make_station(station_dir, clock)
    return station_dir


def shown(app: StationApp) -> str:
    """Every Static on the current screen and every toast, rendered as a person reads it."""
    console = Console(width=200, record=True, file=io.StringIO(), color_system=None)
    for static in app.screen.query(Static):
        if static.display:
            console.print(static.render(), markup=False, highlight=False)
    for note in app._notifications:
        console.print(note.message, markup=False, highlight=False)
    return console.export_text()


def assert_whole(app: StationApp, typed: str) -> None:
    """The app runs, and nothing on screen holds a raw control character or lost brackets."""
    assert app.is_running and app.crash is None
    text = shown(app)
    assert not any(c in text for c in "\x1b\x07\u202e"), repr(text[:200])
    assert "[/bold" not in printable(typed) or "粗体" not in text or "[bold]粗体" in text


async def press_around(pilot: Any) -> None:
    """Tab, Ctrl+S and Esc, as the issue's officer pressed them; a dialog asking whether to
    leave a changed form is answered by going back to it."""
    await pilot.press("tab", "ctrl+s")
    await pilot.pause()
    await pilot.press("escape")
    await pilot.pause()
    if isinstance(pilot.app.screen, ModalScreen):
        await pilot.press("escape")
        await pilot.pause()


async def leave_forms(pilot: Any) -> None:
    """Close forms and dialogs, discarding what they hold (at most ten presses: a screen that
    will not close fails the test instead of hanging it)."""
    for _ in range(10):
        screen = pilot.app.screen
        if not isinstance(screen, EntryForm | ModalScreen):
            return
        key = (
            "d"
            if isinstance(screen, LeaveDialog)
            else "n"
            if isinstance(screen, DraftDialog)
            else "escape"
        )
        await pilot.press(key)
        await pilot.pause()
    raise AssertionError(f"{pilot.app.screen!r} does not close")


def inputs(app: StationApp) -> list[str]:
    return [f"#{field.id}" for field in app.screen.query(Input) if field.id]


def rounds(count: int) -> range:
    """Rounds enough for every hostile string to go into one of `count` fields at least once
    (each round puts a different string in each field)."""
    return range(-(-len(HOSTILE) // max(count, 1)))


async def fill(pilot: Any, round_: int) -> str:
    """Paste a hostile string into every input of the screen, a different one in each; the
    last one pasted is returned."""
    fields = list(pilot.app.screen.query(Input))
    typed = ""
    for i, field in enumerate(fields):
        typed = HOSTILE[(round_ * len(fields) + i) % len(HOSTILE)]
        field.focus()
        field.value = ""
        field.insert_text_at_cursor(typed)
    await pilot.pause()
    return typed


def stored(folder: Path) -> list[dict[str, Any]]:
    with Logbook.open(folder) as book:
        return list(book.entries())


def strings_in(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings_in(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings_in(v)]
    return []


async def test_markup_typed_in_litres_does_not_end_the_app(station: Path, clock: Any) -> None:
    """`[/]800` in 水量, Ctrl+S, Esc: the refusal quotes it as typed and the app keeps running."""
    app = open_app(station, clock)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("w")
        await type_into(pilot, "#in-household", "hh-0007")
        await type_into(pilot, "#in-litres", "[/]800")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "[/]800" in shown(app)
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running and app.crash is None


@pytest.mark.parametrize("key", sorted(FORM_KEYS))
async def test_every_form_field_takes_hostile_text(station: Path, clock: Any, key: str) -> None:
    """Every field of the form holds each hostile string through Tab, Ctrl+S and Esc; what
    was saved holds exactly what was typed."""
    app = open_app(station, clock)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        for round_ in range(len(HOSTILE)):
            if not isinstance(app.screen, EntryForm):
                await pilot.press(key)
            assert isinstance(app.screen, EntryForm), key
            if round_ not in rounds(len(inputs(app))):
                break
            typed = await fill(pilot, round_)
            assert_whole(app, typed)
            await press_around(pilot)
            assert_whole(app, typed)
        await leave_forms(pilot)
        assert app.book is not None
        app.book.close()
    typed_set = {h.strip() for h in HOSTILE}
    for entry in stored(station)[1:]:
        kind = KINDS[entry["kind"]]
        choices = {c for spec in kind.form_fields for c in spec.choices}
        for value in strings_in(entry["data"]):
            assert value in typed_set or value in choices or value.isdigit(), (entry, value)


async def saved_delivery(app: StationApp, pilot: Any) -> dict[str, Any]:
    """A water delivery typed and saved on its form (the entry the dialogs work on)."""
    await pilot.press("w")
    await type_into(pilot, "#in-household", "hh-0007")
    await type_into(pilot, "#in-litres", "800")
    await pilot.press("ctrl+s")
    await pilot.pause()
    assert app.book is not None
    return next(app.book.entries(2, 2))


async def test_household_picker_takes_hostile_text(station: Path, clock: Any) -> None:
    """The household picker's fields (opened from a form with F4) hold each hostile string
    through Tab, Ctrl+S and Esc."""
    app = open_app(station, clock)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await saved_delivery(app, pilot)
        for round_ in rounds(5):
            if not isinstance(app.screen, EntryForm):
                await pilot.press("w")
            await pilot.press("f4")
            await pilot.pause()
            assert isinstance(app.screen, HouseholdPicker)
            typed = await fill(pilot, round_)
            assert_whole(app, typed)
            await press_around(pilot)
            assert_whole(app, typed)
        await leave_forms(pilot)
        assert app.book is not None
        app.book.close()
    assert [e["kind"] for e in stored(station)] == ["household", "water_delivery"]


async def test_void_dialog_takes_hostile_text(station: Path, clock: Any) -> None:
    """The void dialog's reason holds each hostile string it is given through Tab, Ctrl+S and
    Esc; Esc (and discarding what is typed) voids nothing."""
    app = open_app(station, clock)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        water = await saved_delivery(app, pilot)
        assert app.book is not None
        app.push_screen(EntryDetail(water["id"]))
        await pilot.pause()
        for typed in HOSTILE[::3]:  # the void dialog: typed, never confirmed
            await pilot.press("x")
            await pilot.pause()
            assert isinstance(app.screen, ReasonDialog)
            await type_into(pilot, "#reason", typed)
            assert_whole(app, typed)
            await press_around(pilot)
            await leave_forms(pilot)  # Esc on a typed reason asks first: discard it
            assert isinstance(app.screen, EntryDetail)
        app.book.close()
    assert not [e for e in stored(station) if e["kind"] == "void"]


async def test_amendment_reason_takes_hostile_text(station: Path, clock: Any) -> None:
    """An amendment's reason holds each hostile string it is given: saved with Ctrl+S as typed,
    and the history shows it as typed."""
    app = open_app(station, clock)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        water = await saved_delivery(app, pilot)
        assert app.book is not None
        app.push_screen(EntryDetail(water["id"]))
        await pilot.pause()
        for typed in HOSTILE[1::3]:  # an amendment: the reason typed, saved with Ctrl+S
            await pilot.press("e")
            await pilot.pause()
            assert isinstance(app.screen, EntryForm)
            await type_into(pilot, "#in-reason_for_change", typed)
            await press_around(pilot)
            assert_whole(app, typed)
            await leave_forms(pilot)
            if not isinstance(app.screen, EntryDetail):  # Esc after the save left the detail
                app.push_screen(EntryDetail(water["id"]))
                await pilot.pause()
        history = shown(app)
        app.book.close()
    entries = stored(station)
    assert not [e for e in entries if e["kind"] == "void"]
    reasons = [e["data"]["reason"] for e in entries if e["kind"] == "amendment"]
    assert reasons and all(r in {h.strip() for h in HOSTILE} for r in reasons)
    for reason in reasons:
        assert printable(reason)[:40] in history.replace("\n", "")


async def test_first_run_fields_take_hostile_text(tmp_path: Path, clock: Any) -> None:
    """Each first-run field holds each hostile string through Tab, Ctrl+S and Esc, and no
    station is made from any of them."""
    folder = tmp_path / "new-station"
    app = open_app(folder, clock)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        for round_ in rounds(4):
            typed = await fill(pilot, round_)
            assert_whole(app, typed)
            await press_around(pilot)
            assert_whole(app, typed)
        assert app.book is None
    assert not (folder / "station.json").exists()


@pytest.mark.parametrize("screen_key", ["l", "h", "y", "u"])
async def test_browsers_sync_and_summary_take_hostile_text(
    station: Path, clock: Any, screen_key: str
) -> None:
    """The log filters (l), the household search (h), the sync folder fields (y) and the
    summary (u: month field and export) hold each hostile string; a household with a hostile
    head and note is listed, opened and exported as text."""
    with Logbook.open(station, clock=clock) as book:
        for n, typed in enumerate(HOSTILE[:-1]):
            book.add(
                "household",
                {"household_id": f"hh-09{n:02d}", "head": typed, "note": typed, "gacha": typed},
            )
    app = open_app(station, clock)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press(screen_key)
        await pilot.pause()
        for round_ in rounds(len(inputs(app))):
            typed = await fill(pilot, round_)
            assert_whole(app, typed)
            await press_around(pilot)
            assert_whole(app, typed)
        app.screen.focus_next()
        await pilot.press("enter", "e")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert_whole(app, "")
        for _ in range(10):  # bounded: a screen that will not close fails instead of hanging
            if len(app.screen_stack) == 1:
                break
            await pilot.press("escape")
            await pilot.pause()
        assert app.is_running and app.crash is None
