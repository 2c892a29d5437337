"""HQ import: refusals that leave the archive untouched, forks recorded, enrollment, the schema."""

from __future__ import annotations

import shutil
import struct
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from outpost.errors import Conflict, InputRefused
from outpost.hq import HqArchive, import_packet
from outpost.logbook import Logbook
from outpost.model import canonical_bytes
from outpost.sync.identity import read_card
from outpost.sync.packet import MAGIC, seal_packet
from outpost.sync.station import export, own_card_path, station_key


def dump(hq: Any) -> list[str]:
    """The archive's SQL dump, less the note of a refused packet (`refused_packets` keeps what
    HQ refused, never what it holds)."""
    return [line for line in hq.db.iterdump() if 'INSERT INTO "refused_packets"' not in line]


def one_packet(book: Logbook) -> bytes:
    book.add("water_delivery", {"household": "hh-0007", "litres": 800})
    [path] = export(book).packets
    return path.read_bytes()


def refused_cleanly(hq: Any, raw: bytes, words: str) -> None:
    """The packet is refused with a reason holding `words`, and the archive is unchanged."""
    before = dump(hq)
    with pytest.raises(InputRefused) as refusal:
        import_packet(hq, raw)
    assert words in refusal.value.message()
    assert refusal.value.exit_code == 3
    assert dump(hq) == before


def flip(raw: bytes, at: int) -> bytes:
    return raw[:at] + bytes([raw[at] ^ 0x01]) + raw[at + 1 :]


def test_flipped_bit_in_the_body_is_refused_as_altered(linked_book: Logbook, hq: Any) -> None:
    """A bit flipped in the ciphertext fails the station's signature; nothing is written."""
    raw = one_packet(linked_book)
    refused_cleanly(hq, flip(raw, len(raw) - 100), "signature")


def test_truncated_packet_is_refused(linked_book: Logbook, hq: Any) -> None:
    """A packet cut short is refused as truncated."""
    raw = one_packet(linked_book)
    refused_cleanly(hq, raw[: len(raw) - 10], "cut short")


def test_trailing_bytes_are_refused(linked_book: Logbook, hq: Any) -> None:
    """Bytes after the signature make the packet refused."""
    refused_cleanly(hq, one_packet(linked_book) + b"\0\0", "unexpected bytes")


def test_unknown_version_is_refused_as_unsupported_not_corrupt(
    linked_book: Logbook, hq: Any
) -> None:
    """A packet announcing format 2 is refused as "unsupported format v2"."""
    raw = one_packet(linked_book)
    refused_cleanly(hq, b"OUTPOST-PACKET/2\n" + raw[len(MAGIC) :], "unsupported format v2")


def test_oversized_header_is_refused_before_it_is_parsed(linked_book: Logbook, hq: Any) -> None:
    """A header length over 4 KiB is refused."""
    raw = one_packet(linked_book)
    forged = MAGIC + struct.pack(">I", 5000) + raw[len(MAGIC) + 4 :]
    refused_cleanly(hq, forged, "header is too big")


def test_packet_from_an_unenrolled_station_is_refused(
    book: Logbook, hq: Any, tmp_path: Path
) -> None:
    """A station HQ never enrolled is refused by name."""
    from outpost.sync.station import set_hq_card

    set_hq_card(book, hq.card)
    refused_cleanly(hq, one_packet(book), "not enrolled")


def test_packet_sealed_for_another_hq_is_refused(
    linked_book: Logbook, hq: Any, tmp_path: Path, clock: Callable[[], Any]
) -> None:
    """A packet sealed to another HQ's card is refused as not for this HQ."""
    other = HqArchive.create(
        tmp_path / "other-hq", hq_id="another-brigade", name="另一大队", passphrase=b"x"
    )
    other.close()
    raw = seal_packet(
        list(linked_book.entries()),
        station_key=station_key(linked_book),
        log_id=linked_book.config.log_id,
        hq_card=other.card,
        created_at="2026-11-26T09:00:00+08:00",
    )
    refused_cleanly(hq, raw, "another-brigade")


