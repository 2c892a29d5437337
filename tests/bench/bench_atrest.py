"""Cost of sealing a station at rest: one save and one open, sealed against clear, same history;
and the screens after the passphrase.

Five years of history (bench_logbook's: 60 months, about 90,000 entries) are written clear, then
a copy is sealed with `outpost encrypt`'s code (timed). Saves take turns on the two logs. Floors
(issue 14): a save on the sealed log costs at most 1.3x the save on the clear one (median); the
real station app (Pilot, 80x24) on the sealed log is interactive on home at most 1.0 s after
Enter on its unlock screen, beyond one Argon2id derivation at the real cost, timed on its own
in the same run. The clear log's app, from `build_app` to home interactive, is the baseline of
the ratio. Also printed: opening each log with the key in memory. Exits 1 when a floor is
missed. Usage: `python tests/bench/bench_atrest.py [--quick]`.
"""

from __future__ import annotations

import asyncio
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
UNLOCK_BEYOND_KDF_FLOOR_S = 1.0


def time_opens(folder: Path, runs: int, passphrase: bytes | None) -> list[float]:
    """Milliseconds to open the log (the key already derived: unlocked in this process)."""
    spent = []
    for _ in range(runs):
        started = time.perf_counter()
        Logbook.open(folder, clock=Clock(), read_only=True).close()
        spent.append((time.perf_counter() - started) * 1000)
    return spent


async def home_after(folder: Path, passphrase: bytes | None) -> float:
    """Seconds until the real app shows home, interactive (every event handled): for a clear
    log from `build_app` (the log opened) on; for a sealed one, locked in this process, from
    Enter on the unlock screen with the passphrase typed (the unlock file read, Argon2id, the
    log opened, home drawn)."""
    from textual.widgets import Input

    from outpost.tui import build_app
    from outpost.tui.screens.home import HomeScreen
    from outpost.tui.screens.unlock import UnlockScreen

    started = time.perf_counter()
    app = build_app(folder, clock=Clock())
    async with app.run_test(size=(80, 24)) as pilot:
        if passphrase is not None:
            await pilot.pause()
            assert isinstance(app.screen, UnlockScreen)
            field = app.screen.query_one("#in-passphrase", Input)
            field.insert_text_at_cursor(passphrase.decode())
            await pilot.pause()
            started = time.perf_counter()
            await pilot.press("enter")
        for _ in range(200):  # bounded: a few seconds at most
            if isinstance(app.screen, HomeScreen) and app.book is not None:
                break
            await pilot.pause(0.01)
        await pilot.pause()
        spent = time.perf_counter() - started
        assert isinstance(app.screen, HomeScreen)
    assert app.book is not None
    app.book.close()
    atrest.lock(folder)  # the next run unlocks again
    return spent


def time_unlocks(clear: Path, sealed: Path, runs: int) -> tuple[list[float], list[float]]:
    """Seconds to home, clear log and sealed log after Enter, taking turns (first runs warm
    the imports and are not counted)."""
    atrest.lock(sealed)
    asyncio.run(home_after(clear, None))
    asyncio.run(home_after(sealed, PASSPHRASE))
    clear_s, sealed_s = [], []
    for _ in range(runs):
        clear_s.append(asyncio.run(home_after(clear, None)))
        sealed_s.append(asyncio.run(home_after(sealed, PASSPHRASE)))
    return clear_s, sealed_s


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
        clear_home, sealed_home = time_unlocks(clear, sealed, 3 if quick else 5)
        base = statistics.median(clear_saves)
        ratio = statistics.median(sealed_saves) / base
        print(f"  {'ms':<46} {'median':>9} {'p90':>9}  ratio")
        print(row("Logbook.add, clear, 5 years", clear_saves, base))
        print(row("Logbook.add, sealed, 5 years", sealed_saves, base))
        print(row("one bare crash-safe write of 1 kB", bare, base))
        print(row("Logbook.open, clear, 5 years", opens[0]))
        print(row("Logbook.open, sealed, 5 years (key in memory)", opens[1], None))
        print(row(f"Argon2id at {WRAP_COST} (unlock, once)", derive))
        kdf = statistics.median(derive)
        home_base = statistics.median(clear_home) * 1000
        beyond = [s * 1000 - kdf for s in sealed_home]
        print(row("TUI home, clear, build_app to interactive", [s * 1000 for s in clear_home]))
        print(row("TUI home, sealed, Enter to interactive", [s * 1000 for s in sealed_home]))
        print(row("  the same less the Argon2id median", beyond, home_base))
        verdict = "met" if ratio <= SAVE_RATIO_FLOOR else "MISSED"
        print(f"sealed save / clear save: {ratio:.2f}x (floor {SAVE_RATIO_FLOOR}x): {verdict}")
        after = statistics.median(beyond) / 1000
        unlock_met = after <= UNLOCK_BEYOND_KDF_FLOOR_S
        print(
            f"TUI interactive after unlock, beyond Argon2id: {after:.3f} s "
            f"(floor {UNLOCK_BEYOND_KDF_FLOOR_S} s): {'met' if unlock_met else 'MISSED'}"
        )
        return 0 if ratio <= SAVE_RATIO_FLOOR and unlock_met else 1
    finally:
        atrest.lock(root / "sealed")
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
