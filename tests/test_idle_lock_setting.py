"""The idle lock of a sealed station is set by `outpost settings idle-lock` and by the screens'
palette, through the one station setting, bounded to 0 (never) or 1 to 240 minutes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input
from tui_helpers import open_app, screen_text, type_into, unlock_with

from outpost.logbook import Logbook
from outpost.station.settings import idle_lock_minutes
from outpost.store import atrest
from tests.conftest import run_cli
from tests.test_tui_unlock import PASSPHRASE, make_sealed


def kept(folder: Path, clock: Any) -> int:
    with Logbook.open(folder, clock=clock, passphrase=PASSPHRASE.encode()) as book:
        minutes = idle_lock_minutes(book)
    atrest.lock(folder)
    return minutes


def test_the_command_sets_the_idle_lock_of_a_sealed_station(
    station_dir: Path, clock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """0 and 240 are kept; 241 and 100000 are one line, exit 2, the setting unchanged."""
    make_sealed(station_dir, clock)
    monkeypatch.setenv("OUTPOST_PASSPHRASE", PASSPHRASE)
    shown = run_cli("settings", "idle-lock", data_dir=station_dir)
    assert shown.returncode == 0 and "15 minutes" in shown.stdout
    assert run_cli("settings", "idle-lock", "240", data_dir=station_dir).returncode == 0
    assert kept(station_dir, clock) == 240
    for wrong in ("241", "100000"):
        refused = run_cli("settings", "idle-lock", wrong, data_dir=station_dir)
        assert refused.returncode == 2 and refused.stderr.count("\n") == 1, refused.stderr
        assert "1 to 240 minutes" in refused.stderr
    assert kept(station_dir, clock) == 240
    never = run_cli("settings", "idle-lock", "0", data_dir=station_dir, lang="zh")
    assert never.returncode == 0 and "不会自动锁定" in never.stdout
    assert kept(station_dir, clock) == 0


async def test_the_palette_sets_the_idle_lock_and_the_screens_use_it(
    station_dir: Path, clock: Any
) -> None:
    """Ctrl+P, "Idle lock", 500 is refused in the dialog, 5 is kept and used at once."""
    make_sealed(station_dir, clock)
    app = open_app(station_dir, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await unlock_with(pilot, PASSPHRASE)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Idle lock")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.query_one("#idle-minutes", Input).value == "15"
        await type_into(pilot, "#idle-minutes", "500")
        await pilot.press("enter")
        await pilot.pause()
        assert "1 to 240 minutes" in screen_text(app)
        await type_into(pilot, "#idle-minutes", "5")
        await pilot.press("enter")
        await pilot.pause()
        assert app.idle_limit == 5 * 60
        assert app.book is not None and idle_lock_minutes(app.book) == 5
    app.book.close()
    atrest.lock(station_dir)
    assert kept(station_dir, clock) == 5
