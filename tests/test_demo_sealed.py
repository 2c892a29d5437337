"""The demo station is sealed like a real new one and opens on its unlock screen, which shows
the demo's passphrase; a real station's unlock screen never shows one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import Clock
from test_demo import TODAY
from test_tui_unlock import PASSPHRASE as REAL_PASSPHRASE
from test_tui_unlock import make_sealed
from tui_helpers import open_app, screen_text, unlock_with

from outpost.demo import PASSPHRASE, build_demo
from outpost.store import atrest
from outpost.tui.screens.home import HomeScreen
from outpost.tui.screens.unlock import UnlockScreen


async def test_the_demo_opens_locked_showing_its_passphrase_which_opens_home(
    tmp_path: Path,
) -> None:
    """The demo's files are sealed, its key sealed to the demo HQ for recovery; its screens
    open on the unlock screen with "Demo passphrase: demo-passphrase" under the field, and
    typing it opens home on the sample data."""
    made = build_demo(base=tmp_path / "demo", today=TODAY)
    assert (made.station / "station.json").read_bytes().startswith(atrest.MAGIC)
    assert '"recovery"' in (made.station / atrest.UNLOCK_NAME).read_text("ascii")
    assert atrest.key_for(made.station) is None
    app = open_app(made.station, Clock("2026-11-26T18:30:00+08:00"))
    assert app.book is None
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, UnlockScreen)
        assert f"Demo passphrase: {PASSPHRASE}" in screen_text(app)
        await unlock_with(pilot, PASSPHRASE)
        assert isinstance(app.screen, HomeScreen)
        assert "Patrols" in screen_text(app)
        assert app.book is not None and app.book.state.household("hh-0001") is not None
    app.book.close()


async def test_a_real_sealed_station_shows_no_passphrase(station_dir: Path, clock: Any) -> None:
    """A sealed station that is not the demo's opens on an unlock screen with no hint."""
    make_sealed(station_dir, clock)
    app = open_app(station_dir, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, UnlockScreen)
        shown = screen_text(app)
        assert "passphrase" in shown.lower()
        assert "Demo passphrase" not in shown and REAL_PASSPHRASE not in shown
        assert not app.screen.query("#unlock-demo")
