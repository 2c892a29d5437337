"""A sealed station's screens open on the unlock screen, and lock themselves when left alone,
keeping the form in progress (its draft sealed like the rest)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import Input
from tui_helpers import open_app, screen_text, type_into

from outpost.logbook import Logbook
from outpost.station.drafts import DRAFTS
from outpost.store import atrest
from outpost.tui.screens.form import EntryForm
from outpost.tui.screens.home import HomeScreen
from outpost.tui.screens.unlock import UnlockScreen

PASSPHRASE = "camel-well-saxaul-41"


def make_sealed(folder: Path, clock: Any) -> None:
    """A sealed station with one household, closed, its key forgotten by this process."""
    book = Logbook.create(
        folder,
        station_id="yingen-couple-post",
        name="银根戍边夫妻警务室",
        officers=["张伟", "李娜"],
        clock=clock,
        passphrase=PASSPHRASE.encode(),
    )
    book.add("household", {"household_id": "hh-0007", "head": "巴特尔"})
    book.close()
    atrest.lock(folder)


async def test_the_unlock_screen_refuses_a_wrong_passphrase_then_opens(
    station_dir: Path, clock: Any
) -> None:
    """At 80×24 the screens start on the unlock screen; a wrong passphrase is a line there
    (the field emptied), the right one opens home."""
    make_sealed(station_dir, clock)
    app = open_app(station_dir, clock)
    assert app.book is None
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, UnlockScreen)
        await type_into(pilot, "#in-passphrase", "not-the-passphrase")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, UnlockScreen)
        assert "wrong station passphrase" in screen_text(app)
        assert app.screen.query_one("#in-passphrase", Input).value == ""
        await type_into(pilot, "#in-passphrase", PASSPHRASE)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.book is not None and app.book.state.last_seq == 1
    app.book.close()


async def test_left_alone_the_screens_lock_and_keep_the_form(station_dir: Path, clock: Any) -> None:
    """After the idle time the unlock screen covers a form being typed; its draft is on disk
    sealed; after the passphrase the form is there with what was typed, and saves."""
    make_sealed(station_dir, clock)
    app = open_app(station_dir, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_into(pilot, "#in-passphrase", PASSPHRASE)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.idle_limit == 15 * 60  # the default
        await pilot.press("w")
        await type_into(pilot, "#in-household", "hh-0007")
        await type_into(pilot, "#in-litres", "800")
        app.lock_when_idle(now=app.last_touch + 15 * 60 - 1)
        assert isinstance(app.screen, EntryForm)  # not yet
        app.lock_when_idle(now=app.last_touch + 15 * 60)
        await pilot.pause()
        assert isinstance(app.screen, UnlockScreen)
        draft = station_dir / DRAFTS / "new-water_delivery.json"
        assert draft.read_bytes().startswith(atrest.MAGIC)
        assert atrest.key_for(station_dir) is None
        await type_into(pilot, "#in-passphrase", PASSPHRASE)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, EntryForm)
        assert app.screen.query_one("#in-litres", Input).value == "800"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, EntryForm)
    assert app.book is not None
    assert [e["data"].get("litres") for e in app.book.entries()][1:] == [800]
    app.book.close()


async def test_the_first_run_screen_seals_a_station_with_a_passphrase_typed_twice(
    station_dir: Path, clock: Any
) -> None:
    """Two different passphrases are a line on the first-run screen, nothing made; the same
    one twice sets up a sealed station."""
    app = open_app(station_dir, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_into(pilot, "#in-station_id", "yingen-couple-post")
        await type_into(pilot, "#in-name", "银根戍边夫妻警务室")
        await type_into(pilot, "#in-officers", "张伟")
        await type_into(pilot, "#in-passphrase", PASSPHRASE)
        await type_into(pilot, "#in-passphrase_again", PASSPHRASE + "x")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "differ" in screen_text(app)
        assert not (station_dir / "station.json").exists()
        await type_into(pilot, "#in-passphrase_again", PASSPHRASE)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert app.book is not None
    app.book.close()
    assert (station_dir / "station.json").read_bytes().startswith(atrest.MAGIC)
