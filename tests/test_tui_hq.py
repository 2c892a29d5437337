"""HQ's TUI driven with Pilot at 80×24: set-up, unlock, the stations board, a station's detail."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from conftest import HQ_PASSPHRASE
from hq_tui_helpers import add_station, make_hq
from tui_helpers import screen_text, type_into

from outpost.tui.hq import HqApp, build_hq_app
from outpost.tui.hq.setup import SetUpScreen
from outpost.tui.hq.stations import StationDetailScreen, StationsScreen
from outpost.tui.hq.unlock import UnlockScreen

SIZE = (80, 24)


async def test_first_run_sets_up_hq_and_shows_its_card(tmp_path: Path, clock: Any) -> None:
    """On a folder with no HQ, the set-up screen judges the passphrase by HQ's rule, asks it
    twice, keeps the brigade's zone, and shows the card's path and fingerprint."""
    folder = tmp_path / "hq"
    app = build_hq_app(folder, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SetUpScreen)
        await type_into(pilot, "#in-hq_id", "alxa-brigade")
        await type_into(pilot, "#in-name", "阿拉善左旗边境管理大队")
        await type_into(pilot, "#in-passphrase", "short")
        await type_into(pilot, "#in-again", "short")
        await pilot.press("ctrl+s")
        assert "12" in screen_text(app)  # too short: at least 12 characters
        await type_into(pilot, "#in-passphrase", "saxaul-dune-camel-well-27")
        await type_into(pilot, "#in-again", "saxaul-dune-camel-well-28")
        await pilot.press("ctrl+s")
        assert not (folder / "hq.json").exists()
        await type_into(pilot, "#in-again", "saxaul-dune-camel-well-27")
        await type_into(pilot, "#in-timezone", "Asia/Urumqi")
        await pilot.press("ctrl+s")
        await pilot.pause()
        card = json.loads((folder / "hq.card.json").read_text(encoding="utf-8"))
        shown = screen_text(app)
        assert card["fingerprint"] in shown and "hq.card.json" in shown
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, StationsScreen)
        assert app.unlocked
    if app.archive is not None:
        app.archive.close()
    assert json.loads((folder / "hq.json").read_text(encoding="utf-8"))["timezone"] == "Asia/Urumqi"


async def test_wrong_passphrase_is_a_line_then_the_right_one_unlocks(
    tmp_path: Path, clock: Any
) -> None:
    """A wrong passphrase leaves the unlock screen with one line saying so; the right one opens
    the stations board."""
    folder = tmp_path / "hq"
    make_hq(folder, clock)
    app = build_hq_app(folder, clock=clock)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, UnlockScreen)
            await type_into(pilot, "#in-passphrase", "not-the-passphrase-at-all")
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, UnlockScreen)
            assert "Not unlocked" in screen_text(app)
            assert app.screen.query_one("#unlock-error").display
            await pilot.press("i")  # no screen opens before HQ is unlocked
            assert isinstance(app.screen, UnlockScreen)
            await type_into(pilot, "#in-passphrase", HQ_PASSPHRASE.decode())
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, StationsScreen)
            assert "No station enrolled yet" in screen_text(app)
    finally:
        assert app.archive is not None
        app.archive.close()


def open_unlocked(folder: Path, clock: Any) -> HqApp:
    return build_hq_app(folder, HQ_PASSPHRASE, clock=clock)


async def test_board_puts_the_station_needing_attention_first(tmp_path: Path, clock: Any) -> None:
    """The board lists every station, the one silent longest first when none has gaps or
    incidents; Enter opens its detail with its packets and card fingerprint."""
    folder = tmp_path / "hq"
    make_hq(folder, clock)
    add_station(folder, tmp_path / "a", clock, name="银根", station_id="yingen", entries=3).close()
    clock.advance(days=9)
    add_station(folder, tmp_path / "b", clock, name="乌力吉", station_id="wuliji").close()
    app = open_unlocked(folder, clock)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, StationsScreen)
            shown = screen_text(app).splitlines()
            rows = [line for line in shown if line.startswith(("银根", "乌力吉"))]
            assert rows[0].startswith("银根") and " 9 " in rows[0] + " "
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, StationDetailScreen)
            detail = screen_text(app)
            assert "yingen" in detail and "Packets" in detail
            assert app.screen.station_id == "yingen"
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, StationsScreen)
    finally:
        assert app.archive is not None
        app.archive.close()


async def test_hq_switches_language_with_f2(tmp_path: Path, clock: Any) -> None:
    """F2 redraws the board in the other language."""
    folder = tmp_path / "hq"
    make_hq(folder, clock)
    app = open_unlocked(folder, clock)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("f2")
            await pilot.pause()
            assert "尚未登记警务站" in screen_text(app)
            await pilot.press("f1")
            await pilot.pause()
            assert "帮助" in screen_text(app)
    finally:
        assert app.archive is not None
        app.archive.close()


def test_bare_hq_with_a_wrong_passphrase_file_is_one_line(tmp_path: Path, clock: Any) -> None:
    """`outpost hq --passphrase-file` with a wrong passphrase refuses in one line before any
    screen is drawn (exit 3), as the sub-commands do; it no longer just prints the help."""
    from conftest import run_cli

    folder = tmp_path / "hq"
    make_hq(folder, clock)
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not-the-passphrase-at-all\n", encoding="utf-8")
    done = run_cli("hq", "--passphrase-file", str(wrong), data_dir=folder)
    assert done.returncode == 3
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert "Usage" not in done.stdout
