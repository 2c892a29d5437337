"""In the zh locale a refusal on a form names the field as the form labels it, never its code."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tui_helpers import make_station, open_app, type_into

from outpost.i18n import set_language


@pytest.fixture
def station(station_dir: Path, clock: Any) -> Path:
    make_station(station_dir, clock)
    return station_dir


async def test_refusal_toast_names_the_field_in_chinese(station: Path, clock: Any) -> None:
    """A patrol saved without its route says 路线, and an unknown household suggests no command
    line: the toast reads as the form does."""
    set_language("zh")
    app = open_app(station, clock)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("p")
        await pilot.press("ctrl+s")
        await pilot.pause()
        # read now: a toast expires after a few seconds, sooner than a loaded machine gets on
        toasts = [n.message for n in app._notifications]
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("w")
        await type_into(pilot, "#in-household", "hh-0099")
        await type_into(pilot, "#in-litres", "800")
        await pilot.press("ctrl+s")
        await pilot.pause()
        toasts += [n.message for n in app._notifications]
    assert any(m.startswith("路线") for m in toasts), toasts
    assert not any("route" in m or "outpost add" in m or "household：" in m for m in toasts), toasts
