"""Sync between a station and its HQ: identities and cards, sealed packets, signed acks, export.

The public surface, for the command line, the TUI and tests:

- `identity`: fingerprints, station and HQ cards, key files (`StationIdentity`, `HqIdentity`).
- `packet`: `seal_packet`, `read_packet`, `verify_packet`, `open_packet` (the byte format of
  docs/packet-format.md).
- `ack`: `seal_ack` / `open_ack` (the signed acknowledgement HQ sends back).
- `station`: the station side: `set_hq_card`, `export`, `apply_ack`, `station_key`.
- `status`: `sync_status(book)`, the numbers `outpost status` shows.
"""

from outpost.sync.limits import MAX_ENTRIES, MAX_HEADER_BYTES, MAX_PACKET_BYTES, MAX_PLAINTEXT_BYTES

__all__ = ["MAX_ENTRIES", "MAX_HEADER_BYTES", "MAX_PACKET_BYTES", "MAX_PLAINTEXT_BYTES"]
