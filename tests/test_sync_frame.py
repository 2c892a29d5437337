"""Packets and acks share one frame reader (`outpost.sync.frame`); each names a framing fault
in its own words, as it did when each read its own frame."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from outpost.errors import InputRefused
from outpost.sync.ack import ACK
from outpost.sync.frame import (
    LENGTH,
    SIGNATURE_BYTES,
    FrameKind,
    read_header,
    seal_frame,
    split_frame,
)
from outpost.sync.packet import PACKET

HEADER = b'{"format":1}'
BODY = b"sealed body"


def framed(kind: FrameKind, body: bytes = BODY) -> bytes:
    return seal_frame(kind, HEADER, body, Ed25519PrivateKey.generate().sign)


def refusal(
    kind: FrameKind, raw: bytes, body_size: int = len(BODY)
) -> tuple[str, dict[str, object]]:
    with pytest.raises(InputRefused) as caught:
        split_frame(raw, kind, read_header(raw, kind), body_size)
    return caught.value.key, caught.value.params


def test_a_sealed_frame_reads_back_into_its_parts() -> None:
    """Header, body, signed bytes and signature come back as sealed; the signature verifies."""
    key = Ed25519PrivateKey.generate()
    raw = seal_frame(PACKET, HEADER, BODY, key.sign)
    frame = split_frame(raw, PACKET, read_header(raw, PACKET), len(BODY))
    assert (frame.header_bytes, frame.body) == (HEADER, BODY)
    assert frame.signed + frame.signature == raw and len(frame.signature) == SIGNATURE_BYTES
    key.public_key().verify(frame.signature, frame.signed)


@pytest.mark.parametrize(
    ("kind", "expected"),
    [(PACKET, ("packet.truncated", {})), (ACK, ("ack.not_ack", {}))],
)
def test_a_file_cut_inside_the_magic_line(
    kind: FrameKind, expected: tuple[str, dict[str, object]]
) -> None:
    """A packet cut inside its magic line is truncated; an ack so cut is no ack."""
    assert refusal(kind, kind.magic[:5]) == expected


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (PACKET, ("packet.trailing", {"extra": 3})),
        (ACK, ("ack.bad", {"reason": "trailing bytes"})),
    ],
)
def test_bytes_after_the_signature(
    kind: FrameKind, expected: tuple[str, dict[str, object]]
) -> None:
    """Bytes after the signature are refused, each kind in its own words."""
    body = BODY if kind is PACKET else b""
    assert refusal(kind, framed(kind, body) + b"xyz", len(body)) == expected


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (PACKET, ("packet.header_too_big", {"size": 4097, "limit": 4096})),
        (ACK, ("ack.bad", {"reason": "body over 32768 bytes"})),
    ],
)
def test_a_header_announced_over_its_cap(
    kind: FrameKind, expected: tuple[str, dict[str, object]]
) -> None:
    """A header (an ack's body) length over the kind's cap is refused before it is read."""
    raw = kind.magic + LENGTH.pack(kind.max_header + 1) + b"x" * 100
    assert refusal(kind, raw) == expected


@pytest.mark.parametrize(("kind", "name"), [(PACKET, "packet"), (ACK, "ack")])
def test_other_versions_and_strangers(kind: FrameKind, name: str) -> None:
    """Another version of the magic is "unsupported", a file without it is not of the kind, a
    file stopping inside the length or header is truncated."""
    raw = framed(kind)
    assert refusal(kind, kind.prefix + b"9\n" + raw[len(kind.magic) :]) == (
        f"{name}.unsupported",
        {"version": "9"},
    )
    assert refusal(kind, b"PK\x03\x04 a zip file")[0] == f"{name}.not_{name}"
    assert refusal(kind, raw[: len(kind.magic) + 2]) == (f"{name}.truncated", {})
    assert refusal(kind, raw[: len(kind.magic) + 6]) == (f"{name}.truncated", {})