def test_packet_signed_by_another_key_is_refused(linked_book: Logbook, hq: Any) -> None:
    """A packet signed with a key other than the enrolled one is refused."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    raw = seal_packet(
        list(linked_book.entries()),
        station_key=Ed25519PrivateKey.generate(),
        log_id=linked_book.config.log_id,
        hq_card=hq.card,
        created_at="2026-11-26T09:00:00+08:00",
    )
    refused_cleanly(hq, raw, "not the key station yingen-couple-post enrolled with")


def test_broken_chain_inside_a_packet_is_refused(linked_book: Logbook, hq: Any) -> None:
    """Entries whose `prev` does not chain are refused even when correctly signed."""
    linked_book.add("water_delivery", {"household": "hh-0007", "litres": 800})
    entries = list(linked_book.entries())
    entries[1] = {**entries[1], "prev": "f" * 64}
    raw = seal_packet(
        entries,
        station_key=station_key(linked_book),
        log_id=linked_book.config.log_id,
        hq_card=hq.card,
        created_at="2026-11-26T09:00:00+08:00",
    )
    refused_cleanly(hq, raw, "chain is broken at entry 2")


def test_entry_failing_its_schema_is_refused(linked_book: Logbook, hq: Any) -> None:
    """A signed packet carrying an entry that breaks its kind's schema is refused, naming it."""
    entries = list(linked_book.entries())
    entries[0] = {**entries[0], "data": {"household_id": "hh-0007"}}
    raw = seal_packet(
        entries,
        station_key=station_key(linked_book),
        log_id=linked_book.config.log_id,
        hq_card=hq.card,
        created_at="2026-11-26T09:00:00+08:00",
    )
    refused_cleanly(hq, raw, "entry 1 in the packet is invalid")


def test_fork_is_refused_with_exit_4_and_recorded_with_both_hashes(
    linked_book: Logbook, hq: Any, tmp_path: Path
) -> None:
    """A laptop restored from an old backup and used on makes a fork: refused, incident kept."""
    linked_book.add("water_delivery", {"household": "hh-0007", "litres": 800})
    backup = tmp_path / "backup"
    shutil.copytree(linked_book.folder, backup)
    linked_book.add("water_delivery", {"household": "hh-0007", "litres": 500})
    for path in export(linked_book).packets:
        import_packet(hq, path.read_bytes())
    restored = Logbook.open(backup)
    try:
        restored.add("water_delivery", {"household": "hh-0007", "litres": 300})
        forked = export(restored).packets
    finally:
        restored.close()
    entries_before = hq.db.execute("SELECT * FROM entries ORDER BY seq").fetchall()
    with pytest.raises(Conflict) as conflict:
        import_packet(hq, forked[-1].read_bytes(), source=forked[-1].name)
    assert conflict.value.exit_code == 4 and "FORK" in conflict.value.message()
    assert hq.db.execute("SELECT * FROM entries ORDER BY seq").fetchall() == entries_before
    [incident] = hq.stations()[0]["incidents"]
    held = hq.db.execute("SELECT hash FROM entries WHERE seq = 3").fetchone()[0]
    assert incident["kind"] == "fork" and incident["seq"] == 3
    assert incident["held_hash"] == held
    assert incident["packet_hash"] not in (None, held)


def test_enrolling_the_same_card_again_changes_nothing(linked_book: Logbook, hq: Any) -> None:
    """Enrolling an enrolled card again reports it and leaves the archive as it was."""
    before = dump(hq)
    assert hq.enroll(read_card(own_card_path(linked_book), "outpost-station")) == "same"
    assert dump(hq) == before


def test_enrolling_another_key_for_an_enrolled_station_is_a_conflict(
    linked_book: Logbook, hq: Any
) -> None:
    """A second card with the same station id and another key needs `replace`."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from outpost.sync.identity import station_card

    card = station_card(
        "yingen-couple-post", "银根", "Asia/Shanghai", Ed25519PrivateKey.generate().public_key(), ""
    )
    with pytest.raises(Conflict):
        hq.enroll(card)
    assert hq.enroll(card, replace=True) == "replaced"


def test_wrong_passphrase_is_refused(tmp_path: Path) -> None:
    """HQ's keys do not open with a wrong passphrase."""
    HqArchive.create(tmp_path / "hq2", hq_id="test-hq", name="HQ", passphrase=b"right").close()
    archive = HqArchive.open(tmp_path / "hq2")
    try:
        with pytest.raises(InputRefused) as refusal:
            archive.unlock(b"wrong")
        assert "wrong passphrase" in refusal.value.message()
        archive.unlock(b"right")
    finally:
        archive.close()


