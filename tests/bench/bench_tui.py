"""Time from start to an interactive home screen: an empty log against five years of history.

Floors (issue 4, "Fast"): with five years of history (60 month files, about 90,000 entries)
home is interactive within 1.0 s of the process starting, and within 1.3x of the empty-log
start; opening the log browser (its first page of rows on screen) on that history is printed
too, with a floor of 1.0 s. Each figure is the median of several fresh processes, measured from
the first line of the child process (imports included) to the moment the screen is ready.
Exits 1 when a floor is missed. Usage: `python tests/bench/bench_tui.py [--quick]`.
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import asyncio  # noqa: E402  (the clock starts before the imports it measures)
import json  # noqa: E402
import os  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from datetime import datetime, timedelta  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

HOME_FLOOR_S = 1.0
HOME_RATIO_FLOOR = 1.3
LOG_FLOOR_S = 1.0
MONTHS = 60
PER_MONTH = 1_500
BATCH = 500


def child(folder: str, what: str) -> None:
    """Start the real app headless on `folder`; print seconds to home (and to the log page)."""
    from outpost.tui import build_app
    from outpost.tui.screens.home import HomeScreen

    async def run() -> dict[str, float]:
        app = build_app(Path(folder))
        figures: dict[str, float] = {}
        async with app.run_test(size=(120, 36)) as pilot:
            assert isinstance(app.screen, HomeScreen)
            figures["home"] = time.perf_counter() - STARTED
            if what == "log":
                begun = time.perf_counter()
                await pilot.press("l")
                await app.workers.wait_for_complete()
                await pilot.pause()
                assert app.screen.query_one("#log").row_count > 0  # type: ignore[attr-defined]
                figures["log"] = time.perf_counter() - begun
        assert app.book is not None
        app.book.close()
        return figures

    print(json.dumps(asyncio.run(run())))


def make_history(folder: Path, months: int) -> int:
    """A station with `months` months of log written through the Logbook with a moving clock."""
    from outpost.logbook import Draft, Logbook
    from outpost.model import zone

    tz = zone("Asia/Shanghai")
    start = datetime(2026, 11, 1, 8, 0, tzinfo=tz)
    year, month = start.year, start.month
    firsts = []
    for _ in range(months):
        firsts.append(datetime(year, month, 1, 8, 0, tzinfo=tz))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    firsts.reverse()
    moment = firsts[0] if firsts else start

    def clock() -> datetime:
        return moment

    book = Logbook.create(
        folder, station_id="bench-post", name="银根戍边夫妻警务室", officers=["张伟"], clock=clock
    )
    try:
        book.add_many(
            Draft("household", {"household_id": f"hh-{n:04d}", "head": f"巴特尔{n}"})
            for n in range(40)
        )
        for first in firsts:
            for batch in range(PER_MONTH // BATCH):
                moment = first + timedelta(days=batch * 9, hours=batch)
                when = moment.isoformat()
                drafts = [
                    Draft(*draft_for(n), occurred_at=when)
                    for n in range(batch * BATCH, (batch + 1) * BATCH)
                ]
                book.add_many(drafts)
        return book.state.last_seq
    finally:
        book.close()


def draft_for(n: int) -> tuple[str, dict[str, Any]]:
    household = f"hh-{n % 40:04d}"
    if n % 5 == 0:
        return "patrol", {
            "started_at": "2020-01-01T08:00",
            "ended_at": "2020-01-01T12:00",
            "route": "银根—查干敖包边境线西段",
            "distance_km": 96,
            "markers": ["第207号界桩", "第208号界桩"],
        }
    if n % 5 == 1:
        return "herder_visit", {"household": household, "purpose": "welfare_check"}
    return "water_delivery", {"household": household, "litres": 800, "note": "旱情，第二次送水"}


def measure(folder: Path, what: str, runs: int) -> dict[str, float]:
    """Median figures over `runs` fresh processes."""
    samples: dict[str, list[float]] = {}
    env = dict(os.environ, OUTPOST_LANG="zh", TEXTUAL_ANIMATIONS="none")
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(folder), what],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        for key, value in json.loads(out.stdout.strip().splitlines()[-1]).items():
            samples.setdefault(key, []).append(value)
    return {key: statistics.median(values) for key, values in samples.items()}


def main() -> int:
    quick = "--quick" in sys.argv
    months = 6 if quick else MONTHS
    runs = 3 if quick else 5
    work = Path(tempfile.mkdtemp(prefix="bench-tui-"))
    try:
        empty = work / "empty"
        make_history(empty, 0)
        history = work / "history"
        began = time.perf_counter()
        entries = make_history(history, months)
        built = time.perf_counter() - began
        print(f"history: {entries} entries in {months} month files (built in {built:.1f} s)")
        measure(empty, "home", 1)  # warm the disk cache and the bytecode
        base = measure(empty, "home", runs)["home"]
        full = measure(history, "log", runs)
        ratio = full["home"] / base
        print(f"{'':32}{'seconds':>10}")
        print(f"{'home, empty log':32}{base:>10.3f}")
        floor = f"ratio {ratio:.2f} (floor {HOME_RATIO_FLOOR})"
        print(f"{'home, history':32}{full['home']:>10.3f}   {floor}")
        print(f"{'log browser page, history':32}{full['log']:>10.3f}   (floor {LOG_FLOOR_S})")
        missed = []
        if full["home"] > HOME_FLOOR_S:
            missed.append(f"home with history {full['home']:.3f} s > {HOME_FLOOR_S} s")
        if ratio > HOME_RATIO_FLOOR:
            missed.append(f"home ratio {ratio:.2f} > {HOME_RATIO_FLOOR}")
        if full["log"] > LOG_FLOOR_S:
            missed.append(f"log browser {full['log']:.3f} s > {LOG_FLOOR_S} s")
        for line in missed:
            print(f"FLOOR MISSED: {line}")
        return 1 if missed else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3])
        sys.exit(0)
    sys.exit(main())
