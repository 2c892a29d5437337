"""The network road: upload against the stick, protocol bytes per packet, 50 stations at once.

1. Upload over loopback of 100,000 entries (one station, packets of 5,000) to a real
   `outpost hq serve --plain`, against `hq import` (`import_packets`) of the same packet files into
   a copy of the same fresh archive, in the same run: the ratio is printed (the network road should
   cost little more than the stick).
2. Protocol bytes of one new packet's round trip beyond the packet itself (request head, the
   answer with its signed ack), counted by the test proxy (tests/net_proxy.py): goal < 1 KiB.
3. 50 stations uploading at once (one thread each, `sync_with_hq`): all land; the server's peak
   RSS (VmHWM) printed.

Exits 1 when the overhead goal is missed or an upload does not land.
Usage: `python tests/bench/bench_net.py [--quick]` (quick: 10,000 entries, 10 stations).
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

# tests/ on the path: the network tests' proxy counts the protocol's bytes here too.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from net_proxy import Proxy

from outpost.hq import HqArchive, ImportResult
from outpost.hq.importer import import_packets
from outpost.logbook import Draft, Logbook
from outpost.station.upload import sync_with_hq
from outpost.sync.identity import read_card
from outpost.sync.station import export, own_card_path, set_hq_card

PASSPHRASE = "bench-passphrase-dune"
GOAL = 1024


def station(folder: Path, hq: HqArchive, name: str) -> Path:
    """A station in `folder/name` holding HQ's card, enrolled at `hq`."""
    path = folder / name
    with Logbook.create(path, station_id=name, name=name, officers=["张伟"]) as book:
        set_hq_card(book, hq.card)
        hq.enroll(read_card(own_card_path(book), "outpost-station"))
        book.add("household", {"household_id": "hh-0007", "head": "巴特尔"})
    return path


def fill(path: Path, count: int) -> list[Path]:
    """`count` water deliveries of a realistic size, sealed into packets."""
    with Logbook.open(path) as book:
        done = 1
        while done < count:
            n = min(10_000, count - done)
            book.add_many(
                Draft("water_delivery", {"household": "hh-0007", "litres": 400 + i % 900,
                                         "note": f"旱情，第 {i} 次送水"})
                for i in range(done, done + n)
            )  # fmt: skip
            done += n
        return sorted(export(book).packets)


def serve(hq: Path) -> tuple[subprocess.Popen[bytes], str]:
    argv = [sys.executable, "-m", "outpost", "hq", "serve", "--plain"]
    argv += ["--listen", "127.0.0.1:0", "--exit-after", "1200", "--data-dir", str(hq)]
    env = dict(os.environ, OUTPOST_HQ_PASSPHRASE=PASSPHRASE, OUTPOST_LANG="en")
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    assert proc.stdout is not None
    line = proc.stdout.readline().decode()
    assert line.startswith("listening on "), line
    threading.Thread(target=proc.stdout.read, daemon=True).start()  # drain the request log
    return proc, line.removeprefix("listening on ").strip()


def entries(hq: Path) -> int:
    db = sqlite3.connect(f"file:{hq / 'archive.sqlite'}?mode=ro", uri=True)
    try:
        return int(db.execute("SELECT COUNT(*) FROM entries").fetchone()[0])
    finally:
        db.close()


def peak_rss(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return 0


def main() -> int:
    quick = "--quick" in sys.argv
    total = 10_000 if quick else 100_000
    crowd = 10 if quick else 50
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        hq_dir = root / "hq"
        with HqArchive.create(
            hq_dir, hq_id="bench-hq", name="基准大队", passphrase=PASSPHRASE.encode()
        ) as hq:
            big = station(root, hq, "big-post")
            crowd_dirs = [station(root, hq, f"post-{n:02d}") for n in range(crowd)]
            small = station(root, hq, "small-post")
        stick_hq = root / "stick-hq"
        shutil.copytree(hq_dir, stick_hq)
        packets = fill(big, total)
        size = sum(p.stat().st_size for p in packets)
        print(f"{total:,} entries in {len(packets)} packets, {size / 1e6:.1f} MB")

        started = time.perf_counter()
        with HqArchive.open(stick_hq) as archive:
            archive.unlock(PASSPHRASE.encode())
            outcomes = [outcome for _path, outcome in import_packets(archive, packets)]
        stick = time.perf_counter() - started
        ok &= all(isinstance(outcome, ImportResult) for outcome in outcomes)
        print(f"hq import (the stick road): {stick:.2f} s, {total / stick:,.0f} entries/s")

        proc, url = serve(hq_dir)
        try:
            started = time.perf_counter()
            with Logbook.open(big) as book:
                outcome = sync_with_hq(book, url)
            network = time.perf_counter() - started
            landed = entries(hq_dir) == total
            ok &= landed and outcome.acknowledged_through == total
            print(
                f"upload over loopback (the network road): {network:.2f} s,"
                f" {total / network:,.0f} entries/s; ratio network/stick {network / stick:.2f}"
            )

            fill(small, 2)
            with Proxy(int(url.rsplit(":", 1)[1])) as proxy, Logbook.open(small) as book:
                [packet] = [p for p in (small / "outbox").glob("*.opk")]
                sync_with_hq(book, proxy.url)
                [conn] = proxy.connections
                extra = conn.up + conn.down - packet.stat().st_size
            ok &= extra < GOAL
            print(
                f"protocol bytes per packet round trip: {extra} B beyond the packet"
                f" ({conn.up - packet.stat().st_size} up, {conn.down} down; goal < {GOAL})"
            )

            for path in crowd_dirs:
                fill(path, 200)
            failures: list[BaseException] = []

            def upload(path: Path) -> None:
                try:
                    with Logbook.open(path) as book:
                        sync_with_hq(book, url)
                except BaseException as exc:  # counted and printed below
                    failures.append(exc)

            threads = [threading.Thread(target=upload, args=(p,)) for p in crowd_dirs]
            started = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=600)
            took = time.perf_counter() - started
            expected = total + 2 + crowd * 200
            landed = entries(hq_dir) == expected and not failures
            ok &= landed
            print(
                f"{crowd} stations at once: {took:.2f} s, all landed: {landed}"
                f" ({len(failures)} failed); server peak RSS {peak_rss(proc.pid) / 2**20:.0f} MiB"
            )
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=60)
    print("floors met" if ok else "FLOOR MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
