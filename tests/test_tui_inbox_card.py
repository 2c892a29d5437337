"""HQ's inbox card read on the station's sync screen: its path typed in the address field."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import run_cli
from net_helpers import PASSPHRASE, entries_at_hq, serve, set_up
from textual.widgets import Input
from tui_helpers import screen_text, type_into

from outpost.tui import build_app

NOW = "2026-11-26T09:00:00+08:00"


@pytest.fixture(autouse=True)
def network_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OUTPOST_HQ_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("OUTPOST_NOW", NOW)


async def settle(pilot: Any, done: Callable[[], bool], seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while not done() and time.monotonic() < deadline:
        await pilot.pause(0.05)
    assert done(), screen_text(pilot.app)


def sync_book(station: Path) -> dict[str, Any]:
    sync: dict[str, Any] = json.loads((station / "station.json").read_text())["sync"]
    return sync


async def test_a_card_path_in_the_address_field_uploads_over_tls_and_a_changed_one_is_refused(
    tmp_path: Path,
) -> None:
    """A changed card typed in the address field is refused in one red line and nothing starts;
    HQ's own card fills the address and pin, the upload reaches HQ over TLS, and both are
    remembered."""
    hq, station = set_up(tmp_path)
    served = serve(hq, tls=True)
    try:
        issued = run_cli("hq", "inbox-card", "--url", served.url, data_dir=hq)
        assert issued.returncode == 0, issued.stderr
        card = hq / "inbox.card.json"
        changed = tmp_path / "changed.card.json"
        changed.write_text(json.dumps({**json.loads(card.read_text()), "pin": "0" * 64}))
        app = build_app(station)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("y")
            await type_into(pilot, "#hq-url", str(changed))
            await pilot.press("enter")
            await pilot.pause()
            assert "signature does not verify" in screen_text(app)
            assert not app.uploads.running and app.uploads.state.phase == "idle"
            await type_into(pilot, "#hq-url", str(card))
            await pilot.press("enter")
            await pilot.pause()
            assert app.screen.query_one("#hq-url", Input).value == served.url
            assert app.screen.query_one("#hq-pin", Input).value == served.pin
            await settle(pilot, lambda: not app.uploads.running)
            text = screen_text(app)
            assert "inbox card checked" in text and "Upload: connected" in text, text
        assert app.book is not None
        app.book.close()
    finally:
        assert served.stop() == 0
    assert entries_at_hq(hq) == 1
    assert (sync_book(station)["hq_url"], sync_book(station)["hq_pin"]) == (served.url, served.pin)