def test_archive_has_the_columns_the_summaries_rely_on(hq: Any) -> None:
    """The `stations` and `entries` tables carry the agreed columns and indexes."""

    def columns(table: str) -> set[str]:
        return {row[1] for row in hq.db.execute(f"PRAGMA table_info({table})")}

    assert {"id", "name", "timezone", "signing_key", "fingerprint", "enrolled_at"} <= columns(
        "stations"
    )
    assert {
        "station", "log_id", "seq", "id", "kind", "occurred_at", "month", "recorded_at", "hash",
        "body", "data", "voided", "amendments", "packet",
    } <= columns("entries")  # fmt: skip
    indexes = {row[1] for row in hq.db.execute("PRAGMA index_list(entries)")}
    assert "entries_month" in indexes
    assert hq.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_month_column_counts_in_the_station_zone(linked_book: Logbook, hq: Any) -> None:
    """An entry at 07:30 Beijing time on 1 November (still October in UTC) is in 2026-11."""
    linked_book.add(
        "water_delivery",
        {"household": "hh-0007", "litres": 800},
        occurred_at="2026-10-31T23:30:00Z",
    )
    for path in export(linked_book).packets:
        import_packet(hq, path.read_bytes())
    month = hq.db.execute("SELECT month FROM entries WHERE seq = 2").fetchone()[0]
    assert month == "2026-11"
    body = hq.db.execute("SELECT body FROM entries WHERE seq = 2").fetchone()[0]
    assert body.encode() == canonical_bytes(next(linked_book.entries(2, 2)))


def test_second_process_on_the_hq_folder_is_told_it_is_in_use(hq: Any) -> None:
    """While one HQ archive is open, opening it again is refused with exit 5."""
    from outpost.errors import DataDirLocked

    with pytest.raises(DataDirLocked) as locked:
        HqArchive.open(hq.folder)
    assert locked.value.exit_code == 5


def test_reinstalled_station_starts_a_new_log_beside_the_old_one(
    linked_book: Logbook, hq: Any, tmp_path: Path, clock: Any
) -> None:
    """A station set up again (new log, new key, re-enrolled) is held beside its old log."""
    from outpost.sync.station import set_hq_card

    for path in export(linked_book).packets:
        import_packet(hq, path.read_bytes())
    fresh = Logbook.create(
        tmp_path / "new-laptop",
        station_id="yingen-couple-post",
        name="银根戍边夫妻警务室",
        officers=["张伟"],
        clock=clock,
    )
    try:
        fresh.add("household", {"household_id": "hh-0007", "head": "巴特尔"})
        set_hq_card(fresh, hq.card)
        assert hq.enroll(read_card(own_card_path(fresh), "outpost-station"), replace=True) == (
            "replaced"
        )
        [outcome] = [import_packet(hq, p.read_bytes()) for p in export(fresh).packets]
        assert outcome.status == "new" and outcome.log_id == fresh.config.log_id
    finally:
        fresh.close()
    [row] = hq.stations()
    assert row["logs"] == 2 and row["entries"] == 2 and row["log_id"] == outcome.log_id


def test_entry_id_held_at_another_seq_is_a_conflict_with_an_incident(
    linked_book: Logbook, hq: Any
) -> None:
    """A packet reusing an entry id HQ holds elsewhere is refused (exit 4) and recorded."""
    for path in export(linked_book).packets:
        import_packet(hq, path.read_bytes())
    entries_before = hq.db.execute("SELECT * FROM entries").fetchall()
    raw = seal_packet(
        list(linked_book.entries()),
        station_key=station_key(linked_book),
        log_id="f" * 32,
        hq_card=hq.card,
        created_at="2026-11-26T09:00:00+08:00",
    )
    with pytest.raises(Conflict) as conflict:
        import_packet(hq, raw)
    assert conflict.value.exit_code == 4
    assert hq.db.execute("SELECT * FROM entries").fetchall() == entries_before
    assert [i["kind"] for i in hq.incidents("yingen-couple-post")] == ["duplicate_id"]
    with pytest.raises(Conflict):
        import_packet(hq, raw)
    assert len(hq.incidents()) == 1  # the same packet again adds no second incident
