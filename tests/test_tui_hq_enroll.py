"""HQ's enrollment screen at 80×24: a card enrolled on one key; a key replaced only when asked
twice, with who and why recorded; hostile station names shown as text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import HQ_PASSPHRASE
from hq_tui_helpers import make_hq
from tui_helpers import screen_text, type_into

from outpost.hq import HqArchive
from outpost.logbook import Logbook
from outpost.sync.station import own_card_path
from outpost.tui.hq import build_hq_app
from outpost.tui.hq.enrolling import EnrollScreen


def station_card(folder: Path, clock: Any, name: str) -> Path:
    book = Logbook.create(
        folder, station_id="yingen-couple-post", name=name, officers=["张伟"], clock=clock
    )
    try:
        return own_card_path(book)
    finally:
        book.close()


async def test_enroll_then_replace_a_key_asking_twice(tmp_path: Path, clock: Any) -> None:
    """The card's fingerprint is shown spaced for the phone, Ctrl+S enrolls; another key for
    the same station needs who and why and a second Ctrl+S, and the change is recorded."""
    folder = tmp_path / "hq"
    make_hq(folder, clock)
    first = station_card(tmp_path / "a", clock, "银根戍边夫妻警务室")
    second = station_card(tmp_path / "b", clock, "[/]800 \x1b[2J清屏")
    app = build_hq_app(folder, HQ_PASSPHRASE, clock=clock)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("e")
            await pilot.pause()
            assert isinstance(app.screen, EnrollScreen)
            await type_into(pilot, "#card-path", str(first))
            await pilot.press("enter")
            await pilot.pause()
            fingerprint = app.screen.card["fingerprint"]  # type: ignore[attr-defined]
            assert " ".join(fingerprint.split("-")[0]) in screen_text(app)
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert "enrolled, fingerprint" in screen_text(app)
            await type_into(pilot, "#card-path", str(second))
            await pilot.press("enter")
            await pilot.pause()
            assert "enrolled with another key" in screen_text(app)
            assert "[/]800 ␛[2J清屏" in screen_text(app)
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert "Ctrl+S again" in screen_text(app)
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert "needs who replaces it and why" in screen_text(app)
            await type_into(pilot, "#in-who", "王科长")
            await type_into(pilot, "#in-why", "laptop stolen [/]")
            await pilot.press("ctrl+s", "ctrl+s")
            await pilot.pause()
            assert "enrolled with a new key" in screen_text(app)
            assert isinstance(app.screen, EnrollScreen)
    finally:
        assert app.archive is not None
        app.archive.close()
    with HqArchive.open(folder, read_only=True) as hq:
        [change] = hq.key_changes("yingen-couple-post")
    assert change["old_fingerprint"] == fingerprint
    assert (change["who"], change["why"]) == ("王科长", "laptop stolen [/]")
