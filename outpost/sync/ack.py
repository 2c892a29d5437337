"""Acks: what HQ holds of one station log, signed by HQ, read and checked by the station.

Byte layout (docs/packet-format.md; the frame is `outpost.sync.frame`'s, with no body after
the header, which is the ack's body)::

    b"OUTPOST-ACK/1\\n" | body length (u32 BE) | body (canonical JSON, <= 32 KiB)
                       | Ed25519 signature (64 bytes) by HQ over every byte before it

The body names HQ and its signing key's fingerprint, the station and its `log_id`, a
`counter` that only grows, `contiguous_through` (the highest seq held with no gap below it),
`hash` (the hash HQ holds at that seq, 64 zeros for 0) and `held_above` (ranges held above it:
the lowest MAX_RANGES of them; when HQ holds more, `unlisted_from` and `unlisted_ranges` say
where the listing stops and how many ranges it left off, so every ack fits the body cap).
"""

from __future__ import annotations

from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from outpost.errors import InputRefused, InvalidEntry
from outpost.model import canonical_bytes
from outpost.model.canonical import is_canonical
from outpost.model.schema import validate
from outpost.sync.frame import FrameKind, parse_json, read_header, seal_frame, split_frame
from outpost.sync.identity import Card, card_signing_key, key_fingerprint
from outpost.sync.limits import MAX_ACK_BODY_BYTES, MAX_ACK_BYTES, MAX_RANGES

SUFFIX = ".oack"
_FRAME_REFUSALS: dict[str, tuple[str, dict[str, Any]]] = {
    "short_magic": ("ack.not_ack", {}),
    "not_framed": ("ack.not_ack", {}),
    "header_too_big": ("ack.bad", {"reason": f"body over {MAX_ACK_BODY_BYTES} bytes"}),
    "trailing": ("ack.bad", {"reason": "trailing bytes"}),
}
"""Framing faults an ack names otherwise than `ack.<fault>`."""


def _refuse_frame(fault: str, **params: Any) -> InputRefused:
    if fault in _FRAME_REFUSALS:
        key, fixed = _FRAME_REFUSALS[fault]
        return InputRefused(key, **fixed)
    return InputRefused(f"ack.{fault}", **params)


ACK = FrameKind(b"OUTPOST-ACK/", MAX_ACK_BYTES, MAX_ACK_BODY_BYTES, _refuse_frame)
MAGIC_PREFIX = ACK.prefix
MAGIC = ACK.magic

Ack = dict[str, Any]


def listing(held_above: list[list[int]]) -> dict[str, Any]:
    """The `held_above` an ack carries for these ranges (sorted, not touching): the lowest
    MAX_RANGES, and when more are held, where the first one left off starts and how many
    were left off. The station seals the gaps below `unlisted_from` again; once HQ holds
    them, the next ack lists the ranges above."""
    listed: dict[str, Any] = {"held_above": held_above[:MAX_RANGES]}
    rest = held_above[MAX_RANGES:]
    if rest:
        listed |= {"unlisted_from": rest[0][0], "unlisted_ranges": len(rest)}
    return listed


def described_through(body: Ack) -> int | None:
    """The highest seq an opened ack tells about (None: all of them): above it, HQ may hold
    ranges it did not list, so the station neither counts them held nor seals them again."""
    start = body.get("unlisted_from")
    return None if start is None else int(start) - 1


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
    """An ack file's bytes, signed by HQ; `held_above` is every range HQ holds above
    `contiguous_through + 1` (the ack lists what fits: `listing`)."""
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
        **listing(held_above),
    }
    body_bytes = canonical_bytes(body)
    if len(body_bytes) > MAX_ACK_BODY_BYTES:  # not reachable with valid ids and seqs
        raise ValueError("ack body over MAX_ACK_BODY_BYTES")
    return seal_frame(ACK, body_bytes, b"", hq_key.sign)


def open_ack(raw: bytes, hq: Card) -> Ack:
    """Check an ack's form and HQ's signature against the HQ card; return its body.

    The checks run in the order of docs/packet-format.md ("What a station checks, in order"),
    steps 1-9; whether it is for this station and log, newer than the last, and true of this
    log (steps 10-13) is for the caller."""
    body_bytes = read_header(raw, ACK)
    frame = split_frame(raw, ACK, body_bytes, 0)
    signing_key = card_signing_key(hq)
    try:
        signing_key.verify(frame.signature, frame.signed)
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
    if not is_canonical(body, body_bytes):
        raise InputRefused("ack.bad", reason="body not in canonical form")
    if body["hq"] != hq["id"]:
        raise InputRefused("ack.other_hq", hq=body["hq"], expected=hq["id"])
    own_key = key_fingerprint(signing_key)
    if body["hq_key"] != own_key:
        raise InputRefused("ack.other_hq_key", fp=body["hq_key"], expected=own_key)
    _check_ranges(body)
    return dict(body)


def _check_ranges(body: Ack) -> None:
    """`held_above`: sorted, not touching, above `contiguous_through + 1`; `unlisted_from`
    (with `unlisted_ranges`, both or neither) above the last listed range, not touching it."""
    low = body["contiguous_through"] + 1
    for first, last in body["held_above"]:
        if first <= low or last < first:
            raise InputRefused("ack.bad", reason="held ranges out of order")
        low = last + 1
    if ("unlisted_from" in body) != ("unlisted_ranges" in body):
        raise InputRefused("ack.bad", reason="unlisted_from without unlisted_ranges")
    if "unlisted_from" in body and body["unlisted_from"] <= low:
        raise InputRefused("ack.bad", reason="held ranges out of order")
