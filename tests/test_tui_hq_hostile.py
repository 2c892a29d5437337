"""Hostile station names on HQ's screens (board, detail, incidents, summary) are shown as text:
the app never exits and never reads them as markup."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import HQ_PASSPHRASE
from hq_tui_helpers import add_station, make_hq
from test_tui_hostile_text import HOSTILE
from tui_helpers import screen_text

from outpost.logbook import Logbook
from outpost.text import printable
from outpost.tui.hq import build_hq_app
from outpost.tui.hq.stations import StationDetailScreen, StationsScreen

NAMES = (HOSTILE[0], HOSTILE[3], HOSTILE[4], HOSTILE[6], HOSTILE[7], "长" * 200)
"""The station's hostile strings (markup, an action link, an escape, a right-to-left override,
joiners), and the longest name a card allows (200 characters) for its 4,001."""


@pytest.mark.parametrize("name", NAMES, ids=range(len(NAMES)))
async def test_hostile_station_name_is_text_on_every_hq_screen(
    tmp_path: Path, clock: Any, name: str
) -> None:
    """Markup, escapes, joiners or 200 characters as a station's name: each HQ screen shows it and
    the app keeps running."""
    folder = tmp_path / "hq"
    make_hq(folder, clock)
    book: Logbook = add_station(folder, tmp_path / "s", clock, name=name, entries=1)
    book.close()
    app = build_hq_app(folder, HQ_PASSPHRASE, clock=clock)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, StationsScreen)
            assert printable(name)[:5] in screen_text(app)  # columns clip by width
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, StationDetailScreen)
            assert printable(name)[:5] in screen_text(app)  # columns clip by width
            for key in ("escape", "n", "u", "i", "escape", "e", "escape"):
                await pilot.press(key)
                await pilot.pause()
            assert app.is_running
            await pilot.press("u")
            await pilot.pause()
            assert printable(name)[:5] in screen_text(app)  # columns clip by width
    finally:
        assert app.archive is not None
        app.archive.close()
