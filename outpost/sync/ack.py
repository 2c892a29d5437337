"""Acks: what HQ holds of one station log, signed by HQ, read and checked by the station.

Byte layout (docs/packet-format.md)::

    b"OUTPOST-ACK/1\\n" | body length (u32 BE) | body (canonical JSON, <= 4 KiB)
                       | Ed25519 signature (64 bytes) by HQ over every byte before it

The body names HQ and its signing key's fingerprint, the station and its `log_id`, a
`counter` that only grows, `contiguous_through` (the highest seq held with no gap below it),
`hash` (the hash HQ holds at that seq, 64 zeros for 0) and `held_above` (ranges held above it).
"""

from __future__ import annotations

import struct
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from outpost.errors import InputRefused, InvalidEntry
from outpost.model import canonical_bytes
from outpost.model.schema import validate
from outpost.sync.identity import Card, card_signing_key, key_fingerprint
from outpost.sync.limits import MAX_ACK_BYTES, MAX_HEADER_BYTES
from outpost.sync.packet import parse_json

MAGIC_PREFIX = b"OUTPOST-ACK/"
MAGIC = MAGIC_PREFIX + b"1\n"
SIGNATURE_BYTES = 64
SUFFIX = ".oack"

Ack = dict[str, Any]


def seal_ack(
    *,
    hq_id: str,
    hq_key: Ed25519PrivateKey,
    station: str,
    log_id: str,
    counter: int,
    created_at: str,
    contiguous_through: int,
    hash_at: str,
    held_above: list[list[int]],
) -> bytes:
    """An ack file's bytes, signed by HQ."""
    body = {
        "format": 1,
        "type": "ack",
        "hq": hq_id,
        "hq_key": key_fingerprint(hq_key.public_key()),
        "station": station,
        "log_id": log_id,
        "counter": counter,
        "created_at": created_at,
        "contiguous_through": contiguous_through,
        "hash": hash_at,
        "held_above": held_above,
    }
    body_bytes = canonical_bytes(body)
    signed = MAGIC + struct.pack(">I", len(body_bytes)) + body_bytes
    return signed + hq_key.sign(signed)


def open_ack(raw: bytes, hq: Card) -> Ack:
    """Check an ack's form and HQ's signature against the HQ card; return its body.

    Whether it is for this station and log, and newer than the last, is for the caller."""
    if len(raw) > MAX_ACK_BYTES:
        raise InputRefused("ack.too_big", size=len(raw), limit=MAX_ACK_BYTES)
    if not raw.startswith(MAGIC):
        rest = raw[len(MAGIC_PREFIX) : len(MAGIC_PREFIX) + 12].split(b"\n", 1)
        if raw.startswith(MAGIC_PREFIX) and len(rest) == 2 and rest[0].isdigit():
            raise InputRefused("ack.unsupported", version=rest[0].decode("ascii"))
        raise InputRefused("ack.not_ack")
    at = len(MAGIC)
    if len(raw) < at + 4:
        raise InputRefused("ack.truncated")
    (length,) = struct.unpack(">I", raw[at : at + 4])
    at += 4
    if length > MAX_HEADER_BYTES:
        raise InputRefused("ack.bad", reason="body over 4 KiB")
    if len(raw) < at + length + SIGNATURE_BYTES:
        raise InputRefused("ack.truncated")
    if len(raw) > at + length + SIGNATURE_BYTES:
        raise InputRefused("ack.bad", reason="trailing bytes")
    body_bytes = raw[at : at + length]
    signed, signature = raw[: at + length], raw[at + length :]
    try:
        card_signing_key(hq).verify(signature, signed)
    except InvalidSignature:
        raise InputRefused("ack.bad_signature", hq=hq["id"]) from None
    try:
        body = parse_json(body_bytes)
    except (UnicodeDecodeError, ValueError):
        raise InputRefused("ack.bad", reason="not JSON") from None
    if isinstance(body, dict) and isinstance(body.get("format"), int) and body["format"] != 1:
        raise InputRefused("ack.unsupported", version=body["format"])
    try:
        validate("ack", body)
    except InvalidEntry as exc:
        raise InputRefused("ack.bad", reason=exc.message()) from None
    if body["hq"] != hq["id"]:
        raise InputRefused("ack.other_hq", hq=body["hq"], expected=hq["id"])
    ranges = body["held_above"]
    low = body["contiguous_through"] + 1
    for first, last in ranges:
        if first <= low or last < first:
            raise InputRefused("ack.bad", reason="held ranges out of order")
        low = last + 1
    return dict(body)
