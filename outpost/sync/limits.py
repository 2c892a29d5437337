"""The caps every packet and ack honours, on both sides (docs/packet-format.md: bounded sizes)."""

from __future__ import annotations

MAX_PACKET_BYTES = 8 * 1024 * 1024
"""A packet file larger than this is refused before it is read."""

MAX_HEADER_BYTES = 4 * 1024
"""The canonical JSON header of a packet or ack is at most this long."""

MAX_ENTRIES = 5_000
"""Entries in one packet; a longer backlog leaves as several packets."""

MAX_PLAINTEXT_BYTES = 64 * 1024 * 1024
"""The decompressed body may announce at most this many bytes (a bomb stops here)."""

MAX_ACK_BYTES = 64 * 1024
"""An ack file larger than this is refused before it is read."""

MAX_CARD_BYTES = 16 * 1024
"""A card file larger than this is refused before it is parsed."""

MAX_RANGES = 500
"""Ranges an ack may list above the contiguous part (HQ merges; more means a hostile ack)."""
