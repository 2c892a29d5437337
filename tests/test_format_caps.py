"""One set of caps: the schemas, outpost.sync.limits and docs/packet-format.md agree, and no
field may be larger than the file that holds it (issue 9, #13)."""

from __future__ import annotations

import re
from pathlib import Path

from outpost.model.schema import load_schema
from outpost.sync import limits

DOC = Path(__file__).resolve().parents[1] / "docs" / "packet-format.md"


def test_the_schemas_hold_the_caps_of_limits() -> None:
    """Header and ack schemas carry the same numbers as outpost.sync.limits."""
    header = load_schema("packet-header")["properties"]
    assert header["count"]["maximum"] == limits.MAX_ENTRIES
    assert header["plaintext_size"]["maximum"] == limits.MAX_PLAINTEXT_BYTES
    assert header["compressed_size"]["maximum"] == limits.MAX_COMPRESSED_BYTES
    assert load_schema("ack")["properties"]["held_above"]["maxItems"] == limits.MAX_RANGES


def test_a_compressed_body_of_the_largest_size_fits_in_the_largest_file() -> None:
    """`compressed_size` at its cap, with the frame around it, is exactly the file cap."""
    frame = 17 + 4 + limits.HPKE_OVERHEAD_BYTES + limits.SIGNATURE_BYTES
    assert limits.MAX_COMPRESSED_BYTES + frame == limits.MAX_PACKET_BYTES
    assert limits.MAX_ACK_BYTES == 14 + 4 + limits.MAX_ACK_BODY_BYTES + 64


def test_the_spec_states_each_cap_once_with_the_same_number() -> None:
    """The caps table of docs/packet-format.md gives the numbers of outpost.sync.limits."""
    text = DOC.read_text(encoding="utf-8")
    table = text.split("## Caps")[1].split("\n## ")[0]
    stated = {
        name: int(value.replace(",", ""))
        for name, value in re.findall(r"`(MAX_[A-Z_]+)`\s*\|\s*([\d,]+)", table)
    }
    expected = {name: getattr(limits, name) for name in dir(limits) if name.startswith("MAX_")}
    assert stated == expected
