"""HQ's inbox screen: a real `outpost hq serve` beside the app, a real `outpost sync` station."""

from __future__ import annotations

import json
import signal
from pathlib import Path
from typing import Any

import pytest
from conftest import HQ_PASSPHRASE
from hq_tui_helpers import make_hq
from net_helpers import (
    PASSPHRASE,
    add,
    free_port,
    run_outpost_sync,
    send,
    serve,
    set_up,
    signed_headers,
)
from test_tui_hostile_text import HOSTILE
from tui_helpers import screen_text

from outpost.brigade.inbox_watch import MARKER, server_state
from outpost.hq import HqArchive
from outpost.hq.inbox_events import InboxEvent, record_events
from outpost.sync import wire
from outpost.text import printable
from outpost.tui.hq import build_hq_app

SIZE = (80, 24)


async def wait_for(pilot: Any, app: Any, words: str, tries: int = 60) -> str:
    """The screen's text once it shows `words` (polled, 0.2 s apart, at most `tries` times)."""
    for _ in range(tries):
        text = screen_text(app)
        if words in text:
            return text
        await pilot.pause(0.2)
    raise AssertionError(f"{words!r} never shown:\n{screen_text(app)}")


async def test_inbox_shows_uploads_and_refusals_live_and_how_to_start_the_server(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With no server, the inbox says so and how to start it; once `outpost hq serve` runs on
    the archive, a station's `outpost sync` and a refused request appear on their own, the
    refusal naming the station and the reason."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    monkeypatch.setenv("OUTPOST_HQ_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("OUTPOST_LANG", "en")
    hq, station = set_up(tmp_path)
    add(station, "water_delivery", {"household": "hh-0007", "litres": 800})
    app = build_hq_app(hq, PASSPHRASE.encode())
    served = None
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("b")
            text = await wait_for(pilot, app, "not running")
            assert "outpost hq serve --data-dir" in text
            served = serve(hq)  # beside the open app: both share the archive
            await wait_for(pilot, app, f"runs at {served.url}")
            done = run_outpost_sync("--url", served.url, "--data-dir", str(station))
            assert done.returncode == 0, done.stderr
            await wait_for(pilot, app, "new entries")
            path = wire.packet_path("a" * 64)
            other = Ed25519PrivateKey.generate()
            status, _ = send(
                served, "GET", path, headers=signed_headers(station, "GET", path, key=other)
            )
            assert status == 401
            text = await wait_for(pilot, app, "bad_signature")
            line = next(row for row in text.splitlines() if "bad_signature" in row)
            assert "银根" in line and "does not verify with the station" in line
            assert served.stop() == 0
            await wait_for(pilot, app, "not running")
    finally:
        if served is not None:
            served.stop()
        assert app.archive is not None
        app.archive.close()
    assert not (hq / MARKER).exists()


def test_a_killed_server_leaves_a_marker_known_as_stale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A server killed with SIGKILL cannot take its marker away: HQ reads it as stale."""
    monkeypatch.setenv("OUTPOST_HQ_PASSPHRASE", PASSPHRASE)
    hq, _station = set_up(tmp_path)
    served = serve(hq, port=free_port())
    state = server_state(hq)
    assert state.running and state.pid == served.proc.pid and state.listen == served.url
    served.proc.send_signal(signal.SIGKILL)
    served.proc.wait(timeout=10)
    state = server_state(hq)
    assert not state.running and state.stale
    assert json.loads((hq / MARKER).read_text())["pid"] == served.proc.pid


@pytest.mark.parametrize("hostile", HOSTILE[:8], ids=range(8))
async def test_hostile_station_and_reason_are_text_on_the_inbox(
    tmp_path: Path, clock: Any, hostile: str
) -> None:
    """A claimed station id and a refusal's reason holding markup or escapes are shown as text,
    and the app keeps running."""
    folder = tmp_path / "hq"
    make_hq(folder, clock)
    with HqArchive.open(folder, clock) as archive:
        event = InboxEvent(hostile, 400, "packet_refused", hostile, None)
        record_events(archive.db, "2026-11-26T01:00:00+00:00", [event])
    app = build_hq_app(folder, HQ_PASSPHRASE, clock=clock)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("b")
            await pilot.pause()
            text = screen_text(app)
            assert printable(hostile)[:5] in text and "HQ refused the packet" in text
            assert app.is_running
    finally:
        assert app.archive is not None
        app.archive.close()
