"""HQ's import screen at 80×24: each packet of a stick shown with its result, acks written back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import HQ_PASSPHRASE
from hq_tui_helpers import make_hq, stick_with_four_packets
from tui_helpers import screen_text, type_into

from outpost.hq import HqArchive
from outpost.tui.hq import build_hq_app
from outpost.tui.hq.importing import ImportScreen


async def test_import_shows_each_packet_with_its_result_and_writes_acks(
    tmp_path: Path, clock: Any
) -> None:
    """Good, already held, tampered and forked packets each get their line; the acks land in
    the stick's acks/ folder and a summary line counts them."""
    folder = tmp_path / "hq"
    make_hq(folder, clock)
    stick = stick_with_four_packets(tmp_path, clock, folder)
    app = build_hq_app(folder, HQ_PASSPHRASE, clock=clock)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("i")
            await pilot.pause()
            assert isinstance(app.screen, ImportScreen)
            await type_into(pilot, "#import-path", str(stick))
            await pilot.press("enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
            shown = screen_text(app)
            assert "1-good.opk: yingen-couple-post: new, 1 entries" in shown
            assert "2-held.opk: yingen-couple-post: already held" in shown
            assert "3-tampered.opk: refused:" in shown and "signature" in shown
            assert "4-fork.opk: refused:" in shown and "FORK" in shown
            assert "4 packets: 1 new (1 entries), 1 already held, 2 refused; 1 acks" in shown
            assert len(list((stick / "acks").iterdir())) == 1
            await pilot.press("escape")
            await pilot.pause()
            assert "1" in screen_text(app)  # back on the board, the fork counted
    finally:
        assert app.archive is not None
        app.archive.close()
    with HqArchive.open(folder, read_only=True) as hq:
        [row] = hq.stations()
        assert [i["kind"] for i in row["incidents"]] == ["fork"]


async def test_import_of_a_folder_without_packets_is_one_line(tmp_path: Path, clock: Any) -> None:
    """A folder holding no packet says so on the screen; nothing runs."""
    folder = tmp_path / "hq"
    make_hq(folder, clock)
    (tmp_path / "empty").mkdir()
    app = build_hq_app(folder, HQ_PASSPHRASE, clock=clock)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("i")
            await pilot.pause()
            await type_into(pilot, "#import-path", str(tmp_path / "emp"))
            await pilot.press("right")  # the completion
            await pilot.pause()
            assert app.screen.query_one("#import-path").value == str(tmp_path / "empty") + "/"
            await pilot.press("enter")
            await pilot.pause()
            assert "no packet files found" in screen_text(app)
    finally:
        assert app.archive is not None
        app.archive.close()
