"""HQ's commands show every time in the brigade's zone (`outpost hq init --zone`), as its screens
do: a packet received at 2026-12-31 16:30 UTC came on 2027-01-01 for a brigade at +08:00."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import HQ_PASSPHRASE, run_cli

from outpost.hq import HqArchive
from outpost.logbook import Logbook
from outpost.sync.identity import read_card
from outpost.sync.station import export, own_card_path, set_hq_card

RECEIVED = "2026-12-31T16:30:00+00:00"


def brigade_with_a_packet(tmp_path: Path, clock: Any, zone: str) -> Path:
    """`outpost hq init --zone ZONE`, one enrolled station, its packet imported by `outpost hq
    import` while HQ's clock reads RECEIVED."""
    hq = tmp_path / "hq"
    secret = tmp_path / "passphrase"
    secret.write_bytes(HQ_PASSPHRASE)
    args = ("--id", "alxa-brigade", "--name", "阿拉善左旗边境管理大队", "--zone", zone)
    made = run_cli("hq", "init", *args, "--passphrase-file", str(secret), data_dir=hq)
    assert made.returncode == 0, made.stderr
    book = Logbook.create(
        tmp_path / "station", station_id="yingen-couple-post", name="银根", officers=["张伟"],
        clock=clock,
    )  # fmt: skip
    try:
        with HqArchive.open(hq) as archive:
            set_hq_card(book, archive.card)
            archive.enroll(read_card(own_card_path(book), "outpost-station"))
        book.add("household", {"household_id": "hh-0007", "head": "巴特尔"})
        stick = tmp_path / "stick"
        stick.mkdir()
        for path in export(book).packets:
            shutil.copy(path, stick)
    finally:
        book.close()
    done = run_cli("hq", "import", str(stick), "--passphrase-file", str(secret), data_dir=hq)
    assert done.returncode == 0, done.stderr
    return hq


@pytest.mark.parametrize(
    ("zone", "shown", "month"),
    [
        ("Asia/Shanghai", "2027-01-01 00:30", "2027-01"),  # +08:00, the default
        ("Asia/Tokyo", "2027-01-01 01:30", "2027-01"),  # +09:00
        ("Europe/London", "2026-12-31 16:30", "2026-12"),  # +00:00 in winter
    ],
)
def test_hq_commands_show_times_in_the_brigades_zone(
    tmp_path: Path, clock: Any, monkeypatch: pytest.MonkeyPatch, zone: str, shown: str, month: str
) -> None:
    """`hq init --zone` keeps the zone; `hq stations` shows the receipt in it, and `hq report`
    reads "this month" there."""
    monkeypatch.setenv("OUTPOST_NOW", RECEIVED)
    hq = brigade_with_a_packet(tmp_path, clock, zone)
    assert json.loads((hq / "hq.json").read_text(encoding="utf-8"))["timezone"] == zone
    listing = run_cli("hq", "stations", data_dir=hq)
    assert listing.returncode == 0, listing.stderr
    assert f"last packet received {shown} " in listing.stdout
    report = run_cli("hq", "report", "--format", "json", data_dir=hq)
    assert report.returncode == 0, report.stderr
    assert json.loads(report.stdout)["month"] == month


def test_hq_init_refuses_a_zone_that_does_not_exist(tmp_path: Path) -> None:
    """An unknown zone is one line, exit 2, before any passphrase is asked; nothing is made."""
    args = ("--id", "alxa-brigade", "--name", "大队", "--zone", "Gobi/Nowhere")
    done = run_cli("hq", "init", *args, data_dir=tmp_path / "hq")
    assert done.returncode == 2
    assert "Gobi/Nowhere" in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "hq").exists()
