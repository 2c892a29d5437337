"""The station's screens take "the network came up" as a hint too: a backoff's wait ends early."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from net_helpers import PASSPHRASE, entries_at_hq, free_port, machine, serve, set_up
from tui_helpers import screen_text, type_into

from outpost.station.netwatch import NetworkWatch
from outpost.tui import build_app


@pytest.fixture(autouse=True)
def network_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OUTPOST_HQ_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("OUTPOST_NOW", "2026-11-26T09:00:00+08:00")


async def settle(pilot: Any, done: Callable[[], bool], seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while not done() and time.monotonic() < deadline:
        await pilot.pause(0.05)
    assert done(), screen_text(pilot.app)


async def test_a_modem_coming_up_ends_the_wait_after_a_dead_line(tmp_path: Path) -> None:
    """An upload that found no HQ plans its next try 30 s or more away; HQ comes up, then the
    laptop's modem: the screens try within seconds and HQ holds the entry."""
    hq, station = set_up(tmp_path)
    root = machine(tmp_path / "machine")
    port = free_port()
    app = build_app(station)
    async with app.run_test(size=(80, 24)) as pilot:
        app.uploads.network = NetworkWatch(root)
        app.uploads.plan.base = 60.0  # a first wait of 30 to 60 s
        await pilot.press("y")
        await type_into(pilot, "#hq-url", f"http://127.0.0.1:{port}")
        await pilot.press("enter")
        await settle(pilot, lambda: app.uploads.state.phase == "offline")
        due = app.uploads.plan.due_at
        assert due is not None and due - time.monotonic() > 25
        served = serve(hq, port=port)
        try:
            flipped = time.monotonic()
            (root / "sys/class/net/wwan0/operstate").write_text("up\n")
            await settle(pilot, lambda: app.uploads.state.phase == "connected")
            assert time.monotonic() - flipped < 15
        finally:
            assert served.stop() == 0
        assert app.book is not None
        app.book.close()
    assert entries_at_hq(hq) == 1
