"""HQ's disk filling up during `hq import` refuses packets one by one: each packet is its own
transaction, the ones imported before stay imported and are said so, the refused ones get one
line each, and the archive holds every packet's entries whole or not at all.

The disk is a real 1 MiB tmpfs where this machine lets the tests mount one (root on Linux); the
service is also run against SQLite's own "database or disk is full" (a page limit on the
archive's connection), which needs no mount.
"""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import HQ_PASSPHRASE, Clock, run_cli
from test_durability_disk_full import SmallDisk, tmpfs_here_or_in_namespace

from outpost.brigade import PacketImport, packets_to_import
from outpost.errors import StorageFailed
from outpost.hq import HqArchive
from outpost.logbook import Draft, Logbook
from outpost.sync import station as sync_station
from outpost.sync.identity import read_card
from outpost.sync.station import export, own_card_path, set_hq_card

PACKETS = 4
PER_PACKET = 26


def four_packets(tmp_path: Path, hq_dir: Path, clock: Clock, monkeypatch: Any) -> list[Path]:
    """HQ set up in `hq_dir`, a station enrolled there, and its 104 entries in 4 packets."""
    monkeypatch.setattr(sync_station, "MAX_ENTRIES", PER_PACKET)
    with HqArchive.create(
        hq_dir, hq_id="alxa-brigade", name="阿拉善左旗边境管理大队", passphrase=HQ_PASSPHRASE,
        clock=clock,
    ) as hq, Logbook.create(
        tmp_path / "station", station_id="yingen-couple-post", name="银根", officers=["张伟"],
        clock=clock,
    ) as book:  # fmt: skip
        set_hq_card(book, hq.card)
        hq.enroll(read_card(own_card_path(book), "outpost-station"))
        book.add("household", {"household_id": "hh-0007", "head": "巴特尔"})
        note = "旱情严重，第二次送水，" * 20  # entries of a realistic size
        water = Draft("water_delivery", {"household": "hh-0007", "litres": 800, "note": note})
        book.add_many([water] * (PACKETS * PER_PACKET - 1))
        packets = export(book).packets
    assert len(packets) == PACKETS
    return sorted(packets)


def held_per_packet(hq_dir: Path, packets: list[Path]) -> list[int]:
    """How many of each packet's entries the archive holds (read-only, after the run)."""
    db = sqlite3.connect(f"file:{hq_dir / 'archive.sqlite'}?mode=ro", uri=True)
    try:
        counts = []
        for index in range(len(packets)):
            first, last = index * PER_PACKET + 1, (index + 1) * PER_PACKET
            row = db.execute(
                "SELECT COUNT(*) FROM entries WHERE seq BETWEEN ? AND ?", (first, last)
            )
            counts.append(row.fetchone()[0])
        return counts
    finally:
        db.close()


@pytest.fixture
def tmpfs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> Any:
    """A real 1 MiB tmpfs, or None when the test already ran whole in a user namespace."""
    root = tmp_path / "disk"
    root.mkdir()
    if not tmpfs_here_or_in_namespace(root, request):
        yield None
        return
    try:
        yield SmallDisk(root, True, monkeypatch)
    finally:
        subprocess.run(["umount", "-l", str(root)], check=False, timeout=60)


def test_hq_import_on_a_full_disk_says_which_packets_were_imported(
    tmpfs: SmallDisk | None, tmp_path: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a real full disk: the first packets import, the rest get "not imported: the disk is
    full" each, a summary line says how many were imported, exit 1; every packet is in the
    archive whole or not at all; with room made, importing again brings the rest."""
    if tmpfs is None:
        return  # it ran whole, on a real tmpfs, in its own user namespace
    hq_dir = tmpfs.root / "hq"
    packets = four_packets(tmp_path, hq_dir, clock, monkeypatch)
    monkeypatch.setenv("OUTPOST_HQ_PASSPHRASE", HQ_PASSPHRASE.decode())
    outbox = packets[0].parent
    tmpfs.fill(leave=400_000)
    done = run_cli("hq", "import", str(outbox), data_dir=hq_dir)
    assert done.returncode == 1, (done.stdout, done.stderr)
    assert "internal error" not in done.stderr
    *lines, summary = done.stdout.splitlines()
    assert len(lines) == PACKETS
    new = [line for line in lines if ": new, 26 entries" in line]
    full = [line for line in lines if "not imported: the disk is full" in line]
    assert new and full and len(new) + len(full) == PACKETS, lines
    imported = f"{len(new)} of 4 packets imported ({26 * len(new)} new entries)"
    assert summary == f"{imported}; {len(full)} not imported"
    held = held_per_packet(hq_dir, packets)
    assert sorted(held, reverse=True) == held and set(held) <= {0, PER_PACKET}
    assert held.count(PER_PACKET) == len(new)

    tmpfs.free()
    again = run_cli("hq", "import", str(outbox), data_dir=hq_dir)
    assert again.returncode == 0, again.stdout
    assert held_per_packet(hq_dir, packets) == [PER_PACKET] * PACKETS


def test_packet_import_refused_by_sqlite_as_full_goes_on_per_packet(
    tmp_path: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The service alone, against SQLite's own "database or disk is full": each refused packet
    is a StorageFailed outcome saying the disk is full, the others import, nothing is half in."""
    hq_dir = tmp_path / "hq"
    packets = four_packets(tmp_path, hq_dir, clock, monkeypatch)
    with HqArchive.open(hq_dir, clock=clock) as hq:
        hq.unlock(HQ_PASSPHRASE)
        pages = hq.db.execute("PRAGMA page_count").fetchone()[0]
        hq.db.execute(f"PRAGMA max_page_count = {pages + 12}")
        run = PacketImport(hq, packets_to_import([packets[0].parent]))
        outcomes = list(run)
        refused = [o.outcome for o in outcomes if isinstance(o.outcome, StorageFailed)]
        assert refused and len(run.imported) + len(refused) == PACKETS
        assert all("not imported: the disk is full" in r.message() for r in refused)
        assert run.exit_code == 1
        assert not hq.db.in_transaction
    held = held_per_packet(hq_dir, packets)
    assert set(held) <= {0, PER_PACKET} and held.count(PER_PACKET) == len(run.imported)
