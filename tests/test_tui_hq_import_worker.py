"""HQ's import screen runs the import in a thread worker: the screen answers while a packet waits
to be written, and leaving mid-import stops after the packet under way, nothing half-written."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from conftest import HQ_PASSPHRASE
from hq_tui_helpers import add_station, make_hq, stick_with_four_packets
from tui_helpers import screen_text, type_into

from outpost.hq import HqArchive
from outpost.hq.archive import WRITE_LOCK
from outpost.store.lock import WriteLock
from outpost.sync.station import export
from outpost.tui.hq import build_hq_app
from outpost.tui.hq.app import HqApp
from outpost.tui.hq.help import HqHelpScreen
from outpost.tui.hq.importing import ImportScreen
from outpost.tui.hq.stations import StationsScreen

HOLD_AT_MOST = 15.0
"""Seconds the test's writer holds HQ's write lock if the test never lets it go (a failure)."""


@contextmanager
def another_writer(hq: Path) -> Iterator[threading.Event]:
    """HQ's write lock held by another writer (as the inbox server holds it while it commits a
    big packet) until the event is set: an import's next packet waits for it."""
    release, held = threading.Event(), threading.Event()

    def hold() -> None:
        with WriteLock(hq / WRITE_LOCK):
            held.set()
            release.wait(HOLD_AT_MOST)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert held.wait(10)
        yield release
    finally:
        release.set()
        holder.join(HOLD_AT_MOST)


async def wait_until_idle(app: HqApp, pilot: Any) -> None:
    """Until the import's thread has reported its end (bounded: 10 s)."""
    for _ in range(200):
        if not app.busy:
            return
        await pilot.pause(0.05)
    raise AssertionError("the import never ended")


async def start_import(pilot: Any, stick: Path) -> None:
    await pilot.press("i")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ImportScreen)
    await type_into(pilot, "#import-path", str(stick))
    await pilot.press("enter")
    await pilot.pause()


async def test_import_screen_answers_while_a_packet_waits_to_be_written(
    tmp_path: Path, clock: Any
) -> None:
    """With the import stuck behind another writer, F1 opens help and Escape comes back while
    the import still runs; then every packet gets its line and the acks are written."""
    folder = tmp_path / "hq"
    make_hq(folder, clock)
    stick = stick_with_four_packets(tmp_path, clock, folder)
    app = build_hq_app(folder, HQ_PASSPHRASE, clock=clock)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            with another_writer(folder) as release:
                await start_import(pilot, stick)
                assert app.busy
                await pilot.press("f1")
                await pilot.pause()
                assert isinstance(app.screen, HqHelpScreen)
                assert app.busy, "the screen answered while the import was still running"
                await pilot.press("escape")
                await pilot.pause()
                assert isinstance(app.screen, ImportScreen)
                palette = [c.title for c in app.get_system_commands(app.screen)]
                assert "Stations" not in palette  # no other screen while the import runs
                release.set()
                await wait_until_idle(app, pilot)
            assert "Stations" in [c.title for c in app.get_system_commands(app.screen)]
            shown = screen_text(app)
            assert "1-good.opk: yingen-couple-post: new, 1 entries" in shown
            assert "4 packets: 1 new (1 entries), 1 already held, 2 refused; 1 acks" in shown
            assert len(list((stick / "acks").iterdir())) == 1
    finally:
        assert app.archive is not None
        app.archive.close()


def stick_of_new_packets(tmp_path: Path, clock: Any, hq: Path, packets: int) -> Path:
    """A stick of `packets` packets of one enrolled station, none imported yet (two entries
    each)."""
    stick = tmp_path / "stick"
    stick.mkdir()
    book = add_station(hq, tmp_path / "station", clock, entries=1)
    try:
        for _ in range(packets):
            clock.advance(hours=1)
            book.add("water_delivery", {"household": "hh-0007", "litres": 800})
            book.add("water_delivery", {"household": "hh-0007", "litres": 400})
            for path in export(book).packets:
                shutil.copy(path, stick / path.name)
    finally:
        book.close()
    return stick


async def test_leaving_mid_import_stops_after_the_packet_under_way(
    tmp_path: Path, clock: Any
) -> None:
    """Escape during an import lets the packet under way commit whole, imports no more, writes
    the ack for what came, and the board (the app's own connection) shows the new entries."""
    folder = tmp_path / "hq"
    make_hq(folder, clock)
    stick = stick_of_new_packets(tmp_path, clock, folder, 3)
    app = build_hq_app(folder, HQ_PASSPHRASE, clock=clock)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            with another_writer(folder) as release:
                await start_import(pilot, stick)
                await pilot.press("escape")
                await pilot.pause()
                assert isinstance(app.screen, ImportScreen)
                assert "Stopping after the packet under way" in screen_text(app)
                release.set()
                await wait_until_idle(app, pilot)
            for _ in range(100):
                if isinstance(app.screen, StationsScreen):
                    break
                await pilot.pause(0.05)
            assert isinstance(app.screen, StationsScreen)
            [line] = app.screen.lines
            assert line.row["entries"] == 2 + 2  # the first packet's two, beside the two before
            assert len(list((stick / "acks").iterdir())) == 1
    finally:
        assert app.archive is not None
        app.archive.close()
    with HqArchive.open(folder, read_only=True) as hq:
        [row] = hq.stations()
        assert row["entries"] == 4 and row["contiguous_through"] == 4
        assert len(hq.packets("yingen-couple-post")) == 2
