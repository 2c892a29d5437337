"""The caps every packet and ack honours, on both sides (docs/packet-format.md: "Caps").

Each cap is stated once here and once in the spec; the ones derived from others are computed,
so that no two can disagree (a field may never be allowed more than the file that holds it).
"""

from __future__ import annotations

MAGIC_AND_LENGTH_BYTES = {"packet": 17 + 4, "ack": 14 + 4}
"""The magic line and the u32 length before a packet's header or an ack's body."""

SIGNATURE_BYTES = 64
HPKE_OVERHEAD_BYTES = 32 + 16
"""X25519 encapsulated key + ChaCha20-Poly1305 tag around the compressed body."""

MAX_PACKET_BYTES = 8 * 1024 * 1024
"""A packet file larger than this is refused before it is read."""

MAX_HEADER_BYTES = 4 * 1024
"""A packet's canonical JSON header is at most this long."""

MAX_COMPRESSED_BYTES = (
    MAX_PACKET_BYTES - MAGIC_AND_LENGTH_BYTES["packet"] - HPKE_OVERHEAD_BYTES - SIGNATURE_BYTES
)
"""`compressed_size` at most (8,388,475): what fits in the file with an empty header; the
exact file length (17 + 4 + H + C + 48 + 64) then holds it to what fits beside the header."""

MAX_ENTRIES = 5_000
"""Entries in one packet; a longer backlog leaves as several packets."""

MAX_PLAINTEXT_BYTES = 64 * 1024 * 1024
"""The decompressed body may announce at most this many bytes (a bomb stops here)."""

MAX_RANGES = 500
"""Ranges an ack lists in `held_above`; HQ leaves the higher ones off and says so."""

MAX_ACK_BODY_BYTES = 32 * 1024
"""An ack's canonical JSON body is at most this long: MAX_RANGES ranges of the largest seqs
(42 bytes each: `[9223372036854775807,9223372036854775807],`) and the longest other fields
(under 700 bytes) always fit, so every ack HQ writes is one a station can read."""

MAX_ACK_BYTES = MAGIC_AND_LENGTH_BYTES["ack"] + MAX_ACK_BODY_BYTES + SIGNATURE_BYTES
"""An ack file larger than this (32,850 bytes) is refused before it is read."""

MAX_CARD_BYTES = 16 * 1024
"""A card file larger than this is refused before it is parsed."""
