"""What HQ holds of one station log: the run from seq 1, the gaps, the ranges above, the count.

One function answers it for the station listing, the acks HQ signs and the summaries' coverage.
It reads index seeks only when the log has no gap (the usual case): the lowest and highest seq
held, and how many entries the log's packets brought; a window over the log's seqs runs only
when those disagree.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from outpost.model import GENESIS
from outpost.model.ranges import Range, subtract


@dataclass
class Holdings:
    """What HQ holds of one station log: the run from seq 1, the ranges above it, the count."""

    station: str
    log_id: str
    contiguous_through: int
    hash: str
    """Hash of the entry at `contiguous_through` (64 zeros when it is 0)."""
    held_above: list[Range]
    missing: list[Range]
    entries: int
    packets: int
    """Packets accepted for this log (each brought at least one new entry)."""
    highest_seq: int = 0
    last_recorded_at: str | None = None
    """When the station recorded the entry at `highest_seq` (None when nothing is held)."""
    through_recorded_at: str | None = None
    """When the station recorded the entry at `contiguous_through` (None when it is 0)."""


_WHERE = "FROM entries WHERE station = ? AND log_id = ?"

_GAPS = f"""
SELECT seq + 1, next - 1 FROM (
  SELECT seq, LEAD(seq) OVER (ORDER BY seq) AS next {_WHERE})
WHERE next > seq + 1
"""
"""The ranges missing between held seqs, found by one window over the log's seqs."""


def holdings(db: sqlite3.Connection, station: str, log_id: str) -> Holdings:
    """What HQ holds of `station`'s log `log_id` (nothing held: through 0, no ranges)."""
    key = (station, log_id)
    packets, counted = db.execute(
        "SELECT COUNT(*), TOTAL(new_entries) FROM packets WHERE station = ? AND log_id = ?", key
    ).fetchone()
    (first,) = db.execute(f"SELECT MIN(seq) {_WHERE}", key).fetchone()
    (last,) = db.execute(f"SELECT MAX(seq) {_WHERE}", key).fetchone()
    if last is None:
        return Holdings(station, log_id, 0, GENESIS, [], [], 0, int(packets))
    # Every entry came in by a packet that counted it, so as many entries as the highest seq,
    # from seq 1, means no gap.
    gapless = first == 1 and int(counted) == last
    missing: list[Range] = []
    if not gapless:
        missing = [[1, first - 1]] if first > 1 else []
        missing += [[int(lo), int(hi)] for lo, hi in db.execute(_GAPS, key)]
    count = last if gapless else db.execute(f"SELECT COUNT(*) {_WHERE}", key).fetchone()[0]
    through = missing[0][0] - 1 if missing else last
    hash_at, through_at = GENESIS, None
    if through:
        hash_at, through_at = db.execute(
            f"SELECT hash, recorded_at {_WHERE} AND seq = ?", (*key, through)
        ).fetchone()
    (recorded,) = db.execute(f"SELECT recorded_at {_WHERE} AND seq = ?", (*key, last)).fetchone()
    return Holdings(
        station=station,
        log_id=log_id,
        contiguous_through=through,
        hash=hash_at,
        held_above=[r for r in subtract(1, last, missing) if r[0] > through + 1],
        missing=missing,
        entries=int(count),
        packets=int(packets),
        highest_seq=int(last),
        last_recorded_at=recorded,
        through_recorded_at=through_at,
    )
