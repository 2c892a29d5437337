"""Canonical bytes, everywhere: HQ refuses any other form of a line, the station normalises
numbers and line separators at entry, and entries stored before keep their bytes and hashes
(issue 9, #13)."""

from __future__ import annotations

import hashlib
import json
import zlib
from typing import Any

import pytest

from outpost.errors import InputRefused
from outpost.hq import import_packet
from outpost.logbook import Logbook
from outpost.model import GENESIS, canonical_bytes
from outpost.sync.frame import seal_frame
from outpost.sync.identity import card_encryption_key, key_fingerprint
from outpost.sync.packet import INFO_LABEL, PACKET, SUITE
from outpost.sync.station import station_key

LOG_ID = "0123456789abcdef0123456789abcdef"


def loose(obj: Any) -> bytes:
    """The same JSON value, not in canonical form (spaces after `:` and `,`)."""
    return json.dumps(obj, sort_keys=True, ensure_ascii=False).encode("utf-8")


def forged(
    book: Logbook, hq: Any, lines: list[bytes], manifest_form: Any = canonical_bytes
) -> bytes:
    """A packet signed with the station's real key whose entry lines are `lines` exactly, with
    the header's `last_hash` over those bytes: what a station bug or a key holder could send."""
    key = station_key(book)
    first = json.loads(lines[0])["seq"]
    identity = {
        "station": book.config.station_id,
        "station_key": key_fingerprint(key.public_key()),
        "log_id": book.config.log_id,
        "hq": hq.card["id"],
        "hq_key": key_fingerprint(card_encryption_key(hq.card)),
        "packet_id": "fedcba9876543210fedcba9876543210",
        "first_seq": first,
        "last_seq": first + len(lines) - 1,
        "count": len(lines),
        "last_hash": hashlib.sha256(lines[-1]).hexdigest(),
    }
    plaintext = b"\n".join([manifest_form({"type": "manifest", **identity}), *lines]) + b"\n"
    body = zlib.compress(plaintext)
    header = {
        "format": 1,
        "type": "packet",
        **identity,
        "created_at": "2026-11-26T18:00:00+08:00",
        "compression": "zlib",
        "compressed_size": len(body),
        "plaintext_size": len(plaintext),
    }
    header_bytes = canonical_bytes(header)
    sealed = SUITE.encrypt(body, card_encryption_key(hq.card), info=INFO_LABEL + header_bytes)
    return seal_frame(PACKET, header_bytes, sealed, key.sign)


def chained_loosely(book: Logbook) -> list[bytes]:
    """The book's entries as non-canonical lines, each `prev` the hash of the loose line before."""
    lines, prev = [], GENESIS
    for entry in book.entries():
        line = loose(dict(entry, prev=prev))
        lines.append(line)
        prev = hashlib.sha256(line).hexdigest()
    return lines


def archive_rows(hq: Any) -> list[str]:
    # less the note of a refused packet: `refused_packets` keeps what HQ refused, not what it holds
    return [line for line in hq.db.iterdump() if 'INSERT INTO "refused_packets"' not in line]


def test_hq_refuses_entry_lines_not_in_canonical_form(linked_book: Logbook, hq: Any) -> None:
    """Lines whose chain was computed over their own non-canonical bytes are still refused."""
    linked_book.add("water_delivery", {"household": "hh-0007", "litres": 800})
    before = archive_rows(hq)
    with pytest.raises(InputRefused, match="entry 1 in the packet is invalid: not in canonical"):
        import_packet(hq, forged(linked_book, hq, chained_loosely(linked_book)))
    assert archive_rows(hq) == before


def test_hq_refuses_a_manifest_not_in_canonical_form(linked_book: Logbook, hq: Any) -> None:
    """A manifest equal to the header in value but not in canonical form is refused."""
    lines = [canonical_bytes(e) for e in linked_book.entries()]
    before = archive_rows(hq)
    with pytest.raises(InputRefused, match="manifest"):
        import_packet(hq, forged(linked_book, hq, lines, manifest_form=loose))
    assert archive_rows(hq) == before


def test_canonical_lines_made_the_same_way_are_taken(linked_book: Logbook, hq: Any) -> None:
    """The same forger with canonical lines makes a packet HQ imports: only the form is refused."""
    lines = [canonical_bytes(e) for e in linked_book.entries()]
    assert import_packet(hq, forged(linked_book, hq, lines)).new_entries == 1


def test_a_packet_sealed_to_another_key_of_this_hq_names_both_keys(
    linked_book: Logbook, hq: Any, tmp_path: Any
) -> None:
    """Same HQ id, another X25519 key (an old or a forged card): the refusal says the key differs
    and shows both fingerprints (not "sealed for HQ alxa-brigade, not for (alxa-brigade)")."""
    from outpost.hq import HqArchive
    from outpost.sync.packet import seal_packet

    other = HqArchive.create(
        tmp_path / "other-hq",
        hq_id=hq.id,
        name="x",
        passphrase=b"another passphrase",
        clock=hq.clock,
    )
    raw = seal_packet(
        list(linked_book.entries()),
        station_key=station_key(linked_book),
        log_id=linked_book.config.log_id,
        hq_card=other.card,
        created_at="2026-11-26T18:00:00+08:00",
    )
    other.close()
    theirs = key_fingerprint(card_encryption_key(other.card))
    ours = key_fingerprint(card_encryption_key(hq.card))
    with pytest.raises(InputRefused) as refused:
        import_packet(hq, raw)
    message = refused.value.message()
    assert theirs in message and ours in message and "key" in message


@pytest.mark.parametrize(
    ("data", "token", "carried"),
    [
        ({"household_id": "hh-0007", "head": "X", "gacha": "查干嘎查"}, b'"X"', b'"\\ud800"'),
        (
            {"items": [{"medicine": "阿莫西林", "quantity": 1, "unit": "盒"}]},
            b'"quantity":1,',
            b'"quantity":1e400,',
        ),
    ],
    ids=["lone-surrogate", "infinity"],
)
def test_a_line_no_canonical_form_exists_for_is_refused_not_a_crash(
    linked_book: Logbook, hq: Any, data: dict[str, Any], token: bytes, carried: bytes
) -> None:
    """A signed line holding `\\ud800` or `1e400` has no canonical form: one refusal, no crash."""
    [first] = linked_book.entries(1, 1)
    kind = "household" if "head" in data else "medicine_stock"
    line = canonical_bytes(dict(first, kind=kind, data=data)).replace(token, carried, 1)
    assert carried in line
    before = archive_rows(hq)
    with pytest.raises(InputRefused, match="entry 1 in the packet is invalid"):
        import_packet(hq, forged(linked_book, hq, [line]))
    assert archive_rows(hq) == before
