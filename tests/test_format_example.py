"""The worked example of docs/packet-format.md: its keys, both cards, the packet and the ack
verify as printed (issue 9, #13)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from outpost.model import zone
from outpost.sync.ack import open_ack, seal_ack
from outpost.sync.identity import b64, check_card, key_fingerprint, raw_public
from outpost.sync.packet import open_packet, read_packet, verify_packet

DOC = Path(__file__).resolve().parents[1] / "docs" / "packet-format.md"
EXAMPLE = DOC.read_text(encoding="utf-8").split("## Worked example")[1]
STATION = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
HQ_SIGNING = Ed25519PrivateKey.from_private_bytes(bytes(range(32, 64)))
HQ_SEALING = X25519PrivateKey.from_private_bytes(bytes(range(64, 96)))


def blocks(kind: str) -> list[str]:
    """The fenced blocks of the example of one kind (`json`, or "" for a plain one)."""
    return re.findall(rf"```{kind}\n(.*?)```", EXAMPLE, flags=re.S)


def hex_after(words: str) -> bytes:
    block = EXAMPLE.split(words)[1].split("```")[1]
    return bytes.fromhex(re.sub(r"\s", "", block))


def test_the_printed_keys_are_those_of_the_example_private_keys() -> None:
    """Each public key and fingerprint printed is what the example private key gives."""
    [table] = [b for b in blocks("") if "Ed25519 public" in b]
    for key in (STATION, HQ_SIGNING, HQ_SEALING):
        public = key.public_key()
        assert f"{b64(raw_public(public))}   fingerprint {key_fingerprint(public)}" in table


def test_both_cards_are_valid_cards_of_the_example_keys() -> None:
    """The two cards parse, their fingerprints match their keys, and the keys are the example's."""
    cards = [json.loads(b) for b in blocks("json") if '"card"' in b]
    station, hq = (check_card(c, c["card"], "example") for c in cards)
    assert station["signing_key"] == b64(raw_public(STATION.public_key()))
    assert hq["signing_key"] == b64(raw_public(HQ_SIGNING.public_key()))
    assert hq["encryption_key"] == b64(raw_public(HQ_SEALING.public_key()))


def test_the_packet_and_the_ack_verify_and_agree() -> None:
    """The packet verifies with the station card's key and opens with HQ's; the ack verifies
    with the HQ card, is the one HQ's key gives for its body, and acknowledges the packet."""
    cards = {c["card"]: c for c in (json.loads(b) for b in blocks("json") if '"card"' in b)}
    sealed = read_packet(hex_after("The whole packet, hex"))
    verify_packet(sealed, STATION.public_key())
    opened = open_packet(sealed, HQ_SEALING, zone(cards["outpost-station"]["timezone"]))
    raw_ack = hex_after("The whole ack, hex")
    ack = open_ack(raw_ack, cards["outpost-hq"])
    assert ack["contiguous_through"] == 1 and ack["hash"] == opened.hashes[0]
    assert (ack["station"], ack["log_id"]) == (sealed.header["station"], sealed.header["log_id"])
    remade = seal_ack(
        hq_id=ack["hq"],
        hq_key=HQ_SIGNING,
        station=ack["station"],
        log_id=ack["log_id"],
        counter=ack["counter"],
        created_at=ack["created_at"],
        contiguous_through=ack["contiguous_through"],
        hash_at=ack["hash"],
        held_above=ack["held_above"],
    )
    assert remade == raw_ack
    assert raw_ack[18:-64].decode("utf-8") in EXAMPLE
