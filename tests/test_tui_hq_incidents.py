"""HQ's incidents screen at 80×24: a fork with both hashes and the procedure, marked handled with
a note that `hq stations --json` shows."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from conftest import HQ_PASSPHRASE, run_cli
from hq_tui_helpers import make_hq, stick_with_four_packets
from tui_helpers import screen_text, type_into

from outpost.brigade import PacketImport, packets_to_import
from outpost.hq import HqArchive
from outpost.tui.dialogs.reason import ReasonDialog
from outpost.tui.hq import build_hq_app
from outpost.tui.hq.incidents import IncidentsScreen


async def test_fork_is_shown_with_both_hashes_and_marked_handled_with_a_note(
    tmp_path: Path, clock: Any
) -> None:
    """The fork's row says OPEN, its detail both full hashes and what to do; H asks a note
    (a blank one refused), and the note is kept in the archive and in `hq stations --json`."""
    folder = tmp_path / "hq"
    make_hq(folder, clock)
    stick = stick_with_four_packets(tmp_path, clock, folder)
    with HqArchive.open(folder, clock) as hq:
        hq.unlock(HQ_PASSPHRASE)
        list(PacketImport(hq, packets_to_import([stick])))
        [incident] = hq.incidents()
    app = build_hq_app(folder, HQ_PASSPHRASE, clock=clock)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("n")
            await pilot.pause()
            assert isinstance(app.screen, IncidentsScreen)
            shown = screen_text(app)
            assert "OPEN" in shown and "fork" in shown
            assert incident["held_hash"] in shown and incident["packet_hash"] in shown
            assert "phone the station" in shown
            await pilot.press("h")
            await pilot.pause()
            assert isinstance(app.screen, ReasonDialog)
            await pilot.press("enter")
            await pilot.pause()
            assert "needs a note" in screen_text(app)
            await type_into(pilot, "#reason", "laptop restored [/] — new log enrolled")
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, IncidentsScreen)
            assert "handled" in screen_text(app) and "new log enrolled" in screen_text(app)
    finally:
        assert app.archive is not None
        app.archive.close()
    done = run_cli("hq", "stations", "--json", data_dir=folder)
    [row] = json.loads(done.stdout)
    assert row["incidents"][0]["note"] == "laptop restored [/] — new log enrolled"
    assert row["incidents"][0]["handled_at"]
