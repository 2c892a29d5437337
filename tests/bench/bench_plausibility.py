"""Cost of the plausibility check before a save, on a log of 10,000 entries.

Prints one table: the median milliseconds of `Logbook.add` alone, of `check_draft` for an entry
now (the usual case) and for one 31 days back (the most it reads: the newest 500 entries, two or
three page files), and of both together. Floor: a check costs under 100 ms even then, so an add
with its warnings stays well under a human's notice. Exits 1 when it is missed.
Usage: `python tests/bench/bench_plausibility.py`.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from bench_logbook import NOW, STATION, TZ, Clock, history_data

from outpost.logbook import Draft, Logbook
from outpost.logbook.pages import PAGE_ENTRIES
from outpost.model import GENESIS, Entry, build_entry, entry_hash, format_time
from outpost.station.plausibility import check_draft
from outpost.store.files import write_json

ENTRIES = 10_000
PER_MONTH = 1_500
CHECK_MS_FLOOR = 100.0
RUNS = 30


def write_log(folder: Path) -> None:
    """A station of ENTRIES chained entries, PER_MONTH a month, ending now, in the store's
    layout; its state is rebuilt on the first open."""
    book = Logbook.create(folder, station_id=STATION, name="银根戍边夫妻警务室", officers=["张伟"])
    book.close()
    months = -(-ENTRIES // PER_MONTH)
    start = NOW - timedelta(minutes=20 * ENTRIES)
    prev, recent = GENESIS, {}
    pages: dict[str, dict[str, Entry]] = {}
    for seq in range(1, ENTRIES + 1):
        moment = start + timedelta(minutes=20 * seq)
        kind, data = history_data(seq, moment, recent)
        entry = build_entry(station=STATION, seq=seq, prev=prev, kind=kind, data=data,
                            occurred_at=format_time(moment),
                            recorded_at=format_time(moment + timedelta(minutes=1)),
                            officers=["张伟"])  # fmt: skip
        prev = entry_hash(entry)
        recent[kind] = entry
        pages.setdefault(moment.astimezone(TZ).strftime("%Y-%m"), {})[str(seq)] = entry
    for month, table in pages.items():
        keys = list(table)
        for number, first in enumerate(range(0, len(keys), PAGE_ENTRIES), start=1):
            page = {k: table[k] for k in keys[first : first + PAGE_ENTRIES]}
            name = f"{month}.json" if number == 1 else f"{month}.{number}.json"
            write_json(folder / "log" / name, {"_default": page})
    (folder / "state.json").unlink()
    print(f"{ENTRIES} entries over {len(pages)} months (about {months} of {PER_MONTH})")


def median_ms(fn: Callable[[], object]) -> float:
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "station"
        write_log(folder)
        clock = Clock()
        with Logbook.open(folder, clock=clock) as book:
            water = {"household": "hh-0007", "litres": 800}
            back = format_time(clock.moment - timedelta(days=31))
            now_ms = median_ms(lambda: check_draft(book, Draft("water_delivery", water)))
            back_ms = median_ms(lambda: check_draft(book, Draft("water_delivery", water, back)))
            add_ms = median_ms(lambda: book.add("water_delivery", {**water, "litres": 1}))

            def both() -> None:
                draft = Draft("water_delivery", {**water, "litres": 2})
                check_draft(book, draft)
                book.add(draft.kind, draft.data)

            both_ms = median_ms(both)
    print(f"{'Logbook.add alone':<34}{add_ms:8.2f} ms")
    print(f"{'check, an entry now':<34}{now_ms:8.2f} ms")
    print(f"{'check, an entry 31 days back':<34}{back_ms:8.2f} ms")
    print(f"{'check + add (outpost add)':<34}{both_ms:8.2f} ms")
    worst = max(now_ms, back_ms)
    if worst > CHECK_MS_FLOOR:
        print(f"floor missed: a check took {worst:.1f} ms (floor {CHECK_MS_FLOOR} ms)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
