"""The sync loop through the Python API: export, import at HQ, acks, re-sending what HQ lacks."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from outpost.errors import InputRefused
from outpost.hq import import_packet, make_ack
from outpost.logbook import Logbook
from outpost.model import entry_hash
from outpost.station.status import station_status
from outpost.sync import station as sync_station
from outpost.sync.station import export
from outpost.sync.station_acks import apply_ack


def water(book: Logbook, count: int) -> None:
    for litres in range(count):
        book.add("water_delivery", {"household": "hh-0007", "litres": 100 + litres})


def deliver(hq: Any, packets: list[Path]) -> list[Any]:
    return [import_packet(hq, p.read_bytes(), source=p.name) for p in packets]


def acknowledge(hq: Any, book: Logbook) -> Any:
    raw, _name = make_ack(hq, book.config.station_id)
    return apply_ack(book, raw)


def dump(hq: Any) -> list[str]:
    return list(hq.db.iterdump())


def held_hashes(hq: Any, station: str) -> dict[int, str]:
    rows = hq.db.execute("SELECT seq, hash FROM entries WHERE station = ? ORDER BY seq", (station,))
    return dict(rows.fetchall())


def test_whole_loop_delivers_every_entry_and_acknowledges_it(linked_book: Logbook, hq: Any) -> None:
    """Entries exported, imported and acknowledged leave nothing due and HQ holding the same log."""
    water(linked_book, 4)
    result = export(linked_book)
    assert result.entries == 5 and len(result.packets) == 1
    assert result.packets[0].suffix == ".opk" and result.packets[0].parent.name == "outbox"
    [outcome] = deliver(hq, result.packets)
    assert (outcome.status, outcome.new_entries) == ("new", 5)
    ack = acknowledge(hq, linked_book)
    assert ack.acknowledged_through == 5 and ack.gaps == [] and ack.resend == 0
    status = station_status(linked_book)
    assert status["entries"] == 5
    assert status["unexported"] == 0 and status["unacknowledged"] == 0
    assert status["acknowledged_through"] == 5 and status["gaps"] == []
    assert status["last_ack_at"] is not None
    ours = {e["seq"]: entry_hash(e) for e in linked_book.entries()}
    assert held_hashes(hq, "yingen-couple-post") == ours


def test_status_counts_unexported_and_unacknowledged_entries(linked_book: Logbook) -> None:
    """Before an export entries are unexported; after it, exported but not acknowledged."""
    water(linked_book, 2)
    before = station_status(linked_book)
    assert (before["unexported"], before["unacknowledged"]) == (3, 0)
    export(linked_book)
    after = station_status(linked_book)
    assert (after["unexported"], after["unacknowledged"]) == (0, 3)
    assert after["acknowledged_through"] == 0 and after["last_ack_at"] is None


def test_export_with_nothing_new_makes_no_packet(linked_book: Logbook) -> None:
    """A second export with no new entry seals nothing."""
    assert len(export(linked_book).packets) == 1
    again = export(linked_book)
    assert again.packets == [] and again.entries == 0
    assert len(list((linked_book.folder / "outbox").glob("*.opk"))) == 1


def test_replayed_packet_changes_nothing(linked_book: Logbook, hq: Any) -> None:
    """Importing the same packet twice reports it as already held and leaves the archive as is."""
    water(linked_book, 2)
    packets = export(linked_book).packets
    deliver(hq, packets)
    before = dump(hq)
    [again] = deliver(hq, packets)
    assert (again.status, again.new_entries) == ("held", 0)
    assert dump(hq) == before


def test_overlapping_resend_adds_only_what_is_new(linked_book: Logbook, hq: Any) -> None:
    """A packet overlapping entries HQ holds (same hashes) imports only the entries it lacks."""
    water(linked_book, 2)
    deliver(hq, export(linked_book).packets)
    water(linked_book, 2)
    book_sync = sync_station.SyncBook.of(linked_book)
    book_sync.due = [[2, 3]]  # as if an ack had asked for 2-3 again
    book_sync.save(linked_book)
    [outcome] = deliver(hq, export(linked_book).packets)
    assert (outcome.first_seq, outcome.last_seq, outcome.new_entries) == (2, 5, 2)
    assert sorted(held_hashes(hq, "yingen-couple-post")) == [1, 2, 3, 4, 5]


def test_lost_packet_is_sent_again_after_an_ack_names_the_gap(
    linked_book: Logbook, hq: Any
) -> None:
    """When a packet is lost, HQ's ack names the gap and the next export carries only it."""
    water(linked_book, 2)
    lost = export(linked_book).packets
    water(linked_book, 3)
    deliver(hq, export(linked_book).packets)
    assert hq.holdings("yingen-couple-post", linked_book.config.log_id).missing == [[1, 3]]
    ack = acknowledge(hq, linked_book)
    assert ack.acknowledged_through == 0 and ack.gaps == [[1, 3]] and ack.resend == 3
    assert station_status(linked_book)["gaps"] == [[1, 3]]
    resent = export(linked_book)
    assert resent.entries == 3 and resent.resent == 3
    assert resent.packets[0].read_bytes() != lost[0].read_bytes()
    deliver(hq, resent.packets)
    assert acknowledge(hq, linked_book).acknowledged_through == 6
    assert station_status(linked_book)["gaps"] == []


