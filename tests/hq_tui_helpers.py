"""Helpers for HQ's TUI tests: a real HQ on disk with a real station's packets, closed again."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from conftest import HQ_PASSPHRASE

from outpost.hq import HqArchive, import_packet
from outpost.logbook import Logbook
from outpost.sync.identity import read_card
from outpost.sync.station import export, own_card_path, set_hq_card


def make_hq(folder: Path, clock: Any) -> None:
    """An HQ in `folder` with no station yet, closed."""
    HqArchive.create(
        folder,
        hq_id="alxa-brigade",
        name="阿拉善左旗边境管理大队",
        passphrase=HQ_PASSPHRASE,
        clock=clock,
    ).close()


def add_station(
    hq_folder: Path,
    station_folder: Path,
    clock: Any,
    *,
    name: str = "银根戍边夫妻警务室",
    station_id: str = "yingen-couple-post",
    entries: int = 2,
) -> Logbook:
    """A station enrolled at the (closed) HQ in `hq_folder`, `entries` water deliveries of it
    imported there; the station's Logbook is returned open (the caller closes it)."""
    book = Logbook.create(
        station_folder, station_id=station_id, name=name, officers=["张伟"], clock=clock
    )
    book.add("household", {"household_id": "hh-0007", "head": "巴特尔", "gacha": "查干嘎查"})
    with HqArchive.open(hq_folder, clock) as hq:
        hq.unlock(HQ_PASSPHRASE)
        set_hq_card(book, hq.card)
        hq.enroll(read_card(own_card_path(book), "outpost-station"))
        for _ in range(entries):
            book.add("water_delivery", {"household": "hh-0007", "litres": 800})
        for path in export(book).packets:
            import_packet(hq, path.read_bytes(), source=path.name)
    return book


def stick_with_four_packets(tmp_path: Path, clock: Any, hq_folder: Path) -> Path:
    """A stick holding a good packet, one HQ already holds, a tampered one and a fork."""
    stick = tmp_path / "stick"
    stick.mkdir()
    book = add_station(hq_folder, tmp_path / "station", clock, entries=1)
    try:
        [held] = sorted((book.folder / "outbox").glob("*.opk"))
        shutil.copy(held, stick / "2-held.opk")
        backup = tmp_path / "backup"
        shutil.copytree(book.folder, backup)
        book.add("water_delivery", {"household": "hh-0007", "litres": 500})
        good = export(book).packets[-1].read_bytes()
    finally:
        book.close()
    (stick / "1-good.opk").write_bytes(good)
    at = len(good) - 100
    (stick / "3-tampered.opk").write_bytes(good[:at] + bytes([good[at] ^ 1]) + good[at + 1 :])
    restored = Logbook.open(backup)
    try:
        restored.add("water_delivery", {"household": "hh-0007", "litres": 300})
        (stick / "4-fork.opk").write_bytes(export(restored).packets[-1].read_bytes())
    finally:
        restored.close()
    return stick
