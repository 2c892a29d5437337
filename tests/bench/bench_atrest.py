"""Cost of sealing a station at rest: one save and one open, sealed against clear, same history.

Five years of history (bench_logbook's: 60 months, about 90,000 entries) are written clear, then
a copy is sealed with `outpost encrypt`'s code (timed). Saves take turns on the two logs. Floor
(issue 14): a save on the sealed log costs at most 1.3x the save on the clear one (median).
Also printed: one Argon2id derivation at the real cost (what unlocking adds, once), and opening
each log (what the screens wait for after the passphrase). Exits 1 when the floor is missed.
Usage: `python tests/bench/bench_atrest.py [--quick]`.
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench_logbook import Clock, row, time_saves, write_history

from outpost.logbook import Logbook
from outpost.store import atrest
from outpost.store.kdf import WRAP_COST, derive_key
from outpost.store.vault import seal_folder

PASSPHRASE = b"camel-well-saxaul-41"
SAVE_RATIO_FLOOR = 1.3


def time_opens(folder: Path, runs: int, passphrase: bytes | None) -> list[float]:
    """Milliseconds to open the log (the key already derived: unlocked in this process)."""
    spent = []
    for _ in range(runs):
        started = time.perf_counter()
        Logbook.open(folder, clock=Clock(), read_only=True).close()
        spent.append((time.perf_counter() - started) * 1000)
    return spent


def main() -> int:
    quick = "--quick" in sys.argv
    saves = 40 if quick else 200
    root = Path(tempfile.mkdtemp(prefix="outpost-bench-atrest-"))
    try:
        clear, sealed = root / "clear", root / "sealed"
        total = write_history(clear)
        Logbook.open(clear).close()  # rebuild state.json once, as the first open does
        shutil.copytree(clear, sealed)
        started = time.perf_counter()
        seal_folder(sealed, PASSPHRASE)
        sealing = time.perf_counter() - started
        files = sum(1 for _ in (sealed / "log").iterdir())
        print(f"history: {total:,} entries in {files} page files; sealed in {sealing:.1f} s")
        derive = []
        for _ in range(3 if quick else 5):
            started = time.perf_counter()
            derive_key(PASSPHRASE, os.urandom(16), WRAP_COST)
            derive.append((time.perf_counter() - started) * 1000)
        opens = [time_opens(clear, 5, None), time_opens(sealed, 5, PASSPHRASE)]
        probe = root / "probe.bin"
        clear_saves, sealed_saves, bare = time_saves([clear, sealed], saves, probe)
        base = statistics.median(clear_saves)
        ratio = statistics.median(sealed_saves) / base
        print(f"  {'ms':<46} {'median':>9} {'p90':>9}  ratio")
        print(row("Logbook.add, clear, 5 years", clear_saves, base))
        print(row("Logbook.add, sealed, 5 years", sealed_saves, base))
        print(row("one bare crash-safe write of 1 kB", bare, base))
        print(row("Logbook.open, clear, 5 years", opens[0]))
        print(row("Logbook.open, sealed, 5 years (key in memory)", opens[1], None))
        print(row(f"Argon2id at {WRAP_COST} (unlock, once)", derive))
        verdict = "met" if ratio <= SAVE_RATIO_FLOOR else "MISSED"
        print(f"sealed save / clear save: {ratio:.2f}x (floor {SAVE_RATIO_FLOOR}x): {verdict}")
        return 0 if ratio <= SAVE_RATIO_FLOOR else 1
    finally:
        atrest.lock(root / "sealed")
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
