"""Canonical bytes of an entry and the hash chain that links a station's log."""

from __future__ import annotations

import hashlib
import json
from typing import Any

GENESIS = "0" * 64
"""The `prev` of entry 1: no entry came before it."""


def canonical_bytes(obj: Any) -> bytes:
    """UTF-8 JSON with keys sorted, no insignificant whitespace, non-ASCII kept as is."""
    return json.dumps(
        obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def entry_hash(entry: dict[str, Any]) -> str:
    """SHA-256 hex of an entry's canonical bytes: the `prev` of the entry after it."""
    return hashlib.sha256(canonical_bytes(entry)).hexdigest()
