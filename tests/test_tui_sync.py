"""The sync screen: export, copy to a folder, import acks, and the sync state on home changing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import Input
from tui_helpers import make_station, open_app, screen_text, type_into

from outpost.hq import HqArchive, import_packet, make_ack
from outpost.logbook import Logbook
from outpost.sync.identity import read_card
from outpost.sync.station import own_card_path


async def test_export_copy_and_ack_import_change_the_sync_state(
    tmp_path: Path, station_dir: Path, clock: Any
) -> None:
    """HQ's card is taken on the sync screen, export seals a packet (waiting for HQ), the copy
    lands on the stick, and HQ's ack turns the state into acknowledged, there and on home."""
    make_station(station_dir, clock)
    archive = HqArchive.create(tmp_path / "hq", hq_id="alxa-brigade", name="大队", passphrase=b"pw")
    archive.unlock(b"pw")
    with Logbook.open(station_dir, clock=clock) as book:
        book.add("water_delivery", {"household": "hh-0007", "litres": 800})
        archive.enroll(read_card(own_card_path(book), "outpost-station"))
    usb = tmp_path / "usb"
    app = open_app(station_dir, clock)
    async with app.run_test(size=(120, 36)) as pilot:
        assert "no HQ card yet" in screen_text(app)
        await pilot.press("y")
        await pilot.pause()
        await type_into(pilot, "#hq-card", str(tmp_path / "hq" / "hq.card.json"))
        await pilot.press("enter")
        await pilot.pause()
        assert archive.card["fingerprint"] in screen_text(app)
        assert "2 not yet exported" in screen_text(app)
        await pilot.click("#export")
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = screen_text(app)
        assert "Exported 2 entries in 1 packet(s)." in text
        assert "2 exported" in text and "waiting for HQ" in text
        await type_into(pilot, "#copy-to", str(usb))
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        copies = sorted(usb.glob("*.opk"))
        assert len(copies) == 1 and "every copy checked" in " ".join(screen_text(app).split())
        for copy in copies:
            import_packet(archive, copy.read_bytes(), source=copy.name)
        raw, name = make_ack(archive, "yingen-couple-post")
        (usb / name).write_bytes(raw)
        app.screen.query_one("#acks-from", Input).value = str(usb)
        await pilot.click("#import")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "acknowledged through #2" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        home = screen_text(app)
        assert "acknowledged through #2" in home and "waiting for HQ" not in home
        await pilot.press("y")
        await pilot.click("#import")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "acknowledged through #2" in screen_text(app)
    archive.close()
    assert app.book is not None
    app.book.close()
