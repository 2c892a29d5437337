"""Acks at the station: forged, misdirected or disagreeing acks are refused and change nothing."""

from __future__ import annotations

import json
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from outpost.errors import Conflict, InputRefused, OutpostError
from outpost.hq import import_packet
from outpost.logbook import Logbook
from outpost.model import GENESIS, entry_hash
from outpost.sync.ack import seal_ack
from outpost.sync.station import export
from outpost.sync.station_acks import apply_ack


def hq_ack(hq: Any, book: Logbook, key: Any = None, **changes: Any) -> bytes:
    """An ack as HQ would sign it (or as `key` signs it), with fields changed."""
    fields: dict[str, Any] = {
        "hq_id": hq.id,
        "hq_key": key or hq.keys.signing,
        "station": book.config.station_id,
        "log_id": book.config.log_id,
        "counter": 1,
        "created_at": "2026-11-26T10:00:00+00:00",
        "contiguous_through": 1,
        "hash_at": entry_hash(next(book.entries(1, 1))),
        "held_above": [],
    }
    fields.update(changes)
    return seal_ack(**fields)


def refused_unchanged(book: Logbook, raw: bytes, error: type[OutpostError], words: str) -> None:
    before = json.dumps(book.config.sync, sort_keys=True)
    on_disk = (book.folder / "station.json").read_bytes()
    with pytest.raises(error) as refusal:
        apply_ack(book, raw)
    assert words in refusal.value.message()
    assert json.dumps(book.config.sync, sort_keys=True) == before
    assert (book.folder / "station.json").read_bytes() == on_disk


def test_genuine_ack_is_applied(linked_book: Logbook, hq: Any) -> None:
    """The reference ack of these tests is accepted (so each refusal below is for its change)."""
    result = apply_ack(linked_book, hq_ack(hq, linked_book))
    assert result.acknowledged_through == 1


def test_ack_signed_by_another_hq_is_refused(linked_book: Logbook, hq: Any) -> None:
    """An ack signed with a key other than the HQ card's is refused."""
    forged = hq_ack(hq, linked_book, key=Ed25519PrivateKey.generate())
    refused_unchanged(linked_book, forged, InputRefused, "not signed by HQ alxa-brigade")


def test_ack_for_another_station_is_refused(linked_book: Logbook, hq: Any) -> None:
    """An ack naming another station is refused."""
    raw = hq_ack(hq, linked_book, station="other-post")
    refused_unchanged(linked_book, raw, InputRefused, "station other-post")


def test_ack_for_another_log_is_refused(linked_book: Logbook, hq: Any) -> None:
    """An ack for an older log of this station (a reinstalled laptop) is refused."""
    raw = hq_ack(hq, linked_book, log_id="0" * 32)
    refused_unchanged(linked_book, raw, InputRefused, "log 00000000")


def alarm_kept(book: Logbook, raw: bytes, words: str) -> dict[str, Any]:
    """Apply a disagreeing ack: Conflict, and the alarm is the only change to the bookkeeping
    (kept once, however often the same ack is brought)."""
    before = dict(book.config.sync)
    for _ in range(2):
        with pytest.raises(Conflict) as refusal:
            apply_ack(book, raw)
        assert words in refusal.value.message()
    after = dict(book.config.sync)
    [alarm] = after.pop("alarms")
    before.pop("alarms", None)
    assert {k: v for k, v in after.items() if k in before} == before
    return alarm  # type: ignore[no-any-return]


def test_ack_whose_hash_disagrees_raises_an_alarm(linked_book: Logbook, hq: Any) -> None:
    """An ack holding another hash at the acknowledged seq is a conflict (exit 4) whose alarm
    status goes on showing."""
    raw = hq_ack(hq, linked_book, hash_at="a" * 64)
    alarm = alarm_kept(linked_book, raw, "ALARM")
    assert alarm["kind"] == "hash_mismatch" and alarm["hq_hash"] == "a" * 64


def test_ack_claiming_entries_the_log_never_had_raises_an_alarm(
    linked_book: Logbook, hq: Any
) -> None:
    """An ack that says HQ holds entries beyond this log's end is a conflict (exit 4)."""
    raw = hq_ack(hq, linked_book, held_above=[[5, 9]])
    alarm = alarm_kept(linked_book, raw, "ALARM")
    assert alarm["kind"] == "beyond_log" and alarm["seq"] == 9


def test_tampered_ack_is_refused(linked_book: Logbook, hq: Any) -> None:
    """Any changed byte of an ack's body breaks HQ's signature."""
    raw = bytearray(hq_ack(hq, linked_book))
    at = raw.index(b'"counter":1')
    raw[at + 10] = ord("9")
    refused_unchanged(linked_book, bytes(raw), InputRefused, "not signed")


def test_truncated_ack_is_refused(linked_book: Logbook, hq: Any) -> None:
    """An ack cut short is refused as truncated."""
    raw = hq_ack(hq, linked_book)
    refused_unchanged(linked_book, raw[:-5], InputRefused, "cut short")


def test_ack_with_nothing_held_asks_for_everything_again(linked_book: Logbook, hq: Any) -> None:
    """An ack saying HQ holds nothing makes every exported entry due again."""
    export(linked_book)
    raw = hq_ack(hq, linked_book, contiguous_through=0, hash_at=GENESIS)
    assert apply_ack(linked_book, raw).resend == 1
    again = export(linked_book)
    assert again.entries == 1
    assert import_packet(hq, again.packets[0].read_bytes()).new_entries == 1
