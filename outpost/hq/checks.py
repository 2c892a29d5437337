"""The checks of a packet that need no database: station and keys, signature, decryption, entries.

They run in the order of docs/packet-format.md ("What a reader checks, in order") and raise
InputRefused at the first that fails. They need HQ's `Recipient` only, not its database, so the
importer can run them in another process while it writes (outpost.hq.importer).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from outpost.errors import InputRefused
from outpost.i18n import t
from outpost.model import zone
from outpost.model.bounds import MAX_YEAR, MIN_YEAR, stored_time
from outpost.sync.identity import key_fingerprint, unb64
from outpost.sync.packet import open_packet, packet_digest, read_packet, verify_packet
from outpost.text import printable

from .archive import HqArchive
from .entry_rows import Row, entry_row


@dataclass(frozen=True)
class Recipient:
    """What checking a packet needs of HQ, and nothing of its database: its id, its
    decryption key and fingerprint, the enrolled stations (id -> row)."""

    hq_id: str
    key: X25519PrivateKey
    fingerprint: str
    stations: dict[str, dict[str, Any]]

    @classmethod
    def of(cls, archive: HqArchive) -> Recipient:
        enrolled = [row[0] for row in archive.db.execute("SELECT id FROM stations")]
        key = archive.keys.encryption
        return cls(
            hq_id=archive.id,
            key=key,
            fingerprint=key_fingerprint(key.public_key()),
            stations={s: row for s in enrolled if (row := archive.station(s)) is not None},
        )


@dataclass
class CheckedPacket:
    """A packet that passed every check that needs no database: station and keys, signature,
    decryption, bounded decompression, manifest, every entry, the chain; its entries as the
    archive's rows, ready to write."""

    header: dict[str, Any]
    digest: str
    rows: list[Row]
    """The archive's row of each entry, in seq order (none in a head-only packet)."""
    timezone: str
    source: str


def check_packet(recipient: Recipient, raw: bytes, source: str = "") -> CheckedPacket:
    """Every check that needs no database, in the order of docs/packet-format.md (InputRefused)."""
    sealed = read_packet(raw)
    header = sealed.header
    station = recipient.stations.get(header["station"])
    if station is None:
        raise InputRefused("hq.unknown_station", station=header["station"])
    if header["station_key"] != station["fingerprint"]:
        raise InputRefused(
            "hq.wrong_station_key", station=header["station"], fp=header["station_key"]
        )
    if header["hq"] != recipient.hq_id:
        raise InputRefused("hq.not_for_us", hq=header["hq"], own=recipient.hq_id)
    if header["hq_key"] != recipient.fingerprint:
        raise InputRefused("hq.wrong_hq_key", fp=header["hq_key"], own=recipient.fingerprint)
    verify_packet(sealed, Ed25519PublicKey.from_public_bytes(unb64(station["signing_key"])))
    tz = zone(station["timezone"])
    if stored_time(header["created_at"], tz) is None:  # HQ's listing reads it as a time
        reason = t(
            "bounds.time_range",
            field="created_at",
            value=header["created_at"],
            first=MIN_YEAR,
            last=MAX_YEAR,
        )
        raise InputRefused("packet.bad_header", reason=reason)
    opened = open_packet(sealed, recipient.key, tz)
    digest = packet_digest(raw)
    rows = [
        entry_row(entry, hash_, line, header["log_id"], tz, digest)
        for entry, hash_, line in zip(opened.entries, opened.hashes, opened.lines, strict=True)
    ]
    # The file's name as the archive records it: a stick's name may hold bytes that are not
    # UTF-8 (surrogates here), which SQLite cannot store; they become visible stand-ins.
    named = printable(source)
    return CheckedPacket(header, digest, rows, station["timezone"], named)
