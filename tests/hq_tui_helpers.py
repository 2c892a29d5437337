"""Helpers for HQ's TUI tests: a real HQ on disk with a real station's packets, closed again."""

from __future__ import annotations

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
