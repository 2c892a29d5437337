"""The packet format as docs/packet-format.md specifies it: the worked example, bounds, binding."""

from __future__ import annotations

import hashlib
import json
import re
import struct
import zlib
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from outpost.errors import InputRefused
from outpost.model import GENESIS, build_entry, canonical_bytes, zone
from outpost.sync.identity import fingerprint, hq_card, raw_public
from outpost.sync.packet import (
    INFO_LABEL,
    MAGIC,
    SUITE,
    SealedPacket,
    open_packet,
    read_packet,
    seal_packet,
    verify_packet,
)

DOC = Path(__file__).resolve().parents[1] / "docs" / "packet-format.md"
TZ = zone("Asia/Shanghai")
STATION = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
HQ_SIGNING = Ed25519PrivateKey.from_private_bytes(bytes(range(32, 64)))
HQ_SEALING = X25519PrivateKey.from_private_bytes(bytes(range(64, 96)))
CARD = hq_card(
    "alxa-brigade",
    "阿拉善左旗边境管理大队",
    HQ_SIGNING.public_key(),
    HQ_SEALING.public_key(),
    "2026-11-26T00:00:00+00:00",
)


def entries(count: int) -> list[dict[str, object]]:
    made: list[dict[str, object]] = []
    prev = GENESIS
    for seq in range(1, count + 1):
        entry = build_entry(
            station="yingen-couple-post",
            seq=seq,
            prev=prev,
            kind="water_delivery",
            data={"household": "hh-0007", "litres": 800},
            occurred_at="2026-11-26T09:30:00+08:00",
            recorded_at="2026-11-26T09:41:12+08:00",
            officers=["张伟"],
        )
        prev = hashlib.sha256(canonical_bytes(entry)).hexdigest()
        made.append(entry)
    return made


def seal(items: list[dict[str, object]]) -> bytes:
    return seal_packet(
        items,
        station_key=STATION,
        log_id="0123456789abcdef0123456789abcdef",
        hq_card=CARD,
        created_at="2026-11-26T18:00:00+08:00",
    )


def body_of(sealed: SealedPacket) -> bytes:
    """The plaintext body of a packet (opened with the example HQ key, no checks)."""
    return zlib.decompress(
        SUITE.decrypt(sealed.ciphertext, HQ_SEALING, info=INFO_LABEL + sealed.header_bytes)
    )


def resealed(base: SealedPacket, plaintext: bytes, compressed: bytes | None = None) -> bytes:
    """A packet with `base`'s header but another body, correctly sealed and signed: what only
    a holder of the station's key could make."""
    body = compressed if compressed is not None else zlib.compress(plaintext)
    header = dict(base.header, compressed_size=len(body), plaintext_size=len(plaintext))
    header_bytes = canonical_bytes(header)
    ciphertext = SUITE.encrypt(body, HQ_SEALING.public_key(), info=INFO_LABEL + header_bytes)
    signed = MAGIC + struct.pack(">I", len(header_bytes)) + header_bytes + ciphertext
    return signed + STATION.sign(signed)


def test_worked_example_of_the_spec_opens_with_the_reference_reader() -> None:
    """The hex packet printed in docs/packet-format.md verifies and opens to one entry."""
    text = DOC.read_text(encoding="utf-8")
    block = text.split("The whole packet, hex")[1].split("```")[1]
    raw = bytes.fromhex(re.sub(r"\s", "", block))
    sealed = read_packet(raw)
    verify_packet(sealed, STATION.public_key())
    opened = open_packet(sealed, HQ_SEALING, TZ)
    assert opened.entries[0]["data"] == {"household": "hh-0007", "litres": 800, "note": "旱情"}
    assert opened.hashes[0] == sealed.header["last_hash"]
    assert sealed.header["station_key"] in text


def test_fingerprint_is_four_groups_of_base32() -> None:
    """A fingerprint reads as four groups of four base32 characters."""
    assert re.fullmatch(
        r"[A-Z2-7]{4}(-[A-Z2-7]{4}){3}", fingerprint(raw_public(STATION.public_key()))
    )


def test_header_moved_onto_another_body_does_not_open() -> None:
    """A header re-signed over another packet's ciphertext fails HPKE, which binds the header."""
    one, two = read_packet(seal(entries(1))), read_packet(seal(entries(2)))
    header = dict(
        one.header,
        compressed_size=two.header["compressed_size"],
        plaintext_size=two.header["plaintext_size"],
    )
    header_bytes = canonical_bytes(header)
    signed = MAGIC + struct.pack(">I", len(header_bytes)) + header_bytes + two.ciphertext
    swapped = read_packet(signed + STATION.sign(signed))
    with pytest.raises(InputRefused, match="cannot be decrypted"):
        open_packet(swapped, HQ_SEALING, TZ)


def test_decompression_bomb_stops_at_the_announced_size() -> None:
    """A signed body inflating past its announced plaintext size is refused as a bomb."""
    bomb = zlib.compress(b"\n" * 10_000_000, 9)
    sealed = read_packet(resealed(read_packet(seal(entries(1))), b"\n" * 1000, compressed=bomb))
    with pytest.raises(InputRefused, match="beyond its announced size"):
        open_packet(sealed, HQ_SEALING, TZ)


def test_manifest_disagreeing_with_its_header_is_refused() -> None:
    """A body whose manifest names other seqs than the header is refused."""
    honest = read_packet(seal(entries(2)))
    tampered = body_of(honest).replace(b'"first_seq":1', b'"first_seq":2', 1)
    with pytest.raises(InputRefused, match="manifest disagrees"):
        open_packet(read_packet(resealed(honest, tampered)), HQ_SEALING, TZ)


@pytest.mark.parametrize("cut", [0, 5, 17, 20, 100, 400, -65, -1])
def test_truncation_anywhere_is_refused(cut: int) -> None:
    """A packet cut at any of these offsets is refused by the outer checks."""
    raw = seal(entries(2))
    with pytest.raises(InputRefused):
        read_packet(raw[:cut] if cut else b"")


def test_entry_line_in_another_form_than_canonical_is_refused() -> None:
    """A signed packet whose entry line is not canonical JSON is refused."""
    items = entries(1)
    loose = json.dumps(items[0], ensure_ascii=False).encode("utf-8")  # spaces, unsorted keys
    honest = read_packet(seal(items))
    manifest = body_of(honest).split(b"\n")[0]
    with pytest.raises(InputRefused, match="entry 1 in the packet is invalid: not in canonical"):
        open_packet(read_packet(resealed(honest, manifest + b"\n" + loose + b"\n")), HQ_SEALING, TZ)


@pytest.mark.parametrize(
    "line",
    [b'{"seq": NaN}', b"[" * 100_000 + b"]" * 100_000],
    ids=["nan", "deep-nesting"],
)
def test_signed_entry_line_that_is_not_strict_json_is_refused(line: bytes) -> None:
    """NaN, or nesting deep enough to exhaust the stack, is refused, naming the bound."""
    honest = read_packet(seal(entries(1)))
    manifest = body_of(honest).split(b"\n")[0]
    packet = resealed(honest, manifest + b"\n" + line + b"\n")
    bound = "(NaN is not a finite number|nested deeper than 32 levels)"
    with pytest.raises(InputRefused, match=f"entry 1 in the packet is invalid: {bound}"):
        open_packet(read_packet(packet), HQ_SEALING, TZ)
