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

STATION = "x-outpost-station"
TIME = "x-outpost-time"
NONCE = "x-outpost-nonce"
BODY = "x-outpost-body"
SIGNATURE = "x-outpost-signature"
SIGNED_HEADERS = (STATION, TIME, NONCE, BODY, SIGNATURE)

CLOCK_WINDOW = 300
"""Seconds a request's time may differ from HQ's clock."""
NONCE_MEMORY = 2 * CLOCK_WINDOW
"""Seconds HQ remembers a nonce: longer than any time it would accept the request again."""

DIGEST = re.compile(r"^[0-9a-f]{64}$")
_NONCE = re.compile(r"^[0-9a-f]{32}$")
_TIME = re.compile(r"^[0-9]{1,12}$")
_STATION = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
EMPTY_BODY = hashlib.sha256(b"").hexdigest()


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
    """The five headers of a signed request (`path` with its query, as sent)."""
    nonce = nonce or secrets.token_hex(16)
    text = signed_text(hq_id, method, path, station, time, nonce, body_sha256)
    return {
        STATION: station,
        TIME: str(time),
        NONCE: nonce,
        BODY: body_sha256,
        SIGNATURE: base64.b64encode(key.sign(text)).decode("ascii"),
    }


@dataclass(frozen=True)
class Claim:
    """The signed headers of a request, well formed but not yet checked against a key."""

    station: str
    time: int
    nonce: str
    body: str
    signature: bytes


def read_claim(headers: Mapping[str, str]) -> Claim | None:
    """The request's signed headers, or None when one is missing or malformed (`unsigned`)."""
    station = headers.get(STATION, "")
    time, nonce = headers.get(TIME, ""), headers.get(NONCE, "")
    body, signature = headers.get(BODY, ""), headers.get(SIGNATURE, "")
    if not (_STATION.match(station) and _TIME.match(time) and _NONCE.match(nonce)):
        return None
    if not DIGEST.match(body) or len(signature) > 100:
        return None
    try:
        raw = base64.b64decode(signature.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        return None
    if len(raw) != 64:
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
