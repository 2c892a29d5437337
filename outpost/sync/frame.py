"""The frame shared by packets and acks: magic line, header length, header, body, signature.

Byte layout (docs/packet-format.md)::

    b"OUTPOST-<KIND>/1\\n" | header length (u32 BE) | header (canonical JSON, capped per kind)
                          | body (a packet's ciphertext; an ack has none)
                          | Ed25519 signature (64 bytes) over every byte before it

Reading is in two steps, since only the header says how long the body is: `read_header`
(size cap, magic and version, header length), then `split_frame` (the file ends right after the
body and the signature). Each kind names every fault in its own words (`FrameKind.refuse`).
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from dataclasses import dataclass

from outpost.errors import InputRefused
from outpost.model.bounds import read_json
from outpost.sync.limits import SIGNATURE_BYTES

LENGTH = struct.Struct(">I")

Refuse = Callable[..., InputRefused]
"""`refuse(fault, **params)`: a kind's refusal for a framing fault. The faults are
`too_big` (size, limit), `unsupported` (version), `short_magic` (the file stops inside the
magic line), `not_framed` (no magic at all), `truncated`, `header_too_big` (size, limit) and
`trailing` (extra)."""


@dataclass(frozen=True)
class FrameKind:
    """One kind of framed file: its magic line's prefix, its size caps, its refusals."""

    prefix: bytes
    max_bytes: int
    max_header: int
    """The header (an ack's body) is at most this long."""
    refuse: Refuse

    @property
    def magic(self) -> bytes:
        """The magic line of version 1, the only version there is."""
        return self.prefix + b"1\n"


@dataclass(frozen=True)
class Frame:
    """A framed file cut into its parts, nothing in it checked beyond the lengths."""

    header_bytes: bytes
    body: bytes
    signed: bytes
    """Every byte before the signature."""
    signature: bytes


def seal_frame(
    kind: FrameKind, header_bytes: bytes, body: bytes, sign: Callable[[bytes], bytes]
) -> bytes:
    """The framed file's bytes: magic, length, header and body, then `sign` of all of them."""
    signed = kind.magic + LENGTH.pack(len(header_bytes)) + header_bytes + body
    return signed + sign(signed)


def read_header(raw: bytes, kind: FrameKind) -> bytes:
    """Check the size cap, the magic line and the header's length; return the header's bytes."""
    if len(raw) > kind.max_bytes:
        raise kind.refuse("too_big", size=len(raw), limit=kind.max_bytes)
    magic = kind.magic
    if not raw.startswith(magic):
        version = _version_in(raw, kind.prefix)
        if version is not None:
            raise kind.refuse("unsupported", version=version)
        if len(raw) < len(magic) and magic.startswith(raw):
            raise kind.refuse("short_magic")
        raise kind.refuse("not_framed")
    at = len(magic)
    if len(raw) < at + LENGTH.size:
        raise kind.refuse("truncated")
    (header_len,) = LENGTH.unpack_from(raw, at)
    at += LENGTH.size
    if header_len > kind.max_header:
        raise kind.refuse("header_too_big", size=header_len, limit=kind.max_header)
    if len(raw) < at + header_len:
        raise kind.refuse("truncated")
    return raw[at : at + header_len]


def split_frame(raw: bytes, kind: FrameKind, header_bytes: bytes, body_size: int) -> Frame:
    """Check that the file ends right after a body of `body_size` bytes and the signature."""
    at = len(kind.magic) + LENGTH.size + len(header_bytes)
    expected = at + body_size + SIGNATURE_BYTES
    if len(raw) < expected:
        raise kind.refuse("truncated")
    if len(raw) > expected:
        raise kind.refuse("trailing", extra=len(raw) - expected)
    end = len(raw) - SIGNATURE_BYTES
    return Frame(header_bytes=header_bytes, body=raw[at:end], signed=raw[:end], signature=raw[end:])


def _version_in(raw: bytes, prefix: bytes) -> str | None:
    """The N of a magic line `<prefix>N` other than 1, when `raw` starts with one."""
    if not raw.startswith(prefix):
        return None
    rest = raw[len(prefix) : len(prefix) + 12]
    line = rest.split(b"\n", 1)[0]
    if b"\n" in rest and line and line.isdigit() and line != b"1":
        return line.decode("ascii")
    return None


parse_json = read_json
"""Strict JSON from bytes, the one reader of outpost.model.bounds: UTF-8, nesting bounded before
parsing, no NaN or Infinity, no lone surrogate; ValueError on anything else."""
