"""HQ's key files: a private key wrapped with Argon2id and ChaCha20-Poly1305 (format 1).

The format is specified in docs/packet-format.md ("HQ key files"); the choice of cost in
docs/threat-model.md. Nothing here touches the disk: bytes in, bytes out.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

from outpost.errors import InputRefused
from outpost.store.kdf import (
    MAX_ITERATIONS,
    MAX_LANES,
    MAX_MEMORY_KIB,
    TEST_COST,
    WRAP_COST,
    KdfCost,
    cheap_keys_for_tests,
    cost_in_use,
    derive_key,
)

KEY_FILE = "outpost-hq-key"
KEY_FILE_FORMAT = 1
KDF = "argon2id"
AEAD = "chacha20-poly1305"
SALT_BYTES = 16
NONCE_BYTES = 12
RAW_KEY_BYTES = 32
TAG_BYTES = 16
MAX_KEY_FILE_BYTES = 4096
ALGORITHMS = {"signing": "ed25519", "encryption": "x25519"}


def wrap_key(
    role: str,
    raw_private: bytes,
    raw_public: bytes,
    passphrase: bytes,
    cost: KdfCost | None = None,
) -> bytes:
    """The key file's bytes for one private key (`role`: "signing" or "encryption"), at `cost`
    (by default `cost_in_use()`)."""
    cost = cost or cost_in_use()
    salt, nonce = os.urandom(SALT_BYTES), os.urandom(NONCE_BYTES)
    fields: dict[str, Any] = {
        "key_file": KEY_FILE,
        "format": KEY_FILE_FORMAT,
        "key": role,
        "algorithm": ALGORITHMS[role],
        "public_key": _b64(raw_public),
        "kdf": {
            "name": KDF,
            "memory_kib": cost.memory_kib,
            "iterations": cost.iterations,
            "lanes": cost.lanes,
            "salt": _b64(salt),
        },
        "aead": {"name": AEAD, "nonce": _b64(nonce)},
    }
    wrapping = derive_key(passphrase, salt, cost)
    sealed = ChaCha20Poly1305(wrapping).encrypt(nonce, raw_private, _associated_data(fields))
    fields["ciphertext"] = _b64(sealed)
    return (json.dumps(fields, indent=2) + "\n").encode("ascii")


@dataclass(frozen=True)
class Unwrapped:
    """A private key's 32 raw bytes, the public key the file names, and the file's cost."""

    raw_private: bytes
    raw_public: bytes
    cost: KdfCost


def unwrap_key(role: str, data: bytes, passphrase: bytes, path: str) -> Unwrapped:
    """Open a key file of `role`. InputRefused (exit 3), one line: "sync.key_unreadable" when
    the file is not a well-formed key file of that role, "hq.bad_passphrase" when the tag does
    not verify (a wrong passphrase, or a changed salt, cost, nonce or ciphertext)."""
    fields = _parse(role, data, path)
    kdf, aead = fields["kdf"], fields["aead"]
    cost = KdfCost(kdf["memory_kib"], kdf["iterations"], kdf["lanes"])
    salt, nonce = _field_bytes(kdf, "salt", path), _field_bytes(aead, "nonce", path)
    sealed = _field_bytes(fields, "ciphertext", path)
    public = _field_bytes(fields, "public_key", path)
    if len(salt) < SALT_BYTES or len(salt) > 64:
        raise _unreadable(path, "salt is not 16 to 64 bytes")
    if len(nonce) != NONCE_BYTES or len(sealed) != RAW_KEY_BYTES + TAG_BYTES:
        raise _unreadable(path, "nonce or ciphertext of the wrong length")
    if len(public) != RAW_KEY_BYTES:
        raise _unreadable(path, "public_key is not 32 bytes")
    wrapping = derive_key(passphrase, salt, cost)
    try:
        raw = ChaCha20Poly1305(wrapping).decrypt(nonce, sealed, _associated_data(fields))
    except InvalidTag:
        raise InputRefused("hq.bad_passphrase", path=path) from None
    return Unwrapped(raw, public, cost)


def is_key_file(data: bytes) -> bool:
    """True for this format (a JSON object); False for anything else, such as an old PEM file."""
    return data.lstrip()[:1] == b"{"


def _parse(role: str, data: bytes, path: str) -> dict[str, Any]:
    if len(data) > MAX_KEY_FILE_BYTES:
        raise _unreadable(path, f"over {MAX_KEY_FILE_BYTES} bytes")
    try:
        fields = json.loads(data.decode("ascii"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise _unreadable(path, "not a key file") from None
    if not isinstance(fields, dict) or fields.get("key_file") != KEY_FILE:
        raise _unreadable(path, "not a key file")
    if fields.get("format") != KEY_FILE_FORMAT:
        raise _unreadable(path, f"unsupported key file format {fields.get('format')!r}")
    if fields.get("key") != role or fields.get("algorithm") != ALGORITHMS[role]:
        raise _unreadable(path, f"not HQ's {role} key")
    kdf, aead = fields.get("kdf"), fields.get("aead")
    if not isinstance(kdf, dict) or kdf.get("name") != KDF:
        raise _unreadable(path, "kdf is not argon2id")
    if not isinstance(aead, dict) or aead.get("name") != AEAD:
        raise _unreadable(path, "aead is not chacha20-poly1305")
    bounds = {"memory_kib": MAX_MEMORY_KIB, "iterations": MAX_ITERATIONS, "lanes": MAX_LANES}
    for name, most in bounds.items():
        value = kdf.get(name)
        if type(value) is not int or not 1 <= value <= most:
            raise _unreadable(path, f"kdf {name} is not between 1 and {most}")
    if kdf["memory_kib"] < 8 * kdf["lanes"]:
        raise _unreadable(path, "kdf memory_kib is under 8 KiB per lane")
    return fields


def _associated_data(fields: dict[str, Any]) -> bytes:
    """What the tag also covers: the file's identity and its KDF settings, one ASCII line."""
    kdf = fields["kdf"]
    parts = [
        fields["key_file"],
        str(fields["format"]),
        fields["key"],
        fields["algorithm"],
        fields["public_key"],
        kdf["name"],
        str(kdf["memory_kib"]),
        str(kdf["iterations"]),
        str(kdf["lanes"]),
        kdf["salt"],
        fields["aead"]["name"],
    ]
    return " ".join(parts).encode("ascii")


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _field_bytes(fields: dict[str, Any], name: str, path: str) -> bytes:
    value = fields.get(name)
    if not isinstance(value, str):
        raise _unreadable(path, f"{name} is missing")
    try:
        return base64.b64decode(value.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        raise _unreadable(path, f"{name} is not base64") from None


def _unreadable(path: str, reason: str) -> InputRefused:
    return InputRefused("sync.key_unreadable", path=path, reason=reason)


__all__ = [
    "TEST_COST",
    "WRAP_COST",
    "KdfCost",
    "Unwrapped",
    "cheap_keys_for_tests",
    "cost_in_use",
    "is_key_file",
    "unwrap_key",
    "wrap_key",
]
