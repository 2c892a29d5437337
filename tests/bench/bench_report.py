"""The brigade's monthly summary from an HQ archive of 1,000,000 entries (50 stations, 24 months).

Prints one table: the SQL summary of `outpost hq report` (outpost.hq.report_sql, over the indexed
`entries` table) against a plain Python pass over the same rows (every row read into Python, the
JSON of the wanted ones parsed, counted by outpost.reports.figures), both in this run, and checks
that both give the same figures. Floor (issue 5, "Fast"): the SQL summary of one month takes at
most 1 s (median of 5). Exits 1 when the floor is missed.

The archive is generated straight into SQLite (the HQ schema of outpost.hq.schema, executemany)
and cached under the temp folder, so later runs start at once.
Usage: `python tests/bench/bench_report.py [--rows N]`.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from outpost.hq.report_sql import hq_summary
from outpost.hq.schema import DDL
from outpost.model import zone
from outpost.model.months import previous_month
from outpost.reports.figures import MonthFigures, count_month, count_stock

STATIONS = 50
MONTHS = [f"{2025 + i // 12}-{i % 12 + 1:02d}" for i in range(24)]
FLOOR_SECONDS = 1.0
PACKET = 500
TZ = zone("Asia/Shanghai")
KINDS = [
    ("patrol", 25),
    ("water_delivery", 24),
    ("medicine_handout", 15),
    ("herder_visit", 17),
    ("assistance", 10),
    ("medicine_stock", 3),
    ("household", 3),
    ("amendment", 2),
    ("void", 1),
]
MEDICINES = [("布洛芬", "片"), ("藿香正气水", "支"), ("碘伏", "瓶"), ("感冒灵", "袋")]


def data_of(kind: str, rnd: random.Random, day: datetime) -> dict[str, Any]:
    """Realistic `data` of each kind (sizes and optional fields as the stations type them)."""
    household = f"hh-{rnd.randrange(1, 120):04d}"
    if kind == "patrol":
        start = day + timedelta(hours=rnd.randrange(6, 22))
        end = start + timedelta(minutes=rnd.randrange(30, 600))
        data: dict[str, Any] = {
            "started_at": start.isoformat(),
            "ended_at": end.isoformat(),
            "route": "界桩 101-108 沿线",
            "distance_km": rnd.randrange(20, 900) / 10,
            "mode": "vehicle",
        }
        if rnd.random() < 0.7:
            data["markers"] = [str(100 + rnd.randrange(40)) for _ in range(rnd.randrange(1, 6))]
        return data
    if kind == "water_delivery":
        return {"household": household, "litres": rnd.choice([500, 800, 1000]), "note": "旱情送水"}
    if kind in ("medicine_handout", "medicine_stock"):
        items = [
            {"medicine": m, "unit": u, "quantity": rnd.randrange(1, 30)}
            for m, u in rnd.sample(MEDICINES, rnd.randrange(1, 3))
        ]
        if kind == "medicine_stock":
            return {"items": [{**i, "quantity": i["quantity"] * 20} for i in items]}
        return {
            "recipient": "巴特尔",
            "household": household,
            "people": rnd.randrange(1, 4),
            "items": items,
        }
    if kind == "herder_visit":
        return {
            "household": household,
            "purpose": "welfare_check",
            "issues_raised": rnd.randrange(3),
            "issues_resolved": rnd.randrange(2),
        }
    if kind == "assistance":
        return {
            "category": rnd.choice(["errand", "parcel", "rescue", "transport"]),
            "description": "代办",
        }
    if kind == "household":
        return {"household_id": household, "head": "巴特尔", "gacha": "查干嘎查"}
    return {"target": str(uuid.UUID(int=rnd.getrandbits(128))), "reason": "更正"}


def rows(total: int) -> Iterator[tuple[Any, ...]]:
    """Rows of the `entries` table: `total` entries spread over the stations and months."""
    rnd = random.Random(5)
    names = [k for k, _ in KINDS]
    weights = [w for _, w in KINDS]
    per_station = total // STATIONS
    for s in range(STATIONS):
        station = f"station-{s:02d}"
        log_id = f"{s:032x}"
        prev = "0" * 64
        for seq in range(1, per_station + 1):
            month = MONTHS[(seq - 1) * len(MONTHS) // per_station]
            day = datetime(int(month[:4]), int(month[5:]), rnd.randrange(1, 29), tzinfo=TZ)
            kind = rnd.choices(names, weights)[0]
            data = json.dumps(data_of(kind, rnd, day), ensure_ascii=False, sort_keys=True)
            occurred = (day + timedelta(hours=9)).isoformat()
            entry_id = str(uuid.UUID(int=rnd.getrandbits(128)))
            digest = f"{rnd.getrandbits(256):064x}"
            body = (
                f'{{"data":{data},"id":"{entry_id}","kind":"{kind}","occurred_at":"{occurred}",'
                f'"officers":["张伟"],"prev":"{prev}","recorded_at":"{occurred}","seq":{seq},'
                f'"station":"{station}","v":1}}'
            )
            voided = 1 if rnd.random() < 0.01 else 0
            yield (
                station, log_id, seq, entry_id, kind, occurred, month, occurred, digest, body,
                data, voided, 0, "bench", None, prev,
            )  # fmt: skip
            prev = digest


def archive(total: int) -> Path:
    """The cached archive of `total` entries, generated on first use."""
    folder = Path(tempfile.gettempdir()) / "outpost-bench"
    folder.mkdir(exist_ok=True)
    path = folder / f"report-archive-{total}-v1.sqlite"
    if path.exists():
        with_packets(path, total)
        return path
    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    started = time.perf_counter()
    db = sqlite3.connect(partial)
    db.execute("PRAGMA journal_mode=OFF")
    db.execute("PRAGMA synchronous=OFF")
    for statement in DDL:
        db.execute(statement)
    db.executemany(
        "INSERT INTO stations (id, name, timezone, signing_key, fingerprint, enrolled_at, card)"
        " VALUES (?, ?, 'Asia/Shanghai', '-', '-', '2025-01-01T00:00:00+08:00', '{}')",
        [(f"station-{s:02d}", f"第{s:02d}警务室") for s in range(STATIONS)],
    )
    db.executemany(f"INSERT INTO entries VALUES ({', '.join('?' * 16)})", rows(total))
    db.commit()
    db.execute("ANALYZE")
    db.close()
    partial.rename(path)
    with_packets(path, total)
    print(f"generated {path} in {time.perf_counter() - started:.0f} s", flush=True)
    return path


def with_packets(path: Path, total: int) -> None:
    """The `packets` rows an importer writes: one per 500 entries of each station's log."""
    db = sqlite3.connect(path)
    if db.execute("SELECT COUNT(*) FROM packets").fetchone()[0] == 0:
        per_station = total // STATIONS
        rows = []
        for s in range(STATIONS):
            for first in range(1, per_station + 1, PACKET):
                last = min(first + PACKET - 1, per_station)
                month = MONTHS[(last - 1) * len(MONTHS) // per_station]
                at = f"{month}-28T12:00:00+08:00"
                rows.append(
                    (f"{s:04d}{first:012d}", f"station-{s:02d}", f"{s:032x}", f"p{first}",
                     first, last, last - first + 1, last - first + 1, at, at, "bench", "stick")
                )  # fmt: skip
        db.executemany(f"INSERT INTO packets VALUES ({', '.join('?' * 12)})", rows)
        db.commit()
    db.close()


def python_pass(db: sqlite3.Connection, month: str) -> dict[tuple[str, str], MonthFigures]:
    """The baseline: read every row into Python and count with outpost.reports.figures."""
    before = previous_month(month)
    wanted: dict[tuple[str, str], list[tuple[str, dict[str, Any]]]] = {}
    stock: dict[str, list[tuple[str, str, dict[str, Any]]]] = {}
    for station, kind, row_month, data, voided in db.execute(
        "SELECT station, kind, month, data, voided FROM entries"
    ):
        if voided or row_month > month:
            continue
        if row_month in (month, before):
            parsed = json.loads(data)
            wanted.setdefault((row_month, station), []).append((kind, parsed))
        else:
            parsed = json.loads(data) if kind in ("medicine_stock", "medicine_handout") else None
        if parsed is not None and kind in ("medicine_stock", "medicine_handout"):
            stock.setdefault(station, []).append((row_month, kind, parsed))
    out = {}
    for (m, station), records in wanted.items():
        figures = count_month(records)
        figures.stock = count_stock((k, d) for rm, k, d in stock.get(station, []) if rm <= m)
        out[(m, station)] = figures
    return out


def timed(func: Callable[[], Any], runs: int) -> tuple[float, float, Any]:
    """Median wall time, median CPU time (every thread of this process), and the result."""
    walls, cpus = [], []
    result = None
    for _ in range(runs):
        started, cpu = time.perf_counter(), time.process_time()
        result = func()
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), result


