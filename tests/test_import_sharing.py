"""`outpost hq import` shares the checks between its two processes, and what it writes stays the
same: while the forked checker is busy the importing process checks the next packet itself,
and each entry's `data` column is cut out of its canonical line, exactly as encoding it gives."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from conftest import HQ_PASSPHRASE
from test_hq_import_many import daily_packets, dump, fresh_copy

from outpost.hq import HqArchive
from outpost.hq.entry_rows import data_text
from outpost.hq.importer import import_packet
from outpost.logbook import Logbook
from outpost.model import canonical_bytes

IMPORT = """
import json, os, sys, time
from pathlib import Path
from outpost.hq import HqArchive, importer

folder, passphrase, pids, *packets = sys.argv[1:]
archive = HqArchive.open(Path(folder))
archive.unlock(passphrase.encode())
importer_pid = os.getpid()
checked = importer.check_packet

def noted_check(*args, **kwargs):
    with open(pids, "a") as out:
        out.write(f"{os.getpid() == importer_pid}\\n")
    if os.getpid() != importer_pid:
        time.sleep(0.4)  # a slow checker: the importer is left waiting for it
    return checked(*args, **kwargs)

importer.check_packet = noted_check
print(json.dumps({"forks": importer.can_fork()}), flush=True)
for path, outcome in importer.import_packets(archive, [Path(p) for p in packets]):
    print(json.dumps({"path": str(path), "status": getattr(outcome, "status", repr(outcome))}))
archive.close()
"""


def test_the_importer_checks_packets_itself_while_the_checker_is_busy(
    linked_book: Logbook, hq: Any, tmp_path: Path
) -> None:
    """Of five packets, the importing process checks some itself (the checker is slow); every
    packet is imported once, in order, and the archive ends as importing one by one leaves it."""
    packets = daily_packets(linked_book, 5)
    alone = fresh_copy(hq, tmp_path, "alone")
    folder = hq.folder
    hq.close()
    pids = tmp_path / "pids.txt"
    argv = [sys.executable, "-c", IMPORT, str(folder), HQ_PASSPHRASE.decode(), str(pids)]
    done = subprocess.run(
        [*argv, *map(str, packets)], capture_output=True, text=True, timeout=120,
        env=dict(os.environ, OUTPOST_LANG="en"), stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    first, *lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert first == {"forks": True}
    assert [line["path"] for line in lines] == [str(p) for p in packets]
    assert [line["status"] for line in lines] == ["new"] * len(packets)
    here = pids.read_text().split()
    assert len(here) == len(packets)  # each checked once
    assert "True" in here and "False" in here  # by both processes
    for raw in packets:
        import_packet(alone, raw.read_bytes(), str(raw))
    together = HqArchive.open(folder)
    assert dump(together) == dump(alone)
    together.close()
    alone.close()


def test_the_data_column_is_the_compact_json_of_the_data(linked_book: Logbook, hq: Any) -> None:
    """Every row's `data` is its entry's data encoded compactly with keys sorted."""
    for raw in daily_packets(linked_book, 2):
        import_packet(hq, raw.read_bytes(), str(raw))
    rows = list(hq.db.execute("SELECT body, data FROM entries"))
    assert len(rows) >= 6
    for body, data in rows:
        assert data == compact(json.loads(body)["data"])


def test_data_is_cut_at_the_envelope_id_not_a_nested_one() -> None:
    """A nested "id", a string holding `,"id":"` or escaped quotes stay inside the data."""
    entry_id = "0b1e7c7e-3a4f-4c55-9a43-0d3c2d1e5f60"
    data = {
        "a": {"id": entry_id, "x": [1, {"id": "y"}]},
        "note": ',"id":"' + entry_id + '" \\" 旱情',
    }
    entry = {"data": data, "id": entry_id, "kind": "k", "seq": 1, "station": "s", "v": 1}
    body = canonical_bytes(entry).decode("utf-8")
    assert data_text(body, entry_id) == compact(data)


def compact(data: Any) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
