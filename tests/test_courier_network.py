"""Exactly once over both roads at once: the courier simulation with the network beside the stick.

Three stations and one HQ, as in test_courier_simulation.py; each evening the seed sends each
station's packets by stick (the courier of tests/courier_helpers.py), over the network (a real
`outpost sync` process through a fault-injecting proxy to a real `outpost hq serve`), or both.
The syncs run while HQ imports the stick in this process: the server and the stick share the
archive. Once the roads settle, HQ holds every entry once, each station's acknowledged seq is its
last, no incident was recorded, and nothing but whole packets the stations sealed was imported.
"""

from __future__ import annotations

import hashlib
import os
import random
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from conftest import run_cli
from courier_helpers import (
    STATIONS,
    Courier,
    Parcel,
    Simulation,
    assert_each_log_held_once,
    assert_no_trace_of_damage,
    day_of_work,
)
from net_helpers import PASSPHRASE, Served, serve
from net_proxy import Fault, Proxy

from outpost.hq import HqArchive
from outpost.logbook import Logbook
from outpost.sync.identity import read_card
from outpost.sync.outbox import OUTBOX
from outpost.sync.station import export, own_card_path, set_hq_card

EVENINGS = 3
ROADS = ("stick", "net", "both")
START = "2026-11-01T18:00:00+08:00"


class LiveClock:
    """A clock that runs on from START with the real seconds, as `OUTPOST_NOW` makes the server's
    and each sync process's clock run: their requests stay within HQ's clock window."""

    def __init__(self) -> None:
        self.start = datetime.fromisoformat(START)
        self.began = time.monotonic()

    def __call__(self) -> datetime:
        return self.start + timedelta(seconds=time.monotonic() - self.began)

    def iso(self) -> str:
        return self().isoformat(timespec="seconds")


@dataclass
class World:
    hq: HqArchive
    books: dict[str, Logbook]
    folders: dict[str, Path]
    clock: LiveClock
    served: Served


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    """HQ and three enrolled stations on one live clock; HQ opened beside its inbox server
    (the lock shared, as `hq import` opens it), the server running."""
    clock = LiveClock()
    monkeypatch.setenv("OUTPOST_NOW", clock.iso())  # the server's clock, and this process's
    hq = HqArchive.create(
        tmp_path / "hq", hq_id="alxa-brigade", name="阿拉善左旗边境管理大队",
        passphrase=PASSPHRASE.encode(), clock=clock,
    )  # fmt: skip
    books: dict[str, Logbook] = {}
    folders: dict[str, Path] = {}
    for station_id, name, zone in STATIONS:
        folders[station_id] = tmp_path / station_id
        books[station_id] = book = Logbook.create(
            folders[station_id], station_id=station_id, name=name,
            officers=["张伟", "李娜"], timezone=zone, clock=clock,
        )  # fmt: skip
        set_hq_card(book, hq.card)
        hq.enroll(read_card(own_card_path(book), "outpost-station"))
    hq.close()
    hq = HqArchive.open(tmp_path / "hq", clock, shared_write=True)
    try:
        hq.unlock(PASSPHRASE.encode())
        served = serve(tmp_path / "hq")
        try:
            yield World(hq, books, folders, clock, served)
        finally:
            assert served.stop() == 0
    finally:
        for book in books.values():
            book.close()  # closing twice is harmless: a test that failed mid-evening
        hq.close()


def line_for_the_evening(proxy: Proxy, rng: random.Random) -> None:
    """The line of one station's sync this evening: gone all evening now and then, else its
    first connections faulty (a cut and then a reset fail the run; one fault alone is mostly
    mended within it), then clean."""
    proxy.down = rng.random() < 0.2
    proxy.plan = [
        rng.choice(
            (
                Fault(cut_up=rng.randint(1, 8000)),  # across the head and the body
                Fault(cut_down=rng.randint(1, 600)),
                Fault(lose_answer=True),  # HQ committed; the station never hears
                Fault(stall=0.3),
                Fault(reset=True),
                Fault(duplicate=True),  # the request replayed by the line
            )
        )
        for _ in range(rng.choice((0, 1, 2, 3)))
    ]


def start_sync(folder: Path, url: str, clock: LiveClock) -> subprocess.Popen[str]:
    """`outpost sync --url URL` in a real process, its clock on the simulation's."""
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    env.update(OUTPOST_LANG="en", OUTPOST_NOW=clock.iso())
    argv = [sys.executable, "-m", "outpost", "sync", "--url", url, "--data-dir", str(folder)]
    return subprocess.Popen(
        argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )


def under_way(served: Served, syncs: dict[str, subprocess.Popen[str]]) -> None:
    """Wait until HQ answered one of this evening's syncs (or they all ended; 10 s at most)."""
    before = served.log().count("\n")
    deadline = time.monotonic() + 10
    while any(sync.poll() is None for sync in syncs.values()) and time.monotonic() < deadline:
        if served.log().count("\n") > before:
            return
        time.sleep(0.02)


def finished(sync: subprocess.Popen[str]) -> int:
    """The exit status of a sync: 0, or 6 when the line failed (tried again later)."""
    out, err = sync.communicate(timeout=60)
    assert "Traceback" not in err and "internal error" not in err, err
    assert sync.returncode in (0, 6), (sync.returncode, out, err)
    return sync.returncode


def sealed_digests(folders: dict[str, Path]) -> set[str]:
    """The SHA-256 of every packet the stations sealed (their outboxes keep them)."""
    return {
        hashlib.sha256(path.read_bytes()).hexdigest()
        for folder in folders.values()
        for path in (folder / OUTBOX).glob("*.opk")
    }


@pytest.mark.parametrize("seed", [7, 12, 42])
def test_both_roads_at_once_leave_every_entry_at_hq_exactly_once(
    seed: int, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Evenings of stick, network and both, the stick lossy and the line faulty, the network
    uploads running while HQ imports the stick; then each station syncs once more on a clean
    line once the courier's late parcels arrived. HQ holds each log exactly, every station is
    acknowledged through its last entry, no incident, no partial upload ever imported."""
    hq, books, folders, clock, served = (
        world.hq, world.books, world.folders, world.clock, world.served
    )  # fmt: skip
    work, roads, line = random.Random(seed), random.Random(seed + 5), random.Random(seed + 6)
    there = Courier(random.Random(seed + 1), random.Random(seed + 2))
    back = Courier(random.Random(seed + 3), random.Random(seed + 4))
    sim = Simulation(hq, books, there, back)
    proxies = {station: Proxy(served.port) for station in books}
    taken: dict[str, int] = {}
    statuses: list[int] = []
    together = 0
    """Stick packets HQ imported while a sync process was still at work."""
    try:
        for evening in range(EVENINGS):
            packets: list[Parcel] = []
            syncs: dict[str, subprocess.Popen[str]] = {}
            for station, book in books.items():
                day_of_work(work, book, evening)
                road = roads.choice(ROADS)
                taken[road] = taken.get(road, 0) + 1
                if road != "net":
                    for path in export(book).packets:
                        packets.append(Parcel("packet", station, path.read_bytes()))
                if road != "stick":
                    line_for_the_evening(proxies[station], line)
                    book.close()  # the sync process owns the station's folder a while
                    syncs[station] = start_sync(folders[station], proxies[station].url, clock)
            # The stick road, once the network road is under way: HQ imports both at once.
            under_way(served, syncs)
            for parcel in sim.courier.carry(packets):
                sim.hand_to_hq(parcel)
                together += any(sync.poll() is None for sync in syncs.values())
            for station, sync in syncs.items():
                statuses.append(finished(sync))
                books[station] = Logbook.open(folders[station], clock)
            for parcel in sim.back.carry(sim.acks()):
                sim.hand_to_station(parcel)
    finally:
        for proxy in proxies.values():
            proxy.close()
    assert set(taken) == set(ROADS), f"the seed left a road out: {taken}"
    assert 0 in statuses and 6 in statuses, f"the line never failed or never held: {statuses}"
    assert together > 0, "the stick road never ran beside the network road"

    # The roads settle: the late parcels come in, then each station syncs on a clean line.
    for parcel in sim.courier.delayed:
        sim.hand_to_hq(parcel)
    for parcel in sim.back.delayed:
        sim.hand_to_station(parcel)  # late and stale: never an alarm
    for station, book in books.items():
        book.close()
        monkeypatch.setenv("OUTPOST_NOW", clock.iso())
        done = run_cli("sync", "--url", served.url, data_dir=folders[station])
        assert done.returncode == 0, done.stderr
        books[station] = Logbook.open(folders[station], clock)

    assert_each_log_held_once(hq, books)
    assert_no_trace_of_damage(hq, sim)
    came = {via for (via,) in hq.db.execute("SELECT DISTINCT via FROM packets")}
    assert came == {"stick", "net"}, came
    kept = {digest for (digest,) in hq.db.execute("SELECT digest FROM packets")}
    assert kept <= sealed_digests(folders), "HQ imported something no station sealed"
    for part in (hq.folder / "spool").rglob("*.part"):
        assert hashlib.sha256(part.read_bytes()).hexdigest() != part.stem, "whole, not imported"
    for refused in ("packet_refused", "digest_mismatch", "body_mismatch", "fork"):
        assert refused not in served.log(), refused