def main() -> int:
    total = int(sys.argv[sys.argv.index("--rows") + 1]) if "--rows" in sys.argv else 1_000_000
    path = archive(total)
    db = sqlite3.connect(path)
    started = time.perf_counter()
    for statement in DDL:  # as HQ does on opening: indexes added since the archive was cached
        db.execute(statement)
    db.commit()
    print(f"schema brought up to date on opening: {time.perf_counter() - started:.3f} s")
    db.execute("DROP TABLE IF EXISTS report_stock_moves")  # start cold: stock is recounted
    db.execute("DROP TABLE IF EXISTS report_stock_basis")
    db.commit()
    (held,) = db.execute("SELECT COUNT(*) FROM entries").fetchone()
    print(f"archive: {held:,} entries, {STATIONS} stations, {len(MONTHS)} months, {path}")
    started = time.perf_counter()
    hq_summary(db, "2026-12")
    print(
        f"first report after imports from every station (stock moves recounted): "
        f"{time.perf_counter() - started:.3f} s, no floor"
    )
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(
        f"{'month':<9} {'SQL (s)':>9} {'SQL CPU (s)':>12} {'Python pass (s)':>16} {'ratio':>7}"
        "  same figures"
    )
    failed = False
    for month in ("2026-06", "2026-12"):
        sql_s, sql_cpu, summary = timed(lambda m=month: hq_summary(db, m), 5)  # type: ignore[misc]
        py_s, _cpu, baseline = timed(lambda m=month: python_pass(db, m), 1)  # type: ignore[misc]
        same = all(
            row.figures.to_json() == baseline[(month, row.station)].to_json()
            and row.previous.to_json() == baseline[(previous_month(month), row.station)].to_json()
            for row in summary.stations
        )
        ratio = py_s / sql_s
        print(f"{month:<9} {sql_s:>9.3f} {sql_cpu:>12.3f} {py_s:>16.3f} {ratio:>6.1f}x  {same}")
        if sql_s > FLOOR_SECONDS or not same:
            failed = True
    print(
        f"floor: SQL summary of one month <= {FLOOR_SECONDS:.1f} s (median of 5): "
        + ("MISSED" if failed else "met")
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
