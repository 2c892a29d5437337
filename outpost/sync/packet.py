"""Sync packets: a run of consecutive entries of one station log, sealed to one HQ and signed.

Byte layout (docs/packet-format.md has the full spec and a worked example)::

    b"OUTPOST-PACKET/1\\n" | header length (u32 BE) | header (canonical JSON, <= 4 KiB)
                          | HPKE ciphertext (enc 32 bytes + sealed body + tag 16 bytes)
                          | Ed25519 signature (64 bytes) over every byte before it

The body is a manifest line then the entries as JSON Lines, zlib-compressed, sealed with HPKE
(X25519, HKDF-SHA256, ChaCha20-Poly1305) with `info` = `INFO_LABEL` + the header bytes, so a
body cannot be moved under another header. The frame around it (magic, lengths, signature) is
`outpost.sync.frame`'s. Reading is split in steps so HQ can check them in the order of
docs/packet-format.md ("What a reader checks, in order"): `read_packet` (sizes, magic, header),
`verify_packet` (signature), `open_packet` (decrypt, bounded decompression, manifest, entries
and their chain).

A **head-only packet** (`type` "head", `seal_head`) carries no entry: only the station's signed
head, its last seq and that entry's hash when it was sealed, so HQ learns that a quiet station
has nothing more. Entry packets carry the same head in `head_seq` and `head_hash`.
"""

from __future__ import annotations

import hashlib
import uuid
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import tzinfo
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hpke
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from outpost.errors import InputRefused, InvalidEntry
from outpost.model import GENESIS, Entry, canonical_bytes, validate_entry
from outpost.model.bounds import JsonRefused
from outpost.model.canonical import is_canonical
from outpost.model.schema import validate
from outpost.sync.frame import (
    FrameKind,
    parse_json,
    read_header,
    seal_frame,
    split_frame,
)
from outpost.sync.identity import Card, card_encryption_key, key_fingerprint
from outpost.sync.limits import (
    HPKE_OVERHEAD_BYTES,
    MAX_ENTRIES,
    MAX_HEADER_BYTES,
    MAX_PACKET_BYTES,
    MAX_PLAINTEXT_BYTES,
)
from outpost.sync.outbox import SUFFIX as SUFFIX

INFO_LABEL = b"outpost packet v1\n"
"""HPKE `info` = this label + the exact header bytes."""
HPKE_OVERHEAD = HPKE_OVERHEAD_BYTES
SUITE = hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.CHACHA20_POLY1305)
MANIFEST_KEYS = (
    "station",
    "station_key",
    "log_id",
    "hq",
    "hq_key",
    "packet_id",
    "first_seq",
    "last_seq",
    "count",
    "last_hash",
)
"""The header fields the sealed manifest repeats (and must repeat exactly)."""
HEAD_MANIFEST_KEYS = (
    "station",
    "station_key",
    "log_id",
    "hq",
    "hq_key",
    "packet_id",
    "head_seq",
    "head_hash",
)
"""What the manifest of a head-only packet repeats of its header."""
HEAD = "head"
"""The `type` of a head-only packet."""


def refused(reason_key: str, **params: Any) -> InputRefused:
    """A packet refusal; the message key names the reason."""
    return InputRefused(reason_key, **params)


_FRAME_FAULTS = {"short_magic": "truncated", "not_framed": "not_packet"}


def _refuse_frame(fault: str, **params: Any) -> InputRefused:
    return refused(f"packet.{_FRAME_FAULTS.get(fault, fault)}", **params)


PACKET = FrameKind(b"OUTPOST-PACKET/", MAX_PACKET_BYTES, MAX_HEADER_BYTES, _refuse_frame)
MAGIC_PREFIX = PACKET.prefix
MAGIC = PACKET.magic


@dataclass
class SealedPacket:
    """A packet whose outer layer has been read and checked, not yet verified or opened."""

    header: dict[str, Any]
    header_bytes: bytes
    signed: bytes
    """Every byte before the signature."""
    ciphertext: bytes
    signature: bytes


@dataclass
class OpenedPacket:
    """The checked contents of a packet: entries in seq order, their hashes, their lines."""

    entries: list[Entry]
    hashes: list[str]
    """SHA-256 hex of each entry's canonical bytes (the `prev` of the next entry)."""
    lines: list[bytes]
    """Each entry's line exactly as carried: its canonical bytes."""


