"""An export killed or refused by a full disk part-way is finished by the next one: every seq of
the log then sits in exactly one packet of the outbox, and HQ imports the outbox whole.

The packet cap is lowered (20 entries, in the test and in the killed subprocess alike) so that a
backlog of a few hundred entries needs several packets and twenty runs stay quick: the resume
does not depend on the cap's value. The full disk is a real 1 MiB tmpfs where this machine lets
the tests mount one, and the simulated one of tests/test_durability_disk_full.py as well.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import Clock
from test_durability_disk_full import SmallDisk, mount_tmpfs

from outpost.cli import main
from outpost.errors import StorageFailed
from outpost.hq import import_packet
from outpost.logbook import Draft, Logbook
from outpost.store import files
from outpost.sync import station as sync_station
from outpost.sync.outbox import OUTBOX
from outpost.sync.packet import read_packet
from outpost.sync.station import export, own_card_path, set_hq_card
from outpost.sync.status import sync_status

CAP = 20
RUNS = 20
REAL_RUNS = 3
"""Runs killing `python -m outpost export`; the others kill a forked copy of this process."""

KILLED_EXPORT = """
import sys
import outpost.sync.station
outpost.sync.station.MAX_ENTRIES = int(sys.argv[2])
from outpost.cli import main
main(["export", "--data-dir", sys.argv[1]])
"""


@pytest.fixture(autouse=True)
def small_packets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sync_station, "MAX_ENTRIES", CAP)


def visits(book: Logbook, count: int) -> None:
    """`count` herder visits saved in one write."""
    draft = Draft("herder_visit", {"household": "hh-0007", "purpose": "welfare_check"})
    book.add_many([draft] * count)


def seqs_in_outbox(station: Path) -> Counter[int]:
    """How many packets of the outbox hold each seq (read from the packets' headers)."""
    held: Counter[int] = Counter()
    for path in (station / OUTBOX).glob("*.opk"):
        header = read_packet(path.read_bytes()).header
        held.update(range(header["first_seq"], header["last_seq"] + 1))
    return held


def assert_each_seq_once(station: Path, last: int) -> None:
    held = seqs_in_outbox(station)
    twice = sorted(seq for seq, n in held.items() if n > 1)
    assert not twice, f"{len(twice)} seqs in two packets, from {twice[0]}"
    assert sorted(held) == list(range(1, last + 1))
    assert not list((station / OUTBOX).glob(f".*{files.TEMP_SUFFIX}"))


def packets_so_far(outbox: Path) -> int:
    try:
        return sum(1 for name in os.listdir(outbox) if name.endswith(".opk"))
    except FileNotFoundError:
        return 0


class Export:
    """`outpost export` in another process: `python -m outpost` as a user runs it, or (quicker,
    the same code) this process forked and calling the command line's `main`."""

    def __init__(self, station: Path, real_entry_point: bool) -> None:
        self.process: subprocess.Popen[bytes] | None = None
        if real_entry_point:
            self.process = subprocess.Popen(
                [sys.executable, "-c", KILLED_EXPORT, str(station), str(CAP)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                env=dict(os.environ, OUTPOST_LANG="en"),
            )
            return
        self.pid = os.fork()
        if self.pid == 0:  # the child: export, then leave without the parent's clean-ups
            try:
                null = os.open(os.devnull, os.O_WRONLY)
                os.dup2(null, 1)
                os.dup2(null, 2)
                main(["export", "--data-dir", str(station)])
            finally:
                os._exit(0)

    def running(self) -> bool:
        if self.process is not None:
            return self.process.poll() is None
        return os.waitpid(self.pid, os.WNOHANG) == (0, 0)

    def kill(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=30)
            return
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)


def kill_export(station: Path, rng: random.Random, packets: int, real: bool) -> None:
    """Start `outpost export`, let it write a random number of its packets (all of them, at
    times), wait a random moment more and SIGKILL it."""
    outbox = station / OUTBOX
    wait_for = packets_so_far(outbox) + rng.randrange(packets + 1)
    export_run = Export(station, real)
    deadline = time.monotonic() + 30
    while packets_so_far(outbox) < wait_for:
        if not export_run.running():
            return  # it ended before the kill
        assert time.monotonic() < deadline, "the export wrote no packet in 30 s"
        time.sleep(0.001)
    time.sleep(rng.uniform(0, 0.01))
    export_run.kill()


def test_export_killed_at_random_points_leaves_each_seq_in_one_packet(
    linked_book: Logbook, station_dir: Path, clock: Clock, hq: Any
) -> None:
    """Twenty times: a backlog of several packets, `outpost export` in a real process SIGKILLed
    at a random point, then export again: every seq is in exactly one packet of the outbox,
    nothing is left due, and HQ imports the outbox with every entry once."""
    rng = random.Random(20261201)
    book = linked_book
    cut_short = 0
    for run in range(RUNS):
        clock.advance(minutes=5)
        visits(book, rng.randrange(50, 110))
        last = book.state.last_seq
        book.close()  # the killed export owns the station while it runs
        packets = -(-(last - sent_through(station_dir)) // CAP)
        kill_export(station_dir, rng, packets, real=run < REAL_RUNS)
        book = Logbook.open(station_dir, clock=clock)
        cut_short += bool(sync_status(book)["unexported"])
        export(book)
        assert sync_status(book)["unexported"] == 0
        assert_each_seq_once(station_dir, last)
    assert cut_short >= RUNS // 2, "the kills should mostly come before the export ended"
    for path in sorted((station_dir / OUTBOX).glob("*.opk")):
        import_packet(hq, path.read_bytes(), source=path.name)
    held = hq.db.execute("SELECT COUNT(*), MAX(seq) FROM entries").fetchone()
    assert tuple(held) == (book.state.last_seq, book.state.last_seq)
    book.close()


def sent_through(station: Path) -> int:
    """How far the station had sealed before (read with the folder closed)."""
    with Logbook.open(station) as book:
        return int(book.config.sync.get("sent_through", 0))


@pytest.fixture(params=["tmpfs", "simulated"])
def disk(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[SmallDisk]:
    """A 1 MiB disk for the station: a real tmpfs where mounting is allowed, else simulated."""
    root = tmp_path / "disk"
    root.mkdir()
    real = request.param == "tmpfs" and mount_tmpfs(root)
    try:
        yield SmallDisk(root, real, monkeypatch)
    finally:
        if real:
            subprocess.run(["umount", "-l", str(root)], check=False, timeout=60)


def test_export_refused_by_a_full_disk_leaves_each_seq_in_one_packet(
    disk: SmallDisk, clock: Clock, hq: Any
) -> None:
    """Twenty times: a station on a nearly full disk exports a backlog of several packets and
    the disk refuses a packet or the bookkeeping at a random point; once room is made, export
    again: every seq is in exactly one packet of the outbox."""
    rng = random.Random(20261202)
    refused = 0
    for run in range(RUNS):
        station = disk.root / "station"
        book = Logbook.create(
            station, station_id="yingen-couple-post", name="银根", officers=["张伟"], clock=clock
        )
        try:
            set_hq_card(book, hq.card)
            own_card_path(book)  # the station key is made before the disk fills
            book.add("household", {"household_id": "hh-0007", "head": "巴特尔"})
            visits(book, rng.randrange(50, 110))
            disk.fill(leave=rng.randrange(0, 6_000))
            try:
                export(book)
            except StorageFailed as exc:
                assert "the disk is full" in exc.message()
                refused += 1
            disk.free()
            export(book)
            assert sync_status(book)["unexported"] == 0, f"run {run}"
            assert_each_seq_once(station, book.state.last_seq)
        finally:
            book.close()
            disk.free()
            shutil.rmtree(station)
    assert refused >= RUNS // 2, "the disk should refuse most of these exports"
