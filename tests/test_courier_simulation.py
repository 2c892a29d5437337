"""Exactly once, whatever the courier does: a seeded simulation of three stations and one HQ.

Each station records a day's work and exports every evening; a courier carries packets to HQ
and acks back, losing, duplicating, delaying, reordering and corrupting them at random. After
the rounds and one clean exchange, HQ holds exactly every station's log, every station's
acknowledged seq is HQ's, and no corrupted packet left a trace in the archive.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import HQ_PASSPHRASE, Clock
from courier_helpers import (
    STATIONS,
    Courier,
    Parcel,
    Simulation,
    archive_dump,
    assert_each_log_held_once,
    assert_no_trace_of_damage,
    day_of_work,
)

from outpost.hq import HqArchive
from outpost.logbook import Logbook
from outpost.sync.identity import read_card
from outpost.sync.station import export, own_card_path, set_hq_card
from outpost.sync.station_acks import apply_ack

DAYS = 10


@pytest.fixture
def world(tmp_path: Path) -> Iterator[tuple[HqArchive, dict[str, Logbook], dict[str, Clock]]]:
    """An HQ and three enrolled stations, each with its own laptop clock."""
    hq = HqArchive.create(
        tmp_path / "hq", hq_id="alxa-brigade", name="阿拉善左旗边境管理大队",
        passphrase=HQ_PASSPHRASE, clock=Clock("2026-11-01T20:00:00+08:00"),
    )  # fmt: skip
    books: dict[str, Logbook] = {}
    clocks: dict[str, Clock] = {}
    for station_id, name, zone in STATIONS:
        clocks[station_id] = Clock("2026-11-01T18:00:00+08:00")
        book = Logbook.create(
            tmp_path / station_id, station_id=station_id, name=name,
            officers=["张伟", "李娜"], timezone=zone, clock=clocks[station_id],
        )  # fmt: skip
        set_hq_card(book, hq.card)
        hq.enroll(read_card(own_card_path(book), "outpost-station"))
        books[station_id] = book
    yield hq, books, clocks
    for book in books.values():
        book.close()
    hq.close()


@pytest.mark.parametrize("seed", [7, 2026, 31337])
def test_hq_holds_every_log_exactly_once_whatever_the_courier_does(
    seed: int,
    world: tuple[HqArchive, dict[str, Logbook], dict[str, Clock]],
    tmp_path: Path,
) -> None:
    """After lossy, duplicating, delaying, reordering, corrupting rounds and one clean
    exchange, HQ holds each station's log exactly (same hashes, nothing twice, nothing
    missing), each station's acknowledged seq equals HQ's, and no damaged packet left a trace."""
    hq, books, clocks = world
    rng = random.Random(seed)
    there = Courier(random.Random(seed + 1), random.Random(seed + 2))
    back = Courier(random.Random(seed + 3), random.Random(seed + 4))
    sim = Simulation(hq, books, there, back)
    resent = 0
    for day in range(DAYS):
        packets: list[Parcel] = []
        for station, book in books.items():
            clocks[station].advance(days=1)
            day_of_work(rng, book, day)
            exported = export(book)
            resent += exported.resent
            for path in exported.packets:
                packets.append(Parcel("packet", station, path.read_bytes()))
        sim.deliver_packets(packets)
        for parcel in sim.back.carry(sim.acks()):
            sim.hand_to_station(parcel)
    mishaps = {"lost", "delayed", "corrupted", "duplicated", "reordered"}
    assert mishaps <= set(sim.courier.tally) and mishaps <= set(sim.back.tally)
    assert resent > 0, "no ack ever named a gap: the seed tests too little"
    late = sim.courier.delayed + sim.back.delayed

    # One clean exchange: every packet not yet acknowledged goes on a stick, HQ imports them
    # all and its acks come back intact.
    for station, book in books.items():
        stick = tmp_path / "stick" / station
        for copy in export(book, copy_to=stick).copies:
            sim.hand_to_hq(Parcel("packet", station, copy.read_bytes()))
    for parcel in sim.acks():
        apply_ack(books[parcel.station], parcel.raw)

    assert_each_log_held_once(hq, books)
    assert all(book.state.last_seq >= 200 for book in books.values()), "a few hundred each"
    assert_no_trace_of_damage(hq, sim)

    # Whatever the courier still carries arrives late and changes nothing.
    before = archive_dump(hq)
    for parcel in late:
        if parcel.kind == "packet":
            sim.hand_to_hq(parcel)
        else:
            sim.hand_to_station(parcel)
    assert archive_dump(hq) == before
