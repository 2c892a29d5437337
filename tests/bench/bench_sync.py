"""Sync speed: HQ import of 100,000 entries against a floor pipeline, and a station's export.

HQ import: 4 stations x 25,000 entries (realistic kinds and data, spread over 12 months), sealed
by each station's real key into packets of 5,000, imported by `import_packet` into a fresh
archive by `import_packets` (what `outpost hq import FOLDER` runs): every check of
docs/packet-format.md, one transaction per packet. The floor pipeline, measured in
the same run on the same packet files and the same SQLite settings (WAL, synchronous=FULL, the
archive's cache size): HPKE open, decompress, JSON parse, and one insert per entry of the
archive's own row into the archive's own `entries` table (its DDL, so its indexes), in one
transaction per packet; no checks. The floor thus isolates what the checks cost: signature,
schemas, chain, fork detection, held ranges, corrections. A bare six-column table is timed too,
for reference. Floor (issue 3, "Fast"): the import reaches at least 50 % of the floor's entries
per second (best of the interleaved runs of each).

Station export: a log of 10,000 entries sealed by `export` into the outbox (time reported; for
scale, sealing the same entries with `seal_packet` alone is printed beside it, no floor).

Exits 1 when the floor is missed. Usage: `python tests/bench/bench_sync.py [--quick]`.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import struct
import sys
import tempfile
import time
import zlib
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from outpost.hq import HqArchive
from outpost.hq.commit import ImportResult
from outpost.hq.entry_rows import INSERT as ARCHIVE_INSERT
from outpost.hq.importer import import_packets
from outpost.hq.schema import DDL
from outpost.logbook import Draft, Logbook
from outpost.model import (
    GENESIS,
    Entry,
    build_entry,
    entry_hash,
    format_time,
    validate_entry,
    zone,
)
from outpost.sync.identity import station_card
from outpost.sync.limits import MAX_ENTRIES
from outpost.sync.packet import INFO_LABEL, MAGIC, SUITE, parse_json, seal_packet
from outpost.sync.station import export, set_hq_card, station_key

TZ = zone("Asia/Shanghai")
PASSPHRASE = b"bench passphrase"
STATIONS = 4
FLOOR_SHARE = 0.5
ROUNDS = 3
START = datetime(2026, 1, 1, 8, 0, tzinfo=TZ)


def data_for(kind: str, i: int) -> dict[str, Any]:
    """Realistic `data` of each kind, varying with `i`."""
    household = f"hh-{i % 40:04d}"
    if kind == "household":
        return {"household_id": household, "head": "巴特尔", "gacha": "查干嘎查", "members": 4}
    if kind == "water_delivery":
        return {"household": household, "litres": 400 + (i % 12) * 100, "note": "旱情, 送水"}
    if kind == "herder_visit":
        return {"household": household, "purpose": "welfare_check", "issues_raised": i % 3}
    if kind == "medicine_handout":
        return {
            "recipient": "其其格",
            "household": household,
            "items": [{"medicine": "布洛芬", "quantity": 1 + i % 3, "unit": "盒"}],
        }
    if kind == "assistance":
        return {"category": "parcel", "description": f"代取包裹 {i}", "household": household}
    return {
        "started_at": "2026-01-01T06:00:00+08:00",
        "ended_at": "2026-01-01T11:30:00+08:00",
        "route": "界桩 101-108",
        "distance_km": 42.5,
        "mode": "vehicle",
        "markers": ["101", "102", "103"],
    }


KINDS = ("water_delivery", "herder_visit", "medicine_handout", "assistance", "patrol")


def station_log(station: str, count: int) -> list[Entry]:
    """`count` chained entries of `station`: 40 households, then a mix of the daily kinds."""
    entries: list[Entry] = []
    prev = GENESIS
    for i in range(count):
        kind = "household" if i < 40 else KINDS[i % len(KINDS)]
        at = format_time(START + timedelta(minutes=i * 525_000 // count))
        entry = build_entry(
            station=station,
            seq=i + 1,
            prev=prev,
            kind=kind,
            data=data_for(kind, i),
            occurred_at=at,
            recorded_at=at,
            officers=["张伟"],
        )
        prev = entry_hash(entry)
        entries.append(entry)
    return entries


def make_packets(folder: Path, total: int) -> tuple[list[bytes], list[dict[str, Any]], Any]:
    """Packets of `total` entries from STATIONS stations sealed to a new HQ in `folder`; the
    station cards to enroll; and HQ's keys."""
    hq = HqArchive.create(folder / "keys", hq_id="bench-hq", name="基准大队", passphrase=PASSPHRASE)
    card, keys = hq.card, hq.keys
    hq.close()
    packets: list[bytes] = []
    cards = []
    for n in range(STATIONS):
        station = f"bench-post-{n}"
        key = Ed25519PrivateKey.generate()
        cards.append(station_card(station, station, "Asia/Shanghai", key.public_key(), "x"))
        log = station_log(station, total // STATIONS)
        log_id = f"{n:032x}"
        for at in range(0, len(log), MAX_ENTRIES):
            packets.append(
                seal_packet(
                    log[at : at + MAX_ENTRIES],
                    station_key=key,
                    log_id=log_id,
                    hq_card=card,
                    created_at="2026-12-31T20:00:00+08:00",
                )
            )
    return packets, cards, keys


def run_import(folder: Path, packets: list[bytes], cards: list[dict[str, Any]]) -> float:
    """Seconds for `import_packets` (what `outpost hq import` runs) of every packet, as files
    in a folder, into a fresh archive (HQ keys copied in)."""
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(folder.parent / "keys", folder)
    inbox = folder.parent / "inbox"
    if not inbox.exists():
        inbox.mkdir()
        for number, raw in enumerate(packets):
            (inbox / f"{number:04d}.opk").write_bytes(raw)
    files = sorted(inbox.glob("*.opk"))
    hq = HqArchive.open(folder)
    try:
        hq.unlock(PASSPHRASE)
        for card in cards:
            hq.enroll(card)
        started = time.perf_counter()
        for path, result in import_packets(hq, files):
            assert isinstance(result, ImportResult), (path, result)
            assert result.status == "new" and result.new_entries == MAX_ENTRIES, result
        elapsed = time.perf_counter() - started
        (held,) = hq.db.execute("SELECT COUNT(*) FROM entries").fetchone()
        assert held == sum(MAX_ENTRIES for _ in packets), held
    finally:
        hq.close()
    return elapsed


BARE_TABLE = (
    "CREATE TABLE entries (station TEXT NOT NULL, seq INTEGER NOT NULL, id TEXT NOT NULL,"
    " kind TEXT NOT NULL, occurred_at TEXT NOT NULL, body TEXT NOT NULL,"
    " PRIMARY KEY (station, seq))"
)
_compact = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode


def run_floor(
    path: Path, packets: list[bytes], hq_key: X25519PrivateKey, *, archive_table: bool
) -> float:
    """Seconds for the floor pipeline: HPKE open, decompress, parse, one insert per entry, no
    checks. With `archive_table` the insert is the archive's own row into the archive's own
    `entries` table (its DDL and pragmas); otherwise a bare six-column table."""
    for stale in path.parent.glob(path.name + "*"):
        stale.unlink()
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("PRAGMA cache_size=-65536")
    if archive_table:
        for statement in DDL:
            db.execute(statement)
    else:
        db.execute(BARE_TABLE)
    started = time.perf_counter()
    for raw in packets:
        at = len(MAGIC)
        (length,) = struct.unpack(">I", raw[at : at + 4])
        header = json.loads(raw[at + 4 : at + 4 + length])
        header_bytes = raw[at + 4 : at + 4 + length]
        sealed = raw[at + 4 + length : -64]
        body = zlib.decompress(SUITE.decrypt(sealed, hq_key, info=INFO_LABEL + header_bytes))
        lines = body.split(b"\n")[1:-1]
        rows: list[tuple[Any, ...]] = []
        for line in lines:
            entry = json.loads(line)
            if archive_table:
                rows.append(
                    (
                        entry["station"],
                        header["log_id"],
                        entry["seq"],
                        entry["id"],
                        entry["kind"],
                        entry["occurred_at"],
                        entry["occurred_at"][:7],
                        entry["recorded_at"],
                        "",
                        line.decode(),
                        _compact(entry["data"]),
                        "",
                        entry["data"].get("target"),
                        entry["prev"],
                    )
                )
            else:
                rows.append(
                    (
                        entry["station"],
                        entry["seq"],
                        entry["id"],
                        entry["kind"],
                        entry["occurred_at"],
                        line.decode(),
                    )
                )
        db.execute("BEGIN")
        db.executemany(ARCHIVE_INSERT if archive_table else BARE_INSERT, rows)
        db.execute("COMMIT")
    elapsed = time.perf_counter() - started
    (held,) = db.execute("SELECT COUNT(*) FROM entries").fetchone()
    db.close()
    assert held == len(packets) * MAX_ENTRIES, held
    return elapsed


BARE_INSERT = "INSERT INTO entries VALUES (?, ?, ?, ?, ?, ?)"


def breakdown(packets: list[bytes], hq_key: X25519PrivateKey) -> dict[str, float]:
    """Microseconds per entry of the import's main steps, on the first packet's entries:
    where the time over the floor goes."""
    at = len(MAGIC)
    raw = packets[0]
    (length,) = struct.unpack(">I", raw[at : at + 4])
    header_bytes = raw[at + 4 : at + 4 + length]
    body = zlib.decompress(
        SUITE.decrypt(raw[at + 4 + length : -64], hq_key, info=INFO_LABEL + header_bytes)
    )
    lines = body.split(b"\n")[1:-1]
    steps: dict[str, float] = {}
    started = time.perf_counter()
    entries = [parse_json(line) for line in lines]
    steps["parse (strict JSON)"] = time.perf_counter() - started
    started = time.perf_counter()
    for entry in entries:
        validate_entry(entry, TZ)
    steps["validate (schemas, kind rules)"] = time.perf_counter() - started
    started = time.perf_counter()
    for line in lines:
        hashlib.sha256(line).hexdigest()
    steps["hash (chain)"] = time.perf_counter() - started
    return {name: seconds / len(lines) * 1e6 for name, seconds in steps.items()}


def bench_export(folder: Path, count: int) -> tuple[float, float, int]:
    """Seconds for `export` of a `count`-entry log, seconds for `seal_packet` alone of the
    same entries, and the packets made."""
    clock_at = [START]
    book = Logbook.create(
        folder / "station",
        station_id="bench-post",
        name="基准警务室",
        officers=["张伟"],
        clock=lambda: clock_at[0],
    )
    hq = HqArchive.create(folder / "hq", hq_id="bench-hq", name="基准大队", passphrase=PASSPHRASE)
    card = hq.card
    hq.close()
    try:
        set_hq_card(book, card)
        key = station_key(book)
        book.add_many(Draft("household", data_for("household", i)) for i in range(40))
        made = 40
        while made < count:
            batch = min(500, count - made)
            book.add_many(
                Draft(KINDS[i % len(KINDS)], data_for(KINDS[i % len(KINDS)], i))
                for i in range(made, made + batch)
            )
            made += batch
            clock_at[0] += timedelta(hours=6)
        started = time.perf_counter()
        result = export(book)
        export_s = time.perf_counter() - started
        assert result.entries == count, result.entries
        entries = list(book.entries())
        started = time.perf_counter()
        for at in range(0, count, MAX_ENTRIES):
            seal_packet(
                entries[at : at + MAX_ENTRIES],
                station_key=key,
                log_id=book.config.log_id,
                hq_card=card,
                created_at="2026-12-31T20:00:00+08:00",
            )
        seal_s = time.perf_counter() - started
        return export_s, seal_s, len(result.packets)
    finally:
        book.close()


def main() -> int:
    quick = "--quick" in sys.argv
    total = 20_000 if quick else 100_000
    export_count = 2_000 if quick else 10_000
    with tempfile.TemporaryDirectory(prefix="outpost-bench-sync-") as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        packets, cards, keys = make_packets(folder, total)
        size = sum(len(p) for p in packets)
        print(
            f"{total:,} entries from {STATIONS} stations in {len(packets)} packets"
            f" ({size / 1e6:.1f} MB), made in {time.perf_counter() - started:.0f} s",
            flush=True,
        )
        imports: list[float] = []
        floors: list[float] = []
        bare: list[float] = []
        for _ in range(ROUNDS):  # interleaved, so a busy moment of the machine hits all three
            floors.append(
                run_floor(folder / "floor.sqlite", packets, keys.encryption, archive_table=True)
            )
            bare.append(
                run_floor(folder / "bare.sqlite", packets, keys.encryption, archive_table=False)
            )
            imports.append(run_import(folder / "hq", packets, cards))
        floor_rate = total / min(floors)
        import_rate = total / min(imports)
        share = import_rate / floor_rate
        print(f"{'pipeline':<40} {'best (s)':>9} {'runs (s)':>20} {'entries/s':>11}")
        for name, runs in (
            ("floor: same rows into the archive table", floors),
            ("reference: bare 6-column table", bare),
            ("HQ import (every check)", imports),
        ):
            shown = " ".join(f"{r:.2f}" for r in runs)
            print(f"{name:<40} {min(runs):>9.2f} {shown:>20} {total / min(runs):>11,.0f}")
        print(f"HQ import / floor throughput: {share:.0%} (floor: at least {FLOOR_SHARE:.0%})")
        print(f"HQ import / bare-table reference: {min(bare) / min(imports):.0%} (no floor)")
        per_entry = {
            "HQ import, whole": min(imports) / total * 1e6,
            "floor pipeline, whole": min(floors) / total * 1e6,
            **breakdown(packets, keys.encryption),
        }
        print("per entry: " + ", ".join(f"{k} {v:.0f} us" for k, v in per_entry.items()))
        export_s, seal_s, made = bench_export(folder / "export", export_count)
        print(
            f"station export of {export_count:,} entries: {export_s:.2f} s into {made} packets"
            f" (seal_packet alone on the same entries: {seal_s:.2f} s,"
            f" {export_s / seal_s:.1f}x)"
        )
    if share < FLOOR_SHARE:
        print(f"FLOOR MISSED: HQ import at {share:.0%} of the floor's throughput")
        return 1
    print("floor met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
