"""The network road's signed requests (docs/sync-protocol.md): what a station signs, what HQ checks.

Shared by the client (outpost.station.upload) and the server (outpost.brigade.inbox), so the two
can never sign and check different strings. No HTTP here: headers are a plain mapping.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

PROTOCOL = "outpost-request/1"
PREFIX = "/v1"

HEADER = "outpost"
"""The one header of a signed request: `STATION TIME NONCE BODY SIGNATURE`, space-separated."""
STATE = "outpost-state"
"""The header of a binary answer (the ack) saying `new` or `held`, and the entries added."""

CLOCK_WINDOW = 300
"""Seconds a request's time may differ from HQ's clock."""
NONCE_MEMORY = 2 * CLOCK_WINDOW
"""Seconds HQ remembers a nonce: longer than any time it would accept the request again."""

DIGEST = re.compile(r"^[0-9a-f]{64}$")
_NONCE = re.compile(r"^[A-Za-z0-9_-]{22}$")
_BODY = re.compile(r"^[A-Za-z0-9_-]{43}$")
_SIGNATURE = re.compile(r"^[A-Za-z0-9_-]{86}$")
_TIME = re.compile(r"^[0-9]{1,12}$")
_STATION = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")


def b64(raw: bytes) -> str:
    """Base64url without padding: the header's encoding of bytes (a nonce, a digest, a
    signature)."""
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def body_digest(body: bytes) -> str:
    """The BODY field: the SHA-256 of the request body, in `b64`."""
    return b64(hashlib.sha256(body).digest())


EMPTY_BODY = body_digest(b"")


def packet_path(digest: str) -> str:
    return f"{PREFIX}/packets/{digest}"


ACK_PATH = f"{PREFIX}/ack"


def signed_text(
    hq_id: str, method: str, path: str, station: str, time: int, nonce: str, body: str
) -> bytes:
    """The seven lines a request's signature covers, joined by newlines."""
    lines = (PROTOCOL, hq_id, method.upper(), path, station, str(time), nonce, body)
    return "\n".join(lines).encode("utf-8")


def sign_request(
    key: Ed25519PrivateKey,
    *,
    hq_id: str,
    station: str,
    method: str,
    path: str,
    body_sha256: str,
    time: int,
    nonce: str | None = None,
) -> dict[str, str]:
    """The signed header of a request (`path` with its query, as sent; `body_sha256` from
    `body_digest`)."""
    nonce = nonce or b64(secrets.token_bytes(16))
    text = signed_text(hq_id, method, path, station, time, nonce, body_sha256)
    fields = (station, str(time), nonce, body_sha256, b64(key.sign(text)))
    return {HEADER: " ".join(fields)}


@dataclass(frozen=True)
class Claim:
    """The signed header of a request, well formed but not yet checked against a key."""

    station: str
    time: int
    nonce: str
    body: str
    signature: bytes


def read_claim(headers: Mapping[str, str]) -> Claim | None:
    """The request's signed header, or None when it is missing or malformed (`unsigned`)."""
    fields = headers.get(HEADER, "")[:300].split(" ")
    if len(fields) != 5:
        return None
    station, time, nonce, body, signature = fields
    if not (_STATION.match(station) and _TIME.match(time) and _NONCE.match(nonce)):
        return None
    if not (_BODY.match(body) and _SIGNATURE.match(signature)):
        return None
    try:
        raw = base64.urlsafe_b64decode(signature + "==")
    except (binascii.Error, ValueError):
        return None
    return Claim(station, int(time), nonce, body, raw)


def verify_claim(
    claim: Claim, key: Ed25519PublicKey, *, hq_id: str, method: str, path: str
) -> bool:
    """Whether the claim's signature is the station's over this request."""
    text = signed_text(hq_id, method, path, claim.station, claim.time, claim.nonce, claim.body)
    try:
        key.verify(claim.signature, text)
    except InvalidSignature:
        return False
    return True
