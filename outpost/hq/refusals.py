"""Packets HQ opened and refused: their seq range, digest and reason, kept in `refused_packets`.

A packet refused before its signature is checked (an unknown station, another key, a bad
signature) tells HQ nothing it can trust, and is not kept. One refused after (a created_at out
of bounds, decryption, an entry, the chain, a fork, a refused correction, a failure no check
foresaw) is the station's own: its signed header says which seqs it carried, so the station
detail can name it beside the gap it would have filled (outpost.brigade.stations).
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from outpost.errors import InputRefused, OutpostError, StorageFailed
from outpost.model import format_time
from outpost.sync.identity import unb64
from outpost.sync.packet import HEAD, packet_digest, read_packet, verify_packet

from .archive import HqArchive
from .checks import Recipient


def signed_header(recipient: Recipient, raw: bytes) -> dict[str, Any] | None:
    """The header of `raw` when it is an enrolled station's, signed with its key and addressed
    to this HQ (every check before decryption passes); else None."""
    try:
        sealed = read_packet(raw)
        header = sealed.header
        station = recipient.stations.get(header["station"])
        if station is None or header["station_key"] != station["fingerprint"]:
            return None
        if (header["hq"], header["hq_key"]) != (recipient.hq_id, recipient.fingerprint):
            return None
        verify_packet(sealed, Ed25519PublicKey.from_public_bytes(unb64(station["signing_key"])))
    except (InputRefused, KeyError, ValueError):
        return None
    return header


def keeps(refusal: OutpostError) -> bool:
    """Whether a refusal is the packet's own (kept), not the disk's or the lock's."""
    return not isinstance(refusal, StorageFailed) and refusal.exit_code in (3, 4)


def record_refusal(
    archive: HqArchive,
    header: dict[str, Any],
    digest: str,
    refusal: OutpostError,
    source: str,
    via: str,
) -> None:
    """Keep a refused packet's span, digest and reason (once per digest: the first reason
    stays). A head-only packet carries no seqs and is not kept. Written by the caller under
    HQ's write lock; a disk that refuses this row loses only the note, not the refusal."""
    if header.get("type") == HEAD or not keeps(refusal):
        return
    row = (
        digest,
        header["station"],
        header["log_id"],
        header["first_seq"],
        header["last_seq"],
        refusal.key,
        json.dumps(refusal.params, ensure_ascii=False, default=str),
        source,
        via,
        format_time(archive.clock()),
    )
    with contextlib.suppress(sqlite3.Error), archive.transaction() as db:
        db.execute(
            "INSERT OR IGNORE INTO refused_packets (digest, station, log_id, first_seq,"
            " last_seq, reason, params, source, via, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            row,
        )


def record_refused_bytes(
    archive: HqArchive, raw: bytes, refusal: OutpostError, source: str, via: str
) -> None:
    """`record_refusal` for a packet refused by its checks, under HQ's write lock: kept when
    its signed header is genuine (the refusal came after the signature). A packet refused
    before costs a header read and a signature check, and no lock."""
    if not keeps(refusal):
        return
    header = signed_header(Recipient.of(archive), raw)
    if header is None:
        return
    # A write lock that cannot be had (another writer for minutes, a disk refusing its file)
    # loses the note only: the refusal itself is what the caller reports.
    with contextlib.suppress(OSError, OutpostError), archive.writing():
        record_refusal(archive, header, packet_digest(raw), refusal, source, via)