def test_lost_last_packet_is_sent_again_after_any_newer_ack(linked_book: Logbook, hq: Any) -> None:
    """Entries exported but absent from a newer ack are sealed again by the next export."""
    deliver(hq, export(linked_book).packets)
    water(linked_book, 2)
    export(linked_book)  # this packet never reaches HQ
    water(linked_book, 1)
    deliver(hq, export(linked_book).packets)
    ack = acknowledge(hq, linked_book)
    assert ack.acknowledged_through == 1 and ack.gaps == [[2, 3]]
    again = export(linked_book)
    assert again.entries == 2
    deliver(hq, again.packets)
    assert acknowledge(hq, linked_book).acknowledged_through == 4


def test_packets_out_of_order_report_the_gap_then_fill_it(linked_book: Logbook, hq: Any) -> None:
    """A later packet first leaves a gap at HQ; the earlier one arriving afterwards fills it."""
    water(linked_book, 1)
    first = export(linked_book).packets
    water(linked_book, 2)
    second = export(linked_book).packets
    deliver(hq, second)
    log_id = linked_book.config.log_id
    assert hq.holdings("yingen-couple-post", log_id).missing == [[1, 2]]
    assert hq.stations()[0]["missing"] == [[1, 2]]
    deliver(hq, first)
    held = hq.holdings("yingen-couple-post", log_id)
    assert (held.contiguous_through, held.missing, held.held_above) == (4, [], [])


def test_amendment_and_void_keep_hq_current_data(linked_book: Logbook, hq: Any) -> None:
    """HQ's `data`, `voided` and `amendments` columns follow corrections as they arrive."""
    saved = linked_book.add("water_delivery", {"household": "hh-0007", "litres": 800}).entries[0]
    other = linked_book.add("water_delivery", {"household": "hh-0007", "litres": 50}).entries[0]
    deliver(hq, export(linked_book).packets)
    linked_book.amend(saved["id"], {"household": "hh-0007", "litres": 900}, "meter misread")
    linked_book.void(other["id"], "entered twice")
    deliver(hq, export(linked_book).packets)
    rows = {
        r[0]: r[1:]
        for r in hq.db.execute("SELECT id, data, voided, amendments FROM entries").fetchall()
    }
    assert json.loads(rows[saved["id"]][0])["litres"] == 900
    assert rows[saved["id"]][1:] == (0, 1)
    assert rows[other["id"]][1] == 1