def _hash_bytes(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


# -- sealing -----------------------------------------------------------------------------------


def seal_packet(
    entries: Sequence[Entry],
    *,
    station_key: Ed25519PrivateKey,
    log_id: str,
    hq_card: Card,
    created_at: str,
    packet_id: str | None = None,
    level: int = 6,
    head: tuple[int, str] | None = None,
) -> bytes:
    """Seal consecutive entries of one log to the HQ of `hq_card`, signed by `station_key`;
    `head` (the log's last seq and its hash now) goes into the header as `head_seq`, `head_hash`.

    The caller keeps to MAX_ENTRIES; the result may exceed MAX_PACKET_BYTES only for entries
    far larger than any officer types (`export` splits and retries when it does)."""
    if not entries or len(entries) > MAX_ENTRIES:
        raise ValueError("a packet holds 1 to MAX_ENTRIES entries")
    lines = [canonical_bytes(e) for e in entries]
    identity = {
        "station": entries[0]["station"],
        "first_seq": entries[0]["seq"],
        "last_seq": entries[-1]["seq"],
        "count": len(entries),
        "last_hash": _hash_bytes(lines[-1]),
    }
    extra = {} if head is None else {"head_seq": head[0], "head_hash": head[1]}
    return _seal(
        "packet", identity, extra, lines, station_key, log_id, hq_card, created_at, packet_id, level
    )


def seal_head(
    station: str,
    head: tuple[int, str],
    *,
    station_key: Ed25519PrivateKey,
    log_id: str,
    hq_card: Card,
    created_at: str,
    packet_id: str | None = None,
) -> bytes:
    """A head-only packet: no entry, the log's last seq and its hash (`head`), signed and sealed
    like an entry packet."""
    if head[0] < 1:
        raise ValueError("an empty log has no head to send")
    identity = {"station": station, "head_seq": head[0], "head_hash": head[1]}
    return _seal(HEAD, identity, {}, [], station_key, log_id, hq_card, created_at, packet_id, 6)


def _seal(
    kind: str,
    fields: dict[str, Any],
    extra: dict[str, Any],
    lines: list[bytes],
    station_key: Ed25519PrivateKey,
    log_id: str,
    hq_card: Card,
    created_at: str,
    packet_id: str | None,
    level: int,
) -> bytes:
    hq_public = card_encryption_key(hq_card)
    identity = {
        **fields,
        "station_key": key_fingerprint(station_key.public_key()),
        "log_id": log_id,
        "hq": hq_card["id"],
        "hq_key": key_fingerprint(hq_public),
        "packet_id": packet_id or uuid.uuid4().hex,
    }
    manifest = canonical_bytes({"type": "manifest", **identity})
    plaintext = b"\n".join([manifest, *lines]) + b"\n"
    compressed = zlib.compress(plaintext, level)
    header = {
        "format": 1,
        "type": kind,
        **identity,
        **extra,
        "created_at": created_at,
        "compression": "zlib",
        "compressed_size": len(compressed),
        "plaintext_size": len(plaintext),
    }
    header_bytes = canonical_bytes(header)
    if len(header_bytes) > MAX_HEADER_BYTES:
        raise ValueError("header over 4 KiB")
    ciphertext = SUITE.encrypt(compressed, hq_public, info=INFO_LABEL + header_bytes)
    return seal_frame(PACKET, header_bytes, ciphertext, station_key.sign)


# -- reading -----------------------------------------------------------------------------------


def read_packet(raw: bytes) -> SealedPacket:
    """Check the outer layer: size cap, magic and version, header size and schema, lengths.

    Raises InputRefused (exit 3) with a reason a person reads."""
    header_bytes = read_header(raw, PACKET)
    header = _parse_header(header_bytes)
    frame = split_frame(raw, PACKET, header_bytes, header["compressed_size"] + HPKE_OVERHEAD)
    return SealedPacket(
        header=header,
        header_bytes=header_bytes,
        signed=frame.signed,
        ciphertext=frame.body,
        signature=frame.signature,
    )


def _parse_header(header_bytes: bytes) -> dict[str, Any]:
    try:
        header = parse_json(header_bytes)
    except (UnicodeDecodeError, ValueError):
        raise refused("packet.bad_header", reason="not JSON") from None
    if not isinstance(header, dict):
        raise refused("packet.bad_header", reason="not an object")
    version = header.get("format")
    if isinstance(version, int) and not isinstance(version, bool) and version != 1:
        raise refused("packet.unsupported", version=version)
    try:
        validate("packet-head" if header.get("type") == HEAD else "packet-header", header)
    except InvalidEntry as exc:
        raise refused("packet.bad_header", reason=exc.message()) from None
    if not is_canonical(header, header_bytes):
        raise refused("packet.bad_header", reason="not in canonical form")
    if header["type"] == HEAD:
        return header
    if header["last_seq"] - header["first_seq"] + 1 != header["count"]:
        raise refused("packet.bad_header", reason="count disagrees with first_seq..last_seq")
    if ("head_seq" in header) != ("head_hash" in header):
        raise refused("packet.bad_header", reason="head_seq and head_hash come together")
    if header.get("head_seq", header["last_seq"]) < header["last_seq"]:
        raise refused("packet.bad_header", reason="head_seq below last_seq")
    return header


def packet_head(header: dict[str, Any]) -> tuple[int, str] | None:
    """The station's head a packet carries (seq, hash), None for a packet from before heads."""
    if "head_seq" not in header:
        return None
    return header["head_seq"], header["head_hash"]


def verify_packet(sealed: SealedPacket, station_key: Ed25519PublicKey) -> None:
    """Check the station's signature over every byte before it (before any decryption)."""
    try:
        station_key.verify(sealed.signature, sealed.signed)
    except InvalidSignature:
        raise refused("packet.bad_signature") from None


def open_packet(sealed: SealedPacket, hq_key: X25519PrivateKey, tz: tzinfo) -> OpenedPacket:
    """Decrypt, decompress (bounded), check the manifest and every entry and the chain inside.

    `tz` is the station's zone (entry validation reads times in it). Raises InputRefused."""
    header = sealed.header
    try:
        compressed = SUITE.decrypt(sealed.ciphertext, hq_key, info=INFO_LABEL + sealed.header_bytes)
    except (InvalidTag, ValueError):
        raise refused("packet.undecryptable") from None
    if len(compressed) != header["compressed_size"]:
        raise refused("packet.bad_body", reason="compressed size differs from the header")
    plaintext = _inflate(compressed, header["plaintext_size"])
    lines = plaintext.split(b"\n")
    if lines[-1] != b"":
        raise refused("packet.bad_body", reason="body does not end with a newline")
    lines.pop()
    try:
        manifest = parse_json(lines[0])
    except (UnicodeDecodeError, ValueError, IndexError):
        raise refused("packet.bad_manifest") from None
    keys = HEAD_MANIFEST_KEYS if header["type"] == HEAD else MANIFEST_KEYS
    if (
        not isinstance(manifest, dict)
        or manifest.get("type") != "manifest"
        or set(manifest) != {"type", *keys}
        or any(manifest[k] != header[k] for k in keys)
        or not is_canonical(manifest, lines[0])
    ):
        raise refused("packet.bad_manifest")
    body_lines = lines[1:]
    if header["type"] == HEAD:
        if body_lines:
            raise refused("packet.bad_body", reason="a head-only packet carries no entry")
        return OpenedPacket([], [], [])
    if len(body_lines) != header["count"]:
        raise refused("packet.bad_body", reason="entry count differs from the header")
    entries: list[Entry] = []
    hashes: list[str] = []
    expected_seq = header["first_seq"]
    prev: str | None = None
    for line in body_lines:
        try:
            entry = parse_json(line)
        except ValueError as exc:  # JsonRefused names the bound it breaks
            why = str(exc) if isinstance(exc, JsonRefused) else "not JSON"
            raise refused("packet.bad_entry", seq=expected_seq, reason=why) from None
        try:
            validate_entry(entry, tz)
        except InvalidEntry as exc:
            raise refused("packet.bad_entry", seq=expected_seq, reason=exc.message()) from None
        # HQ holds and acks each entry's hash: it must be the hash of the canonical bytes, as
        # the station computes it, so a line in any other form is refused (not re-encoded).
        if not is_canonical(entry, line):
            raise refused("packet.bad_entry", seq=expected_seq, reason="not in canonical form")
        if entry["station"] != header["station"]:
            raise refused("packet.other_station", seq=entry["seq"], other=entry["station"])
        if entry["seq"] != expected_seq:
            raise refused("packet.seq_gap", expected=expected_seq, found=entry["seq"])
        if prev is not None and entry["prev"] != prev:
            raise refused("packet.broken_chain", seq=entry["seq"])
        if entry["seq"] == 1 and entry["prev"] != GENESIS:
            raise refused("packet.broken_chain", seq=1)
        digest = _hash_bytes(line)
        entries.append(entry)
        hashes.append(digest)
        prev = digest
        expected_seq += 1
    if hashes[-1] != header["last_hash"]:
        raise refused("packet.broken_chain", seq=header["last_seq"])
    return OpenedPacket(entries, hashes, body_lines)


def _inflate(compressed: bytes, announced: int) -> bytes:
    """zlib-decompress at most `announced` bytes; refuse a body that would give more or less."""
    if announced > MAX_PLAINTEXT_BYTES:
        raise refused("packet.bomb", limit=announced)
    inflater = zlib.decompressobj()
    try:
        out = inflater.decompress(compressed, announced)
    except zlib.error:
        raise refused("packet.bad_body", reason="not zlib data") from None
    if inflater.unconsumed_tail:
        raise refused("packet.bomb", limit=announced)
    if not inflater.eof or inflater.unused_data or len(out) != announced:
        raise refused("packet.bad_body", reason="size differs from the header")
    return out


def packet_digest(raw: bytes) -> str:
    """SHA-256 hex of a whole packet file: how HQ knows a packet it has seen."""
    return _hash_bytes(raw)
