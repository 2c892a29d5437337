"""Cost of saving one entry: an empty log against five years of history, ours against stock TinyDB.

Prints one table. Floors (issue 2, "Fast"): with five years of history (60 months, about
90,000 entries, the current month partly filled) one save costs at most 1.5x the empty-log save
and under 15 ms (median); a whole `outpost add` process is within 1.5x of the empty-log one.
Stock TinyDB (`JSONStorage`, the same entries in one file) is printed for contrast, no floor.
Exits 1 when a floor is missed. Usage: `python tests/bench/bench_logbook.py [--quick]`.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.table import Document

from outpost.logbook import Logbook
from outpost.logbook.pages import PAGE_ENTRIES
from outpost.model import (
    GENESIS,
    Entry,
    build_entry,
    entry_hash,
    format_time,
    month_of,
    zone,
)
from outpost.store.files import atomic_write, write_json

TZ = zone("Asia/Shanghai")
STATION = "yingen-couple-post"
NOW = datetime.now(TZ).replace(microsecond=0)
"""The history ends in the real current month: `outpost add` processes save with the real clock."""
MONTHS = 60
PER_MONTH = 1_500
CURRENT_MONTH = 1_400  # the current month is not over
HOUSEHOLDS = 40
WATER = {"household": "hh-0007", "litres": 800, "note": "旱情，第二次送水"}

SAVE_RATIO_FLOOR = 1.5
SAVE_MS_FLOOR = 15.0
PROCESS_RATIO_FLOOR = 1.5


class Clock:
    """A laptop clock that moves one second per reading, inside the benchmark's month."""

    def __init__(self) -> None:
        self.moment = NOW

    def __call__(self) -> datetime:
        self.moment += timedelta(seconds=1)
        return self.moment


def month_starts() -> list[datetime]:
    """The first day of each of the 60 months ending with NOW's month, oldest first."""
    starts = []
    year, month = NOW.year, NOW.month
    for _ in range(MONTHS):
        starts.append(datetime(year, month, 1, 8, 0, tzinfo=TZ))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return starts[::-1]


def history_data(
    seq: int, moment: datetime, recent: dict[str, Entry]
) -> tuple[str, dict[str, Any]]:
    """A plausible mix of a station's work: mostly water and visits, some patrols and medicine,
    and corrections (1 % amendments, 0.5 % voids) whose current view the state keeps forever."""
    if seq > HOUSEHOLDS and seq % 100 == 50:
        target = recent["water_delivery"]
        new = dict(target["data"], litres=target["data"]["litres"] + 100)
        return "amendment", {"target": target["id"], "data": new, "reason": "数量录错"}
    if seq > HOUSEHOLDS and seq % 200 == 150 + 1:
        return "void", {"target": recent["herder_visit"]["id"], "reason": "重复录入"}
    if seq <= HOUSEHOLDS:
        return "household", {
            "household_id": f"hh-{seq:04d}",
            "head": f"巴特尔{seq}",
            "gacha": "查干嘎查",
            "members": 4,
        }
    household = f"hh-{seq % HOUSEHOLDS + 1:04d}"
    pick = seq % 10
    if pick < 4:
        return "water_delivery", {"household": household, "litres": 400 + seq % 5 * 100}
    if pick < 7:
        return "herder_visit", {
            "household": household,
            "purpose": "welfare_check",
            "people_met": 3,
            "note": "走访，了解生产生活情况",
        }
    if pick < 8:
        return "patrol", {
            "started_at": format_time(moment - timedelta(hours=3)),
            "ended_at": format_time(moment),
            "route": "银根—乌力吉边境线",
            "distance_km": 42.5,
            "mode": "vehicle",
            "markers": ["381", "382"],
        }
    if pick < 9:
        return "medicine_stock", {"items": [{"medicine": "布洛芬", "quantity": 4, "unit": "盒"}]}
    return "medicine_handout", {
        "recipient": "其其格",
        "household": household,
        "items": [{"medicine": "布洛芬", "quantity": 1, "unit": "盒"}],
    }


