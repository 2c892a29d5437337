"""Below 80×24 HQ's screens say so in one line, as the station's do, and come back as they were."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import HQ_PASSPHRASE
from hq_tui_helpers import add_station, make_hq
from tui_helpers import screen_text

from outpost.i18n import set_language
from outpost.tui.dialogs.too_small import TooSmallScreen
from outpost.tui.hq import build_hq_app
from outpost.tui.hq.inbox import InboxScreen
from outpost.tui.hq.stations import StationsScreen
from outpost.tui.hq.unlock import UnlockScreen


async def test_a_small_window_covers_hq_until_it_grows(tmp_path: Path, clock: Any) -> None:
    """At 60×20 one line (in Chinese) names the size needed and HQ's screen keys do nothing;
    at 100×30 the board is back; shrunk again on the inbox (polling), the inbox returns."""
    folder = tmp_path / "hq"
    make_hq(folder, clock)
    add_station(folder, tmp_path / "s", clock, entries=1).close()
    set_language("zh")
    app = build_hq_app(folder, HQ_PASSPHRASE, clock=clock)
    try:
        async with app.run_test(size=(60, 20)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, TooSmallScreen)
            assert "窗口太小（至少 80×24，现在 60×20）" in screen_text(app)
            await pilot.press("i")
            await pilot.pause()
            assert isinstance(app.screen, TooSmallScreen)
            await pilot.resize_terminal(100, 30)
            await pilot.pause()
            assert isinstance(app.screen, StationsScreen)
            await pilot.press("b")
            await pilot.pause()
            assert isinstance(app.screen, InboxScreen)
            await pilot.resize_terminal(79, 24)
            await pilot.pause(2.2)  # a poll of the inbox under the small-window line
            assert isinstance(app.screen, TooSmallScreen)
            await pilot.resize_terminal(80, 24)
            await pilot.pause()
            assert isinstance(app.screen, InboxScreen)
            assert "收件服务器未运行" in screen_text(app)
    finally:
        assert app.archive is not None
        app.archive.close()


async def test_the_unlock_screen_waits_under_a_small_window(tmp_path: Path, clock: Any) -> None:
    """HQ opened locked in a 70×20 window: the small-window line first, the unlock screen once
    the window is large enough."""
    folder = tmp_path / "hq"
    make_hq(folder, clock)
    app = build_hq_app(folder, clock=clock)
    try:
        async with app.run_test(size=(70, 20)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, TooSmallScreen)
            await pilot.resize_terminal(80, 24)
            await pilot.pause()
            assert isinstance(app.screen, UnlockScreen)
    finally:
        assert app.archive is not None
        app.archive.close()
