"""Identities: key files, fingerprints read over a phone line, and the cards that carry public keys.

A station has one Ed25519 key (it signs packets). HQ has an Ed25519 key (it signs acks) and an
X25519 key (stations seal packets to it). Private keys never leave their data directory; the
public halves travel as cards, small JSON files checked against `schemas/card.schema.json`.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

from outpost.errors import InputRefused, InvalidEntry, StorageFailed
from outpost.model.schema import validate
from outpost.store.files import atomic_write, read_bytes
from outpost.store.reading import read_regular
from outpost.sync.keyfile import cost_in_use, is_key_file, unwrap_key, wrap_key
from outpost.sync.limits import MAX_CARD_BYTES

STATION_KEY = "station.key"
STATION_CARD = "station.card.json"
HQ_CARD = "hq.card.json"
HQ_SIGNING_KEY = "hq-signing.key"
HQ_ENCRYPTION_KEY = "hq-encryption.key"
HQ_KEY_FILES = {"signing": HQ_SIGNING_KEY, "encryption": HQ_ENCRYPTION_KEY}
CARD_FORMAT = 1

Card = dict[str, Any]


def raw_public(key: Ed25519PublicKey | X25519PublicKey) -> bytes:
    """The 32 raw bytes of a public key."""
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def fingerprint(*raw_keys: bytes) -> str:
    """The first 80 bits of SHA-256 over the raw keys, base32 in four groups: `ABCD-EFGH-...`."""
    digest = hashlib.sha256(b"".join(raw_keys)).digest()[:10]
    text = base64.b32encode(digest).decode("ascii")
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def unb64(text: str) -> bytes:
    """Decode a card's base64 key; ValueError when it is not 32 bytes of base64."""
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError) as exc:
        raise ValueError("bad base64") from exc
    if len(raw) != 32:
        raise ValueError("key is not 32 bytes")
    return raw


# -- cards -------------------------------------------------------------------------------------


def station_card(
    station_id: str, name: str, timezone: str, key: Ed25519PublicKey, created_at: str
) -> Card:
    """The card a station sends to HQ to be enrolled."""
    raw = raw_public(key)
    return {
        "card": "outpost-station",
        "format": CARD_FORMAT,
        "id": station_id,
        "name": name,
        "timezone": timezone,
        "signing_key": b64(raw),
        "fingerprint": fingerprint(raw),
        "created_at": created_at,
    }


def hq_card(
    hq_id: str,
    name: str,
    signing: Ed25519PublicKey,
    encryption: X25519PublicKey,
    created_at: str,
) -> Card:
    """The card HQ gives each station: where packets are sealed to, who signs acks."""
    sig, enc = raw_public(signing), raw_public(encryption)
    return {
        "card": "outpost-hq",
        "format": CARD_FORMAT,
        "id": hq_id,
        "name": name,
        "signing_key": b64(sig),
        "encryption_key": b64(enc),
        "fingerprint": fingerprint(sig, enc),
        "created_at": created_at,
    }


def check_card(card: Any, kind: str, source: str) -> Card:
    """Refuse (InputRefused, exit 3) anything but a well-formed card of `kind` whose keys match
    its fingerprint. `kind` is "outpost-station" or "outpost-hq"; `source` names it in messages."""
    if isinstance(card, dict) and isinstance(card.get("format"), int) and card["format"] != 1:
        raise InputRefused("card.unsupported", path=source, version=card["format"])
    try:
        validate("card", card)
    except InvalidEntry as exc:
        raise InputRefused("card.bad", path=source, reason=exc.message()) from None
    if card["card"] != kind:
        raise InputRefused("card.wrong_kind", path=source, expected=kind, found=card["card"])
    try:
        keys = [unb64(card["signing_key"])]
        if kind == "outpost-hq":
            keys.append(unb64(card["encryption_key"]))
    except ValueError as exc:
        raise InputRefused("card.bad", path=source, reason=str(exc)) from None
    if fingerprint(*keys) != card["fingerprint"]:
        raise InputRefused("card.fingerprint", path=source)
    return dict(card)


def read_card(path: Path, kind: str) -> Card:
    """Read and check a card file (see `check_card`)."""
    return check_card(card_json(path), kind, str(path))


def card_json(path: Path) -> Any:
    """The JSON of a card file (an HQ, station or inbox card), read as a regular file within
    MAX_CARD_BYTES and parsed strictly (no NaN or Infinity); InputRefused otherwise."""
    try:
        raw = read_regular(path, MAX_CARD_BYTES)
    except OSError as exc:
        raise InputRefused("card.unreadable", path=str(path), reason=exc.strerror or "?") from None
    if len(raw) > MAX_CARD_BYTES:
        raise InputRefused("card.bad", path=str(path), reason=f"over {MAX_CARD_BYTES} bytes")
    try:
        return json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise InputRefused("card.bad", path=str(path), reason=type(exc).__name__) from None


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def write_card(path: Path, card: Card) -> None:
    """Write a card, pretty enough for a person to read the fingerprint in it."""
    text = json.dumps(card, ensure_ascii=False, indent=2) + "\n"
    atomic_write(path, text.encode("utf-8"))


def card_signing_key(card: Card) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(unb64(card["signing_key"]))


def card_encryption_key(card: Card) -> X25519PublicKey:
    return X25519PublicKey.from_public_bytes(unb64(card["encryption_key"]))


