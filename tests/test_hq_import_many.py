"""Importing many packets at once (a second process checks them) ends as one by one would."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any

from conftest import HQ_PASSPHRASE

from outpost.errors import Conflict, InputRefused, OutpostError
from outpost.hq import HqArchive
from outpost.hq.importer import PARALLEL_FROM, import_packet, import_packets
from outpost.logbook import Logbook
from outpost.sync.station import export


def daily_packets(book: Logbook, days: int) -> list[Path]:
    """One export a day of a few water deliveries: one packet per day."""
    packets: list[Path] = []
    for day in range(days):
        for litres in (300, 500, 800):
            book.add("water_delivery", {"household": "hh-0007", "litres": litres + day})
        packets += export(book).packets
    return packets


def dump(archive: HqArchive) -> list[str]:
    """The archive's entries and packets, without times of receipt."""
    db = archive.db
    entries = [str(row) for row in db.execute("SELECT * FROM entries ORDER BY seq")]
    packets = [
        str(row) for row in db.execute("SELECT digest, first_seq, last_seq FROM packets ORDER BY 2")
    ]
    return entries + packets


def fresh_copy(hq: Any, tmp_path: Path, name: str) -> HqArchive:
    """A copy of the `hq` fixture's archive as it is now (stations enrolled, nothing held)."""
    target = tmp_path / name
    hq.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copytree(hq.folder, target, ignore=shutil.ignore_patterns(".lock"))
    archive = HqArchive.open(target)
    archive.unlock(HQ_PASSPHRASE)
    return archive


def test_many_packets_end_as_one_by_one(linked_book: Logbook, hq: Any, tmp_path: Path) -> None:
    """Five packets imported together leave the archive exactly as importing each in turn."""
    packets = daily_packets(linked_book, 5)
    assert len(packets) >= PARALLEL_FROM
    together = fresh_copy(hq, tmp_path, "together")
    outcomes = list(import_packets(together, packets))
    assert [path for path, _ in outcomes] == packets
    assert all(not isinstance(o, OutpostError) and o.status == "new" for _, o in outcomes)
    for raw in packets:
        import_packet(hq, raw.read_bytes(), str(raw))
    assert dump(together) == dump(hq)
    together.close()


def test_refusals_among_many_packets_keep_their_place_and_reason(
    linked_book: Logbook, hq: Any, tmp_path: Path
) -> None:
    """A damaged packet and a fork among many are refused in place, with their own reasons
    and exit codes, and the others are imported."""
    packets = daily_packets(linked_book, 4)
    damaged = tmp_path / "damaged.opk"
    damaged.write_bytes(packets[1].read_bytes()[:-7])
    import_packet(hq, packets[0].read_bytes())
    db = sqlite3.connect(hq.folder / "archive.sqlite")
    with db:  # HQ now holds another entry 1 (from no packet it knows): a fork
        db.execute("UPDATE entries SET hash = ? WHERE seq = 1", ("f" * 64,))
        db.execute("DELETE FROM packets")
    db.close()
    order = [packets[0], damaged, packets[1], packets[2], packets[3]]
    outcomes = dict(import_packets(hq, order))
    assert isinstance(outcomes[packets[0]], Conflict)
    assert isinstance(outcomes[damaged], InputRefused)
    assert "truncated" in outcomes[damaged].message() or "cut" in outcomes[damaged].message()
    assert outcomes[damaged].exit_code == 3 and outcomes[packets[0]].exit_code == 4
    assert [getattr(outcomes[p], "status", None) for p in packets[1:]] == ["new"] * 3
    (incidents,) = hq.db.execute("SELECT COUNT(*) FROM incidents WHERE kind = 'fork'").fetchone()
    assert incidents == 1
