"""Acks a station can always read: HQ lists what fits and says what it left off (issue 9, #13)."""

from __future__ import annotations

from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from outpost.errors import InputRefused
from outpost.hq import make_ack
from outpost.hq.importer import import_packets
from outpost.logbook import Draft, Logbook
from outpost.model import canonical_bytes
from outpost.sync.ack import open_ack, seal_ack
from outpost.sync.identity import hq_card
from outpost.sync.limits import MAX_ACK_BODY_BYTES, MAX_ACK_BYTES, MAX_RANGES
from outpost.sync.packet import seal_packet
from outpost.sync.station import export, station_key
from outpost.sync.station_acks import apply_ack
from outpost.sync.status import SyncBook

ENTRIES = 1_100
"""Every other seq from 3 held by HQ: 549 ranges above seq 1 (the finding's station had 551
single-entry packets), more than one ack lists. Importing 550 real packets takes ~4 s."""


def deliver(book: Logbook, hq: Any, runs: list[tuple[int, int]], tmp: Any) -> None:
    """Seal each run of seqs into its own real packet and import them all at HQ."""
    key = station_key(book)
    folder = tmp / "stick"
    folder.mkdir(exist_ok=True)
    paths = []
    for first, last in runs:
        raw = seal_packet(
            list(book.entries(first, last)),
            station_key=key,
            log_id=book.config.log_id,
            hq_card=hq.card,
            created_at="2026-11-26T18:00:00+08:00",
        )
        path = folder / f"p{first:06d}.opk"
        path.write_bytes(raw)
        paths.append(path)
    outcomes = list(import_packets(hq, paths))
    assert all(getattr(result, "status", None) == "new" for _, result in outcomes)
    for path in paths:
        path.unlink()


def test_an_ack_over_hundreds_of_gaps_is_read_and_closes_them_in_turn(
    linked_book: Logbook, hq: Any, tmp_path: Any
) -> None:
    """With 549 ranges held above the contiguous part, HQ's ack fits the cap, the station
    applies it and is due the gaps below the first range left off; once HQ holds those, the
    next ack lists the rest, and one more round closes the log."""
    book = linked_book
    book.add_many(
        Draft("water_delivery", {"household": "hh-0007", "litres": n + 1})
        for n in range(ENTRIES - 1)
    )
    export(book)  # everything sealed once; that packet is lost on the way
    deliver(book, hq, [(s, s) for s in [1, *range(3, ENTRIES + 1, 2)]], tmp_path)

    raw, _ = make_ack(hq, book.config.station_id)
    assert len(raw) <= MAX_ACK_BYTES
    result = apply_ack(book, raw)
    sync = SyncBook.of(book)
    assert result.acknowledged_through == 1
    assert len(sync.held_above) == MAX_RANGES
    listed_top = sync.held_above[-1][1]
    assert listed_top == 3 + 2 * (MAX_RANGES - 1)
    # The gaps below the first range left off are due; what lies above is not counted missing.
    assert sync.due == [[s, s] for s in range(2, listed_top + 2, 2)]

    rounds = 0
    while sync.due:
        rounds += 1
        assert rounds <= 3
        # One packet over the whole due stretch (HQ takes what it lacks from it).
        deliver(book, hq, [(sync.due[0][0], sync.due[-1][1])], tmp_path)
        apply_ack(book, make_ack(hq, book.config.station_id)[0])
        sync = SyncBook.of(book)
    assert rounds == 2
    assert sync.acknowledged_through == ENTRIES and sync.held_above == []
    assert hq.holdings(book.config.station_id, book.config.log_id).missing == []


@pytest.fixture
def hq_keys() -> tuple[Ed25519PrivateKey, dict[str, Any]]:
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    signing = Ed25519PrivateKey.generate()
    card = hq_card(
        "alxa-brigade",
        "HQ",
        signing.public_key(),
        X25519PrivateKey.generate().public_key(),
        "2026-11-26T18:00:00+08:00",
    )
    return signing, card


def test_the_largest_ack_hq_can_write_fits_the_cap(hq_keys: Any) -> None:
    """The longest ids, the largest seqs and more ranges than listed still make a readable ack."""
    signing, card = hq_keys
    top = 2**63 - 1
    ranges = [[top - 4 * i - 1, top - 4 * i] for i in range(2 * MAX_RANGES, 0, -1)]
    raw = seal_ack(
        hq_id=card["id"],
        hq_key=signing,
        station="s" * 63,
        log_id="f" * 32,
        counter=top,
        created_at="2026-11-26T18:00:00.123456+08:00",
        contiguous_through=top - 8 * MAX_RANGES - 10,
        hash_at="a" * 64,
        held_above=ranges,
    )
    body = open_ack(raw, card)
    assert len(body["held_above"]) == MAX_RANGES
    assert body["unlisted_ranges"] == MAX_RANGES
    assert body["unlisted_from"] == ranges[MAX_RANGES][0]
    assert len(canonical_bytes(body)) <= MAX_ACK_BODY_BYTES


def test_an_ack_whose_listing_stops_inside_a_listed_range_is_refused(hq_keys: Any) -> None:
    """`unlisted_from` must lie above the last listed range."""
    signing, card = hq_keys
    raw = seal_ack(
        hq_id=card["id"],
        hq_key=signing,
        station="yingen-couple-post",
        log_id="f" * 32,
        counter=1,
        created_at="2026-11-26T18:00:00+08:00",
        contiguous_through=1,
        hash_at="a" * 64,
        held_above=[[3, 3]] * (MAX_RANGES + 1),
    )
    with pytest.raises(InputRefused, match="out of order"):
        open_ack(raw, card)


def signed_body(signing: Ed25519PrivateKey, body: bytes) -> bytes:
    """An ack file around `body`, correctly signed by HQ's key."""
    from outpost.sync.ack import ACK
    from outpost.sync.frame import seal_frame

    return seal_frame(ACK, body, b"", signing.sign)


def honest_body(signing: Ed25519PrivateKey, card: dict[str, Any]) -> dict[str, Any]:
    raw = seal_ack(
        hq_id=card["id"],
        hq_key=signing,
        station="yingen-couple-post",
        log_id="f" * 32,
        counter=1,
        created_at="2026-11-26T18:00:00+08:00",
        contiguous_through=1,
        hash_at="a" * 64,
        held_above=[[3, 4]],
    )
    return open_ack(raw, card)


def test_a_signed_ack_body_not_in_canonical_form_is_refused(hq_keys: Any) -> None:
    """HQ's signature over a body with spaces in it does not make the body canonical."""
    import json

    signing, card = hq_keys
    body = json.dumps(honest_body(signing, card), sort_keys=True).encode()
    with pytest.raises(InputRefused, match="not in canonical form"):
        open_ack(signed_body(signing, body), card)


def test_a_signed_ack_naming_another_hq_key_is_refused(hq_keys: Any) -> None:
    """`hq_key` must be the fingerprint of the HQ card's signing key."""
    signing, card = hq_keys
    body = dict(honest_body(signing, card), hq_key="AAAA-AAAA-AAAA-AAAA")
    with pytest.raises(InputRefused, match="AAAA-AAAA-AAAA-AAAA"):
        open_ack(signed_body(signing, canonical_bytes(body)), card)
