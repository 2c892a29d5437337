"""Canonical bytes of an entry, the hash chain that links a station's log, and the numbers and
text a station lets into an entry so that every language writes the same canonical bytes.

The canonical form (docs/packet-format.md, "Canonical JSON") is RFC 8785 (JCS) for every value a
station writes: `json.dumps` below gives exactly those bytes for the values `normalised` lets
in. Entries stored by earlier versions may hold floats in Python's form (`7.0`, `1e-05`); they
keep their bytes and hashes, and `canonical_bytes` still writes them so.
"""

from __future__ import annotations

import hashlib
import json
import math
from typing import Any

from outpost.errors import InvalidEntry
from outpost.model.bounds import MAX_INT

GENESIS = "0" * 64
"""The `prev` of entry 1: no entry came before it."""

"""Numbers beyond this are not exact in every language (JavaScript's doubles)."""

MIN_FRACTION = 1e-4
"""A number with a fraction is at least this large (in magnitude): below it Python writes an
exponent (`1e-05`) where JCS writes `0.00001`."""

LINE_BREAKS = str.maketrans({"\u2028": "\n", "\u2029": "\n", "\u0085": "\n"})
"""Unicode line and paragraph separators and NEL, which canonical JSON writes as themselves: a
reader splitting the body on them instead of on byte 0x0A alone would cut a line in two. They
become `\\n`, which canonical JSON escapes."""


def canonical_bytes(obj: Any) -> bytes:
    """UTF-8 JSON with keys sorted, no insignificant whitespace, non-ASCII kept as is."""
    return json.dumps(
        obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def is_canonical(obj: Any, raw: bytes) -> bool:
    """Whether `raw` is exactly the canonical bytes of `obj` (what `raw` parsed to). A value no
    canonical form exists for (a lone surrogate, an infinity from `1e400`) makes it False."""
    try:
        return canonical_bytes(obj) == raw
    except (ValueError, RecursionError):
        return False


def entry_hash(entry: dict[str, Any]) -> str:
    """SHA-256 hex of an entry's canonical bytes: the `prev` of the entry after it."""
    return hashlib.sha256(canonical_bytes(entry)).hexdigest()


def normalised(value: Any, field: str = "") -> Any:
    """`value` (typed data) with numbers and text as the station stores them: a whole number
    as an integer (`7.0` -> `7`, `-0.0` -> `0`), the line separators U+2028, U+2029 and NEL as
    `\\n`. InvalidEntry for a number beyond +-(2^53 - 1), or with a fraction below 0.0001.
    Non-finite numbers are left for the schema checks to refuse."""
    if isinstance(value, dict):
        return {k: normalised(v, f"{field}.{k}" if field else k) for k, v in value.items()}
    if isinstance(value, list):
        return [normalised(v, f"{field}.{i}" if field else str(i)) for i, v in enumerate(value)]
    if isinstance(value, str):
        return value.translate(LINE_BREAKS)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            return value
        if value.is_integer():
            value = int(value)
        elif abs(value) < MIN_FRACTION:
            raise InvalidEntry("entry.number_too_fine", field=field or "data", value=repr(value))
    if abs(value) > MAX_INT:
        raise InvalidEntry("bounds.int_range", field=field or "data", limit=MAX_INT)
    return value
