"""Every time shown is in the station's zone (HQ: the brigade's), never HQ's UTC clock."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from conftest import HQ_PASSPHRASE, run_cli
from tui_helpers import open_app, screen_text

from outpost.hq import HqArchive, import_packet, make_ack
from outpost.logbook import Logbook
from outpost.model.times import shown, zone
from outpost.sync.identity import read_card
from outpost.sync.station import export, own_card_path, set_hq_card
from outpost.sync.station_acks import apply_ack

SHANGHAI = zone("Asia/Shanghai")


def test_a_utc_time_is_shown_on_the_stations_own_day() -> None:
    """HQ's 19:59 UTC on 1 December is 03:59 on 2 December at the station; no time is a dash."""
    assert shown("2026-12-01T19:59:00+00:00", SHANGHAI) == "2026-12-02 03:59"
    assert shown("2026-12-02T03:58:10+08:00", SHANGHAI) == "2026-12-02 03:58"
    assert shown(None, SHANGHAI) == "—"
    assert shown("", SHANGHAI, "-") == "-"


async def test_the_sync_screen_shows_hqs_utc_ack_in_the_stations_zone(
    tmp_path: Path, station_dir: Path, clock: Any
) -> None:
    """An ack HQ stamped at 19:59 UTC reads "2026-12-02 03:59" on the sync screen and on home,
    after an export at 03:58 station time — not the day before."""
    clock.moment = datetime.fromisoformat("2026-12-02T03:58:00+08:00")
    hq_clock = lambda: datetime(2026, 12, 1, 19, 59, tzinfo=UTC)  # noqa: E731  # HQ's UTC clock
    archive = HqArchive.create(
        tmp_path / "hq", hq_id="alxa-brigade", name="大队", passphrase=HQ_PASSPHRASE, clock=hq_clock
    )
    with Logbook.create(
        station_dir, station_id="yingen-couple-post", name="银根", officers=["张伟"], clock=clock
    ) as book:
        book.add("household", {"household_id": "hh-0007", "head": "巴特尔", "gacha": "查干嘎查"})
        set_hq_card(book, archive.card)
        archive.enroll(read_card(own_card_path(book), "outpost-station"))
        for packet in export(book).packets:
            import_packet(archive, packet.read_bytes(), source=packet.name)
        apply_ack(book, make_ack(archive, "yingen-couple-post")[0])
    archive.close()
    app = open_app(station_dir, clock)
    async with app.run_test(size=(120, 36)) as pilot:
        assert "2026-12-02 03:59" in screen_text(app)  # home's sync line
        await pilot.press("y")
        await pilot.pause()
        text = screen_text(app)
        assert "2026-12-02 03:59" in text and "2026-12-01" not in text
    assert app.book is not None
    app.book.close()


def test_status_and_hq_stations_show_times_in_the_stations_and_brigades_zone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 19:59 UTC the station's `outpost status` gives its last ack, and HQ's `hq stations` its
    last packet, on 2 December (+08:00), never "2026-12-01"."""
    monkeypatch.setenv("OUTPOST_NOW", "2026-12-01T19:59:00+00:00")
    monkeypatch.setenv("OUTPOST_HQ_PASSPHRASE", HQ_PASSPHRASE.decode())
    hq, station, usb = tmp_path / "hq", tmp_path / "station", tmp_path / "usb"
    assert (
        run_cli("hq", "init", "--id", "alxa-brigade", "--name", "大队", data_dir=hq).returncode == 0
    )
    card = str(hq / "hq.card.json")
    made = run_cli(
        "init", "--station-id", "s1", "--name", "站", "--officer", "张伟", "--hq-card", card,
        data_dir=station,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert run_cli("hq", "enroll", str(station / "station.card.json"), data_dir=hq).returncode == 0
    data = '{"household_id": "hh-0001", "head": "巴特尔", "gacha": "查干嘎查"}'
    assert run_cli("add", "household", "--data", data, data_dir=station).returncode == 0
    assert run_cli("export", "--copy-to", str(usb), data_dir=station).returncode == 0
    acks = str(usb / "acks")
    assert run_cli("hq", "import", str(usb), "--acks-out", acks, data_dir=hq).returncode == 0
    assert run_cli("ack", acks, data_dir=station).returncode == 0
    status = run_cli("status", data_dir=station).stdout
    [last_ack] = [line for line in status.splitlines() if line.startswith("last ack")]
    assert re.search(r"2026-12-02 0[34]:\d\d$", last_ack), last_ack
    listing = run_cli("hq", "stations", data_dir=hq).stdout
    assert re.search(r"received 2026-12-02 0[34]:\d\d ", listing), listing
    assert "2026-12-01" not in status + listing