def key_fingerprint(key: Ed25519PublicKey | X25519PublicKey) -> str:
    """The fingerprint of one public key (what packet and ack headers name)."""
    return fingerprint(raw_public(key))


# -- key files ---------------------------------------------------------------------------------


def _write_private(path: Path, pem: bytes) -> None:
    if path.exists():
        raise StorageFailed("store.write_failed", path=str(path), reason="a key is already there")
    atomic_write(path, pem, mode=0o600)
    os.chmod(path, 0o600)  # the umask never widens it, but a copied-in file might be wider


def create_station_key(folder: Path) -> Ed25519PrivateKey:
    """Make the station's signing key and keep it in `folder/station.key` (mode 0600).

    It is stored unencrypted: two officers share the laptop and must export without a
    passphrase; the laptop's disk encryption protects it (docs/threat-model.md)."""
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    _write_private(folder / STATION_KEY, pem)
    return key


def load_station_key(folder: Path) -> Ed25519PrivateKey | None:
    """The station's signing key, or None when the folder has none yet."""
    path = folder / STATION_KEY
    if not path.exists():
        return None
    try:
        key = serialization.load_pem_private_key(read_bytes(path), password=None)
    except (OSError, ValueError, TypeError) as exc:
        raise InputRefused(
            "sync.key_unreadable", path=str(path), reason=type(exc).__name__
        ) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise InputRefused("sync.key_unreadable", path=str(path), reason="not an Ed25519 key")
    return key


@dataclass
class HqKeys:
    """HQ's two private keys, decrypted with the passphrase for the length of one command."""

    signing: Ed25519PrivateKey
    encryption: X25519PrivateKey


def create_hq_keys(folder: Path, passphrase: bytes) -> HqKeys:
    """Make HQ's keys and keep each wrapped with `passphrase` (outpost.sync.keyfile, mode 0600)."""
    keys = HqKeys(Ed25519PrivateKey.generate(), X25519PrivateKey.generate())
    for role, name in HQ_KEY_FILES.items():
        _write_private(folder / name, _wrapped(role, keys, passphrase))
    return keys


def load_hq_keys(folder: Path, passphrase: bytes) -> HqKeys:
    """Decrypt HQ's keys; InputRefused when the passphrase is wrong or a file is damaged.

    A key file in the old format (PKCS#8 PEM, PBKDF2 with 2,048 rounds) or wrapped at less than
    today's cost is re-wrapped once both keys opened: each new file is written whole beside the
    old one and renamed over it, so a crash leaves the old file or the new one, never neither."""
    opened: dict[str, Any] = {}
    stale: list[str] = []
    for role, name in HQ_KEY_FILES.items():
        path = folder / name
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputRefused(
                "sync.key_unreadable", path=str(path), reason=exc.strerror or "?"
            ) from None
        if is_key_file(data):
            unwrapped = unwrap_key(role, data, passphrase, str(path))
            opened[role] = _private_from_raw(role, unwrapped.raw_private, path)
            if raw_public(opened[role].public_key()) != unwrapped.raw_public:
                raise InputRefused("sync.key_unreadable", path=str(path), reason="wrong key")
            if unwrapped.cost.below(cost_in_use()):
                stale.append(role)
        else:
            opened[role] = _load_old_pem(data, passphrase, path)
            stale.append(role)
    signing, encryption = opened["signing"], opened["encryption"]
    if not isinstance(signing, Ed25519PrivateKey) or not isinstance(encryption, X25519PrivateKey):
        raise InputRefused("sync.key_unreadable", path=str(folder), reason="wrong key type")
    keys = HqKeys(signing, encryption)
    for role in stale:
        atomic_write(folder / HQ_KEY_FILES[role], _wrapped(role, keys, passphrase), mode=0o600)
    return keys


def _wrapped(role: str, keys: HqKeys, passphrase: bytes) -> bytes:
    key = keys.signing if role == "signing" else keys.encryption
    raw = key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    return wrap_key(role, raw, raw_public(key.public_key()), passphrase)


def _private_from_raw(role: str, raw: bytes, path: Path) -> Any:
    try:
        if role == "signing":
            return Ed25519PrivateKey.from_private_bytes(raw)
        return X25519PrivateKey.from_private_bytes(raw)
    except ValueError:
        raise InputRefused("sync.key_unreadable", path=str(path), reason="not a key") from None


def _load_old_pem(data: bytes, passphrase: bytes, path: Path) -> Any:
    """A key file as versions before issue 9 wrote it: PKCS#8 PEM under PBKDF2."""
    try:
        return serialization.load_pem_private_key(data, password=passphrase)
    except (ValueError, TypeError):
        raise InputRefused("hq.bad_passphrase", path=str(path)) from None


def write_station_card(folder: Path, card: Card) -> Path:
    """Write `station.card.json` in the station's data directory; returns its path."""
    path = folder / STATION_CARD
    write_card(path, card)
    return path


__all__ = [
    "HQ_CARD",
    "STATION_CARD",
    "STATION_KEY",
    "Card",
    "HqKeys",
    "card_encryption_key",
    "card_signing_key",
    "check_card",
    "create_hq_keys",
    "create_station_key",
    "fingerprint",
    "hq_card",
    "key_fingerprint",
    "load_hq_keys",
    "load_station_key",
    "read_card",
    "station_card",
    "write_card",
]
