"""HQ's inbox card: the address of its inbox server and its TLS pin, signed by HQ's Ed25519 key.

A station trusts HQ's card (its keys, checked by fingerprint over the phone); the inbox card
is checked against that card's signing key, so it may travel any way (a stick, a message) and
nobody on the way can point the station at another server (docs/sync-protocol.md, "The inbox
card").
"""

from __future__ import annotations

import base64
import binascii
import re
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from outpost.errors import InputRefused
from outpost.sync.identity import Card, b64, card_json, card_signing_key, write_card

INBOX_CARD = "inbox.card.json"
KIND = "outpost-inbox"
SIGNED_AS = "outpost-inbox-card/1"
"""The first line of what the signature covers: a signature made for anything else is no good."""
PIN = re.compile(r"^[0-9a-f]{64}$")
FIELDS = ("hq", "hq_fingerprint", "url", "pin", "issued_at")


@dataclass(frozen=True)
class InboxAddress:
    """Where a station uploads: HQ's inbox URL and the SHA-256 pin of its certificate."""

    url: str
    pin: str
    issued_at: str


def spoken(pin: str) -> str:
    """The pin as read over the phone: groups of four."""
    return " ".join(pin[i : i + 4] for i in range(0, len(pin), 4))


def check_url(url: str) -> bool:
    """Whether `url` is http(s)://HOST[:PORT] and nothing more (the station's own rule)."""
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018 -- raises ValueError on a port that is not one
    except ValueError:
        return False
    plain_text = url.isprintable() and not any(c.isspace() for c in url)
    return (
        plain_text
        and parts.scheme in ("http", "https")
        and bool(parts.hostname)
        and parts.path in ("", "/")
        and not parts.query
        and not parts.fragment
    )


def _signed_bytes(card: Card) -> bytes:
    return "\n".join([SIGNED_AS, *(str(card[name]) for name in FIELDS)]).encode("utf-8")


def inbox_card(hq: Card, key: Ed25519PrivateKey, url: str, pin: str, issued_at: str) -> Card:
    """The inbox card of HQ (`hq` its card, `key` its signing key) for `url` and `pin`;
    ValueError when the URL is not http(s)://HOST[:PORT] or the pin not 64 hex digits."""
    if not check_url(url) or not PIN.match(pin):
        raise ValueError("not an inbox address")
    card: Card = {
        "card": KIND,
        "format": 1,
        "hq": hq["id"],
        "hq_fingerprint": hq["fingerprint"],
        "url": url,
        "pin": pin,
        "issued_at": issued_at,
    }
    card["signature"] = b64(key.sign(_signed_bytes(card)))
    return card


def check_inbox_card(card: Any, hq: Card, source: str) -> InboxAddress:
    """The address on an inbox card once it proved to be the trusted HQ's (`hq`, the card the
    station took); InputRefused (exit 3) for anything else: not an inbox card, another HQ's,
    or one whose signature does not verify (changed on the way, or not signed by HQ)."""
    if not isinstance(card, dict) or card.get("card") != KIND:
        raise InputRefused("inbox_card.bad", path=source)
    if card.get("format") != 1:
        raise InputRefused("card.unsupported", path=source, version=card.get("format"))
    if not all(isinstance(card.get(name), str) for name in (*FIELDS, "signature")):
        raise InputRefused("inbox_card.bad", path=source)
    if card["hq"] != hq["id"] or card["hq_fingerprint"] != hq["fingerprint"]:
        found = f"{card['hq']} {card['hq_fingerprint']}"
        mine = f"{hq['id']} {hq['fingerprint']}"
        raise InputRefused("inbox_card.other_hq", path=source, found=found, hq=mine)
    try:
        signature = base64.b64decode(card["signature"].encode("ascii"), validate=True)
        card_signing_key(hq).verify(signature, _signed_bytes(card))
    except (binascii.Error, UnicodeEncodeError, InvalidSignature):
        raise InputRefused("inbox_card.bad_signature", path=source) from None
    if not check_url(card["url"]) or not PIN.match(card["pin"]):
        raise InputRefused("inbox_card.bad", path=source)  # HQ signed it, but no client could
    return InboxAddress(card["url"], card["pin"], card["issued_at"])


def read_inbox_card(path: Path, hq: Card) -> InboxAddress:
    """Read an inbox card file and check it (see `check_inbox_card`)."""
    return check_inbox_card(card_json(path), hq, str(path))


def write_inbox_card(folder: Path, card: Card) -> Path:
    """Write `inbox.card.json` in HQ's folder; its path."""
    path = folder / INBOX_CARD
    write_card(path, card)
    return path
