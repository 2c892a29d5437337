"""What HQ holds of a log (outpost.hq.holdings), against a plain count of the seqs held."""

from __future__ import annotations

import sqlite3

from hypothesis import given
from hypothesis import strategies as st

from outpost.hq.holdings import holdings
from outpost.hq.schema import DDL
from outpost.model import GENESIS


def archive_holding(seqs: set[int], packet_sizes: list[int] | None = None) -> sqlite3.Connection:
    """An archive in memory holding entries `seqs` of log L1 of station s1, brought by packets
    whose `new_entries` add up to what they brought (as the importer writes them)."""
    db = sqlite3.connect(":memory:")
    for statement in DDL:
        db.execute(statement)
    db.executemany(
        "INSERT INTO entries VALUES ('s1', 'L1', ?, ?, 'patrol', '', '', ?, ?, '', '', 0, 0,"
        " NULL, NULL, '')",
        [(seq, f"e{seq}", f"2026-11-01T00:00:{seq % 60:02d}+08:00", f"h{seq}") for seq in seqs],
    )
    sizes = packet_sizes if packet_sizes is not None else ([len(seqs)] if seqs else [])
    db.executemany(
        "INSERT INTO packets VALUES (?, 's1', 'L1', 'p', 1, 1, 1, ?, '', '', '', 'stick')",
        [(f"d{i}", n) for i, n in enumerate(sizes)],
    )
    return db


def runs(seqs: set[int]) -> list[list[int]]:
    out: list[list[int]] = []
    for seq in sorted(seqs):
        if out and out[-1][1] == seq - 1:
            out[-1][1] = seq
        else:
            out.append([seq, seq])
    return out


@given(st.sets(st.integers(1, 60), max_size=40))
def test_holdings_are_the_runs_of_the_seqs_held(seqs: set[int]) -> None:
    """Through, ranges above, missing ranges, count and newest entry match the seqs held."""
    held = holdings(archive_holding(seqs), "s1", "L1")
    ranges = runs(seqs)
    through = ranges[0][1] if ranges and ranges[0][0] == 1 else 0
    top = max(seqs, default=0)
    assert held.contiguous_through == through
    assert held.hash == (f"h{through}" if through else GENESIS)
    assert held.held_above == [r for r in ranges if r[0] > through + 1]
    assert held.missing == runs(set(range(1, top + 1)) - seqs)
    assert held.entries == len(seqs)
    assert held.highest_seq == top
    assert held.packets == (1 if seqs else 0)
    assert (held.last_recorded_at is None) == (not seqs)


def test_a_log_from_seq_1_without_gaps_is_counted_without_reading_its_rows() -> None:
    """Two packets bringing 1-5 and 6-9: everything held through 9, nothing missing."""
    held = holdings(archive_holding(set(range(1, 10)), [5, 4]), "s1", "L1")
    assert (held.contiguous_through, held.missing, held.held_above) == (9, [], [])
    assert (held.entries, held.packets, held.highest_seq) == (9, 2, 9)
    assert held.hash == "h9"


def test_nothing_held_is_through_zero_at_the_genesis_hash() -> None:
    """A log HQ holds nothing of: through 0, no ranges, no entries."""
    held = holdings(archive_holding(set()), "s1", "L1")
    assert (held.contiguous_through, held.hash, held.missing, held.entries) == (0, GENESIS, [], 0)
    assert held.last_recorded_at is None