def write_history(folder: Path) -> int:
    """Fill a new station with 60 months of chained entries, in the store's layout (a month goes
    on in page files of PAGE_ENTRIES), without state: the first open rebuilds it."""
    book = Logbook.create(folder, station_id=STATION, name="银根戍边夫妻警务室", officers=["张伟"])
    book.close()
    prev = GENESIS
    seq = 0
    recent: dict[str, Entry] = {}
    for start in month_starts():
        month = start.strftime("%Y-%m")
        table: dict[str, Entry] = {}
        current = (start.year, start.month) == (NOW.year, NOW.month)
        for i in range(CURRENT_MONTH if current else PER_MONTH):
            seq += 1
            moment = start + timedelta(minutes=20 * i)  # 1,500 x 20 min fits in 21 days
            kind, data = history_data(seq, moment, recent)
            entry = build_entry(
                station=STATION,
                seq=seq,
                prev=prev,
                kind=kind,
                data=data,
                occurred_at=format_time(moment),
                recorded_at=format_time(moment + timedelta(minutes=5)),
                officers=["张伟"],
            )
            prev = entry_hash(entry)
            recent[kind] = entry
            table[str(seq)] = entry
        keys = list(table)
        for number, first in enumerate(range(0, len(keys), PAGE_ENTRIES), start=1):
            page = {k: table[k] for k in keys[first : first + PAGE_ENTRIES]}
            name = f"{month}.json" if number == 1 else f"{month}.{number}.json"
            write_json(folder / "log" / name, {"_default": page})
    assert month_of(entry["recorded_at"], TZ) == NOW.strftime("%Y-%m")
    (folder / "state.json").unlink()  # the first open rebuilds it from the log, as after a loss
    return seq


def fresh_station(folder: Path) -> None:
    book = Logbook.create(folder, station_id=STATION, name="银根戍边夫妻警务室", officers=["张伟"])
    book.add("household", {"household_id": "hh-0007", "head": "巴特尔"})
    book.close()


def time_saves(folders: list[Path], saves: int, probe: Path) -> list[list[float]]:
    """Milliseconds of each `Logbook.add` of one water delivery, per folder, then of one bare
    crash-safe write of 1 kB to `probe` (the disk's own price). They take turns, so that
    whatever else the machine does weighs on each of them alike."""
    books = [Logbook.open(folder, clock=Clock()) for folder in folders]
    times: list[list[float]] = [[] for _ in range(len(books) + 1)]
    try:
        for book in books:
            book.add("water_delivery", WATER)  # warm-up: the month file is read here
        for _ in range(saves):
            for book, spent in zip(books, times, strict=False):
                started = time.perf_counter()
                book.add("water_delivery", WATER)
                spent.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            atomic_write(probe, b"x" * 1000)
            times[-1].append((time.perf_counter() - started) * 1000)
    finally:
        for book in books:
            book.close()
    return times


def time_stock_tinydb(path: Path, entries: list[Entry], saves: int) -> list[float]:
    """Milliseconds of each stock TinyDB insert into a JSONStorage file holding `entries`."""
    with TinyDB(path) as db:
        db.insert_multiple(Document(e, doc_id=e["seq"]) for e in entries)
    times = []
    template = entries[-1] if entries else None
    with TinyDB(path) as db:
        for i in range(saves):
            doc = dict(template or {"data": WATER}, seq=len(entries) + i + 1)
            started = time.perf_counter()
            db.insert(Document(doc, doc_id=doc["seq"]))
            times.append((time.perf_counter() - started) * 1000)
    return times


def time_process(folders: list[Path], runs: int) -> list[list[float]]:
    """Milliseconds of whole `python -m outpost add water_delivery` processes, per folder,
    taking turns (the first round warms the page cache and .pyc files and is not counted)."""
    env = dict(os.environ, OUTPOST_LANG="en")
    times: list[list[float]] = [[] for _ in folders]
    for run in range(runs + 1):
        for folder, spent in zip(folders, times, strict=True):
            argv = [sys.executable, "-m", "outpost", "add", "water_delivery"]
            argv += ["--data", '{"household": "hh-0007", "litres": 800}']
            # The same delivery again is a plausibility warning (a likely double entry): --yes
            # saves it after the check has run, as an officer confirming would.
            argv += ["--data-dir", str(folder), "--yes"]
            started = time.perf_counter()
            subprocess.run(argv, check=True, capture_output=True, env=env)
            if run:
                spent.append((time.perf_counter() - started) * 1000)
    return times


