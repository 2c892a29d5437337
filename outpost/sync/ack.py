"""Acks: what HQ holds of one station log, signed by HQ, read and checked by the station.

Byte layout (docs/packet-format.md; the frame is `outpost.sync.frame`'s, with no body after
the header, which is the ack's body)::

    b"OUTPOST-ACK/1\\n" | body length (u32 BE) | body (canonical JSON, <= 4 KiB)
                       | Ed25519 signature (64 bytes) by HQ over every byte before it

The body names HQ and its signing key's fingerprint, the station and its `log_id`, a
`counter` that only grows, `contiguous_through` (the highest seq held with no gap below it),
`hash` (the hash HQ holds at that seq, 64 zeros for 0) and `held_above` (ranges held above it).
"""

from __future__ import annotations

from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from outpost.errors import InputRefused, InvalidEntry
from outpost.model import canonical_bytes
from outpost.model.schema import validate
from outpost.sync.frame import FrameKind, parse_json, read_header, seal_frame, split_frame
from outpost.sync.identity import Card, card_signing_key, key_fingerprint
from outpost.sync.limits import MAX_ACK_BYTES

SUFFIX = ".oack"
_FRAME_REFUSALS: dict[str, tuple[str, dict[str, Any]]] = {
    "short_magic": ("ack.not_ack", {}),
    "not_framed": ("ack.not_ack", {}),
    "header_too_big": ("ack.bad", {"reason": "body over 4 KiB"}),
    "trailing": ("ack.bad", {"reason": "trailing bytes"}),
}
"""Framing faults an ack names otherwise than `ack.<fault>`."""


def _refuse_frame(fault: str, **params: Any) -> InputRefused:
    if fault in _FRAME_REFUSALS:
        key, fixed = _FRAME_REFUSALS[fault]
        return InputRefused(key, **fixed)
    return InputRefused(f"ack.{fault}", **params)


ACK = FrameKind(b"OUTPOST-ACK/", MAX_ACK_BYTES, _refuse_frame)
MAGIC_PREFIX = ACK.prefix
MAGIC = ACK.magic

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
    return seal_frame(ACK, body_bytes, b"", hq_key.sign)


def open_ack(raw: bytes, hq: Card) -> Ack:
    """Check an ack's form and HQ's signature against the HQ card; return its body.

    Whether it is for this station and log, and newer than the last, is for the caller."""
    body_bytes = read_header(raw, ACK)
    frame = split_frame(raw, ACK, body_bytes, 0)
    try:
        card_signing_key(hq).verify(frame.signature, frame.signed)
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
