"""The station's card is written at set-up, shown with its fingerprint, and copied to a stick."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from conftest import HQ_PASSPHRASE, run_cli
from tui_helpers import make_station, open_app, screen_text, type_into

from outpost.station.setup import first_run
from outpost.sync.identity import read_card

FINGERPRINT = re.compile(r"[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}")


def test_first_run_writes_the_card_at_once(tmp_path: Path, clock: Any) -> None:
    """The first-run set-up leaves `station.card.json` beside the log, before any export."""
    made = first_run(tmp_path / "s", station_id="ejina-post", name="额济纳", officers="王芳")
    made.book.close()
    card = read_card(tmp_path / "s" / "station.card.json", "outpost-station")
    assert made.card.path == tmp_path / "s" / "station.card.json"
    assert made.card.fingerprint == card["fingerprint"]
    assert FINGERPRINT.fullmatch(card["fingerprint"])


async def test_first_run_screen_shows_the_cards_path_and_fingerprint(
    tmp_path: Path, clock: Any
) -> None:
    """Creating the station on the first-run screen tells where its card is and its fingerprint."""
    folder = tmp_path / "new-station"
    app = open_app(folder, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_into(pilot, "#in-station_id", "ejina-post")
        await type_into(pilot, "#in-name", "额济纳警务室")
        await type_into(pilot, "#in-officers", "王芳")
        await pilot.press("ctrl+s")
        await pilot.pause()
        fingerprint = read_card(folder / "station.card.json", "outpost-station")["fingerprint"]
        said = " ".join(str(n.message) for n in app._notifications)
        assert fingerprint in said and str(folder / "station.card.json") in said
    assert app.book is not None
    app.book.close()


def test_init_and_status_show_the_card_and_its_fingerprint(tmp_path: Path) -> None:
    """`outpost init` prints the card's path and fingerprint; `outpost status` shows them too."""
    station = tmp_path / "station"
    made = run_cli(
        "init", "--station-id", "s1", "--name", "站", "--officer", "张伟", data_dir=station
    )
    card = read_card(station / "station.card.json", "outpost-station")
    assert card["fingerprint"] in made.stdout and "station.card.json" in made.stdout
    status = run_cli("status", data_dir=station)
    assert status.returncode == 0
    assert f"station card: {station / 'station.card.json'} (fingerprint {card['fingerprint']})" in (
        status.stdout
    )
    shown = run_cli("status", "--json", data_dir=station).stdout
    assert card["fingerprint"] in shown


async def test_sync_screen_shows_the_card_and_s_copies_it_to_the_stick(
    tmp_path: Path, station_dir: Path, clock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sync screen shows this station's fingerprint; `s` copies the card to the folder typed
    for copies, checked, and HQ can enroll that copy."""
    make_station(station_dir, clock)
    usb = tmp_path / "usb"
    app = open_app(station_dir, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("y")
        await pilot.pause()
        fingerprint = read_card(station_dir / "station.card.json", "outpost-station")["fingerprint"]
        assert fingerprint in screen_text(app)
        await type_into(pilot, "#copy-to", str(usb))
        app.set_focus(None)
        await pilot.press("s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Station card copied" in " ".join(screen_text(app).split())
    assert app.book is not None
    app.book.close()
    copy = usb / "yingen-couple-post.station.card.json"
    assert read_card(copy, "outpost-station")["fingerprint"] == fingerprint
    monkeypatch.setenv("OUTPOST_HQ_PASSPHRASE", HQ_PASSPHRASE.decode())
    hq = tmp_path / "hq"
    assert run_cli("hq", "init", "--id", "alxa", "--name", "大队", data_dir=hq).returncode == 0
    enrolled = run_cli("hq", "enroll", str(copy), data_dir=hq)
    assert enrolled.returncode == 0 and fingerprint in enrolled.stdout