def all_entries(folder: Path) -> list[Entry]:
    book = Logbook.open(folder)
    try:
        return list(book.entries())
    finally:
        book.close()


def median(values: list[float]) -> float:
    return statistics.median(values)


def row(name: str, values: list[float], base: float | None = None) -> str:
    med = median(values)
    ratio = f"{med / base:6.2f}x" if base else "      -"
    p90 = sorted(values)[int(len(values) * 0.9) - 1] if len(values) >= 10 else max(values)
    return f"  {name:<46} {med:9.2f} {p90:9.2f} {ratio}  (n={len(values)})"


def measure(label: str, fn: Callable[[], list[float]]) -> list[float]:
    print(f"  measuring {label} ...", flush=True)
    return fn()


def main() -> int:
    quick = "--quick" in sys.argv
    saves = 40 if quick else 200
    runs = 3 if quick else 9
    root = Path(tempfile.mkdtemp(prefix="outpost-bench-"))
    try:
        empty_dir, history_dir = root / "empty", root / "history"
        started = time.perf_counter()
        fresh_station(empty_dir)
        total = write_history(history_dir)
        print(
            f"history: {MONTHS} months ({len(list((history_dir / 'log').iterdir()))} files of "
            f"up to {PAGE_ENTRIES} entries), {total:,} entries, {CURRENT_MONTH:,} in the "
            f"current month, written in {time.perf_counter() - started:.1f} s"
        )
        started = time.perf_counter()
        history = all_entries(history_dir)  # the first open rebuilds the state
        print(f"  state rebuilt from the log at open in {time.perf_counter() - started:.1f} s")
        size = sum(p.stat().st_size for p in (history_dir / "log").iterdir()) / 1e6
        derived = ", ".join(
            f"{p.name} {p.stat().st_size:,} B" for p in sorted(history_dir.glob("*.json"))
        )
        print(f"  log on disk {size:.1f} MB; {derived}")

        print("  measuring saves in process ...", flush=True)
        save_empty, save_history, bare_write = time_saves(
            [empty_dir, history_dir], saves, root / "probe.json"
        )
        stock_empty = measure(
            "stock TinyDB, empty", lambda: time_stock_tinydb(root / "stock-empty.json", [], 20)
        )
        stock_history = measure(
            "stock TinyDB, 5 years",
            lambda: time_stock_tinydb(root / "stock-history.json", history, 3 if quick else 5),
        )
        print("  measuring outpost add processes ...", flush=True)
        proc_empty, proc_history = time_process([empty_dir, history_dir], runs)
    finally:
        shutil.rmtree(root, ignore_errors=True)

    base_save, base_proc = median(save_empty), median(proc_empty)
    print(f"\n  {'one save (ms)':<46} {'median':>9} {'p90':>9} {'ratio':>7}")
    print(row("outpost Logbook.add, empty log (baseline)", save_empty, base_save))
    print(row("outpost Logbook.add, 5 years of history", save_history, base_save))
    print(row("one crash-safe write of 1 kB (2 fsyncs)", bare_write, base_save))
    print(row("stock TinyDB JSONStorage insert, empty", stock_empty, base_save))
    print(row("stock TinyDB JSONStorage insert, 5 years", stock_history, base_save))
    print(row("outpost add process, empty log (baseline)", proc_empty, base_proc))
    print(row("outpost add process, 5 years of history", proc_history, base_proc))

    checks = [
        (
            f"save with history <= {SAVE_RATIO_FLOOR}x empty-log save",
            median(save_history) <= SAVE_RATIO_FLOOR * base_save,
        ),
        (f"save with history < {SAVE_MS_FLOOR} ms median", median(save_history) < SAVE_MS_FLOOR),
        (
            f"outpost add process with history <= {PROCESS_RATIO_FLOOR}x empty-log process",
            median(proc_history) <= PROCESS_RATIO_FLOOR * base_proc,
        ),
    ]
    print()
    for name, ok in checks:
        print(f"  {'ok    ' if ok else 'MISSED'} {name}")
    return 0 if all(ok for _, ok in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