def test_amendment_arriving_before_its_target_applies_when_the_target_arrives(
    linked_book: Logbook, hq: Any
) -> None:
    """An amendment imported ahead of its target's packet is applied once the target is held."""
    saved = linked_book.add("water_delivery", {"household": "hh-0007", "litres": 800}).entries[0]
    early = export(linked_book).packets
    linked_book.amend(saved["id"], {"household": "hh-0007", "litres": 650}, "meter misread")
    deliver(hq, export(linked_book).packets)
    deliver(hq, early)
    data, amendments = hq.db.execute(
        "SELECT data, amendments FROM entries WHERE id = ?", (saved["id"],)
    ).fetchone()
    assert json.loads(data)["litres"] == 650 and amendments == 1


def test_long_backlog_leaves_as_several_packets(
    linked_book: Logbook, hq: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A backlog longer than the entry cap is sealed into several packets, all importable."""
    monkeypatch.setattr(sync_station, "MAX_ENTRIES", 4)
    water(linked_book, 9)
    result = export(linked_book)
    assert [len(list(linked_book.entries())), len(result.packets)] == [10, 3]
    outcomes = deliver(hq, result.packets)
    assert [(o.first_seq, o.last_seq) for o in outcomes] == [(1, 4), (5, 8), (9, 10)]
    assert acknowledge(hq, linked_book).acknowledged_through == 10


def test_copy_to_a_stick_copies_unacknowledged_packets(
    linked_book: Logbook, hq: Any, tmp_path: Path
) -> None:
    """`export --copy-to` copies every packet HQ has not acknowledged, byte for byte."""
    first = export(linked_book).packets
    deliver(hq, first)
    acknowledge(hq, linked_book)
    water(linked_book, 1)
    stick = tmp_path / "usb"
    result = export(linked_book, copy_to=stick)
    assert [p.name for p in result.copies] == [p.name for p in result.packets]
    assert result.copies[0].read_bytes() == result.packets[0].read_bytes()


def test_replayed_ack_is_refused_and_changes_nothing(linked_book: Logbook, hq: Any) -> None:
    """Applying the same ack twice is refused as not newer, and the bookkeeping stays as it was."""
    deliver(hq, export(linked_book).packets)
    raw, _ = make_ack(hq, "yingen-couple-post")
    apply_ack(linked_book, raw)
    before = json.dumps(linked_book.config.sync, sort_keys=True)
    with pytest.raises(InputRefused) as refused:
        apply_ack(linked_book, raw)
    assert "not newer" in refused.value.message()
    assert json.dumps(linked_book.config.sync, sort_keys=True) == before


def test_older_ack_after_a_newer_one_changes_nothing(linked_book: Logbook, hq: Any) -> None:
    """An ack older than one already applied is refused; acknowledged_through does not go back."""
    deliver(hq, export(linked_book).packets)
    old, _ = make_ack(hq, "yingen-couple-post")
    water(linked_book, 1)
    deliver(hq, export(linked_book).packets)
    new, _ = make_ack(hq, "yingen-couple-post")
    apply_ack(linked_book, new)
    with pytest.raises(InputRefused):
        apply_ack(linked_book, old)
    assert station_status(linked_book)["acknowledged_through"] == 2


def test_export_without_an_hq_card_says_how_to_get_one(book: Logbook) -> None:
    """A station with no HQ card cannot export and is told the command that fixes it."""
    from outpost.errors import UsageError

    with pytest.raises(UsageError, match="outpost hq-card"):
        export(book)
    assert not (book.folder / "outbox").exists()


def test_lost_resend_is_sealed_again_after_the_next_ack_with_nothing_new(
    linked_book: Logbook, hq: Any
) -> None:
    """When a re-sent packet is lost too, HQ's next ack (with no news) asks for it again."""
    water(linked_book, 1)
    export(linked_book)  # lost
    water(linked_book, 1)
    deliver(hq, export(linked_book).packets)
    assert acknowledge(hq, linked_book).resend == 2
    assert export(linked_book).entries == 2  # this re-send is lost as well
    again = acknowledge(hq, linked_book)
    assert again.resend == 2 and again.gaps == [[1, 2]]
    deliver(hq, export(linked_book).packets)
    assert acknowledge(hq, linked_book).acknowledged_through == 3
