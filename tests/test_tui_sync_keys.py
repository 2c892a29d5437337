"""The sync screen's keys work wherever the officer left the cursor; acks are found on the stick
and in its `acks/` folder; a folder that failed is not remembered."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import Input
from tui_helpers import make_station, open_app, screen_text, type_into

from outpost.hq import HqArchive, import_packet, make_ack
from outpost.logbook import Logbook
from outpost.station.settings import ACKS_FROM, remembered
from outpost.sync.identity import read_card
from outpost.sync.station import export, own_card_path, set_hq_card


def stick_with_an_ack(tmp_path: Path, station_dir: Path, clock: Any) -> Path:
    """A station that exported to HQ, and a stick where HQ wrote its ack to `acks/`."""
    make_station(station_dir, clock)
    archive = HqArchive.create(tmp_path / "hq", hq_id="alxa-brigade", name="大队", passphrase=b"pw")
    archive.unlock(b"pw")
    with Logbook.open(station_dir, clock=clock) as book:
        set_hq_card(book, archive.card)
        archive.enroll(read_card(own_card_path(book), "outpost-station"))
        for packet in export(book).packets:
            import_packet(archive, packet.read_bytes(), source=packet.name)
    usb = tmp_path / "usb"
    (usb / "acks").mkdir(parents=True)
    raw, name = make_ack(archive, "yingen-couple-post")
    (usb / "acks" / name).write_bytes(raw)
    archive.close()
    return usb


async def test_acks_in_the_sticks_acks_folder_are_found_and_i_works_on_coming_back(
    tmp_path: Path, station_dir: Path, clock: Any
) -> None:
    """The stick's own folder typed with `Enter` finds HQ's ack in `STICK/acks`; coming back to
    the screen the cursor is not in the field, so `i` imports again instead of typing "i"."""
    usb = stick_with_an_ack(tmp_path, station_dir, clock)
    app = open_app(station_dir, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("y")
        await pilot.pause()
        await type_into(pilot, "#acks-from", str(usb))
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "acknowledged through #1" in screen_text(app)
        assert not isinstance(app.focused, Input)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        await pilot.pause()
        assert not isinstance(app.focused, Input)
        await pilot.press("i")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.query_one("#acks-from", Input).value == str(usb)
        assert "skipped" in screen_text(app)  # read again from STICK/acks: applied before
    assert app.book is not None
    assert remembered(app.book, ACKS_FROM) == str(usb)
    app.book.close()


async def test_a_folder_that_failed_is_not_remembered(
    tmp_path: Path, station_dir: Path, clock: Any
) -> None:
    """A mistyped acks folder (missing, or holding no acks) says so and is not offered again
    next time; the one that worked stays remembered."""
    usb = stick_with_an_ack(tmp_path, station_dir, clock)
    app = open_app(station_dir, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("y")
        await pilot.pause()
        await type_into(pilot, "#acks-from", str(usb))
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        for wrong in (str(usb / "ackz"), str(tmp_path / "hq")):
            await type_into(pilot, "#acks-from", wrong)
            await pilot.press("enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
    assert app.book is not None
    assert remembered(app.book, ACKS_FROM) == str(usb)
    app.book.close()


async def test_after_using_the_acks_field_i_imports_instead_of_typing(
    tmp_path: Path, station_dir: Path, clock: Any
) -> None:
    """Once the acks folder was typed and used with `Enter`, leaving and coming back to the
    screen leaves the cursor out of the field: `i` imports acks, the path stays as it was."""
    acks = stick_with_an_ack(tmp_path, station_dir, clock) / "acks"
    app = open_app(station_dir, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("y")
        await pilot.pause()
        await type_into(pilot, "#acks-from", str(acks))
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("escape", "y")
        await pilot.pause()
        await pilot.press("i")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.query_one("#acks-from", Input).value == str(acks)
        assert "skipped" in screen_text(app)
    assert app.book is not None
    app.book.close()
