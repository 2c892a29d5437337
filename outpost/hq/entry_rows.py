"""The archive's `entries` row of a checked entry, built where the packet is checked.

The checking process builds the rows and hands them to the writing one, which inserts them as
they are: flat tuples of text cross the process boundary at half the cost of the parsed
entries (outpost.hq.importer).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from outpost.model import Entry

from .corrections import CORRECTIONS

INSERT = (
    "INSERT INTO entries (station, log_id, seq, id, kind, occurred_at, month, recorded_at, hash,"
    " body, data, voided, amendments, packet, target, prev)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?, ?, ?)"
)

Row = tuple[Any, ...]
"""One entry's values in INSERT's order."""

SEQ, ID, KIND, HASH, TARGET, PREV = 2, 3, 4, 8, 12, 13
"""Where a Row holds the values the writing process reads."""


def entry_row(entry: Entry, digest: str, line: bytes, log_id: str, tz: Any, packet: str) -> Row:
    """The row of a checked `entry` (`line`: its canonical bytes, `digest`: their hash) that
    came in the packet whose digest is `packet`; `tz` is its station's zone."""
    occurred = entry["occurred_at"]
    target = entry["data"].get("target") if entry["kind"] in CORRECTIONS else None
    body = line.decode("utf-8")
    return (
        entry["station"],
        log_id,
        entry["seq"],
        entry["id"],
        entry["kind"],
        occurred,
        _month(occurred, tz),
        entry["recorded_at"],
        digest,
        body,
        data_text(body, entry["id"]),
        packet,
        target,
        entry["prev"],
    )


def data_text(body: str, entry_id: str) -> str:
    """The entry's `data` as compact JSON, keys sorted, cut out of its line rather than encoded
    again (a tenth of the cost). The checks refused any line but the canonical one of an
    envelope with exactly its ten keys, so `data` comes first and `id` second: its text runs
    from `{"data":` to the last `,"id":"<id>"` (a nested "id" inside data comes before it)."""
    return body[len(_DATA_OPENS) : body.rindex(f',"id":"{entry_id}"')]


_DATA_OPENS = '{"data":'


def _month(occurred: str, tz: Any) -> str:
    """`YYYY-MM` of `occurred` in the station's zone. Zones differ by at most 26 hours, so
    only a time within a day of a month's end can fall in another month there."""
    day = occurred[8:10]
    if "02" <= day <= "27":
        return occurred[:7]
    return datetime.fromisoformat(occurred).astimezone(tz).strftime("%Y-%m")
