"""HQ's board and detail say how each station's last packet came, its clock against HQ's, and
the acks not yet delivered; a gap names the station's packet file that holds it."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import run_cli
from net_helpers import PASSPHRASE, add, serve, set_up
from tui_helpers import screen_text

from outpost.tui.hq import build_hq_app

SIZE = (80, 24)
STICK = "wuliji-post"


def stick_station(tmp_path: Path, hq: Path) -> Path:
    """A second station whose two packets went by stick, HQ given only the second (a gap),
    its ack written back to the stick."""
    station = tmp_path / "stick-station"
    init = run_cli(
        "init", "--station-id", STICK, "--name", "乌力吉", "--officer", "李娜",
        "--hq-card", str(hq / "hq.card.json"), data_dir=station,
    )  # fmt: skip
    assert init.returncode == 0, init.stderr
    assert run_cli("hq", "enroll", str(station / "station.card.json"), data_dir=hq).returncode == 0
    add(station, "household", {"household_id": "hh-0001", "head": "其其格"})
    assert run_cli("export", data_dir=station).returncode == 0
    first = set((station / "outbox").glob("*.opk"))
    add(station, "water_delivery", {"household": "hh-0001", "litres": 500})
    assert run_cli("export", data_dir=station).returncode == 0
    [second] = set((station / "outbox").glob("*.opk")) - first
    stick = tmp_path / "stick"
    stick.mkdir()
    (stick / second.name).write_bytes(second.read_bytes())
    done = run_cli("hq", "import", str(stick), "--acks-out", str(stick / "acks"), data_dir=hq)
    assert done.returncode == 0, done.stderr
    return station


def sync_ahead(url: str, station: Path, seconds: int) -> None:
    """`outpost sync` (a real process) from a station whose clock runs `seconds` ahead."""
    ahead = (datetime.now(UTC) + timedelta(seconds=seconds)).isoformat(timespec="seconds")
    env = dict(os.environ, OUTPOST_LANG="en", OUTPOST_NOW=ahead)
    argv = [sys.executable, "-m", "outpost", "sync", "--url", url, "--data-dir", str(station)]
    done = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr


def row_of(app: Any, name: str) -> list[str]:
    table = app.screen.query_one("#stations")
    for r in range(table.row_count):
        cells = [str(c) for c in table.get_row_at(r)]
        if cells[0] == name:
            return cells
    raise AssertionError(f"{name} not on the board")


async def test_board_says_road_clock_and_undelivered_acks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A station that synced over the network with its clock 3 minutes ahead reads "net",
    "+3m" and no ack waiting; one whose packet came by stick reads "stick" and one ack not
    yet delivered (it waits on the stick); its detail names the station's file of the gap."""
    monkeypatch.setenv("OUTPOST_HQ_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("OUTPOST_LANG", "en")
    hq, station = set_up(tmp_path)
    stick_station(tmp_path, hq)
    served = serve(hq)
    try:
        sync_ahead(served.url, station, 180)
    finally:
        assert served.stop() == 0
    app = build_hq_app(hq, PASSPHRASE.encode())
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            net = row_of(app, "银根")
            assert net[4].endswith(" net") and net[6] in ("+3m", "+2m") and net[7] == "0"
            stick = row_of(app, "乌力吉")
            assert stick[4].endswith(" stick") and stick[7] == "1" and stick[3] == "1"
            table = app.screen.query_one("#stations")
            table.move_cursor(
                row=[
                    row_of(app, "乌力吉") == [str(c) for c in table.get_row_at(r)]
                    for r in range(table.row_count)
                ].index(True)
            )
            await pilot.press("enter")
            await pilot.pause()
            text = screen_text(app)
            assert f"1: in the station's outbox/, the file {STICK}-0000001-0000001-*.opk" in text
            assert "acks not yet delivered: 1" in text
            assert "stick" in text
    finally:
        assert app.archive is not None
        app.archive.close()
