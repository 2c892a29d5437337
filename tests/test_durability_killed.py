"""A writer killed with SIGKILL at random moments never costs a reported save or the store itself.

A real subprocess opens the station and saves entries in a loop, printing each `seq` and id only
after `add` returned. The test kills it at a random moment, again and again, and after every
kill opens the store, verifies the whole chain and looks for every save the writer reported.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from outpost.logbook import Logbook
from outpost.store import files
from tests.conftest import Clock

KILLS = 32

WRITER = """
import os
import sys
from pathlib import Path
import pytest

from outpost.logbook import Logbook

passphrase = os.environ.get("OUTPOST_PASSPHRASE", "").encode() or None
book = Logbook.open(Path(sys.argv[1]), passphrase=passphrase)
n = int(sys.argv[2])  # where in the mix of kinds this writer starts
while True:
    n += 1
    if n % 7 == 0:
        result = book.add("herder_visit", {"household": "hh-0007", "purpose": "welfare_check"})
    elif n % 11 == 0:
        log = book.month_entries(book.months()[-1])
        voided = book.state.is_voided
        live = [e for e in log if e["kind"] == "water_delivery" and not voided(e["id"])]
        result = book.void(live[-1]["id"], "录错了")
    else:
        result = book.add("water_delivery", {"household": "hh-0007", "litres": 100 + n})
    entry = result.entries[0]
    print(entry["seq"], entry["id"], flush=True)
"""


def start_writer(station: Path, start: int, passphrase: str = "") -> subprocess.Popen[str]:
    env = dict(os.environ, OUTPOST_LANG="en", OUTPOST_PASSPHRASE=passphrase)
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(station), str(start)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def kill_at_random(writer: subprocess.Popen[str], rng: random.Random) -> list[tuple[int, str]]:
    """Let the writer report its first save, kill it a random moment later, return its reports."""
    assert writer.stdout is not None
    first = writer.stdout.readline()
    assert first.endswith("\n"), writer.stderr.read() if writer.stderr else ""
    time.sleep(rng.uniform(0, 0.06))
    os.kill(writer.pid, signal.SIGKILL)
    rest = writer.stdout.read()
    assert writer.wait(timeout=30) == -signal.SIGKILL
    complete = (first + rest).split("\n")[:-1]  # a line cut off by the kill is not a report
    return [(int(seq), entry_id) for seq, entry_id in (line.split() for line in complete)]


def state_behind_log(station: Path) -> bool:
    """Whether the kill came between the month file and state.json (seen before opening)."""
    state = files.read_json(station / "state.json")["state"]["last_seq"]
    pages = (files.read_json(p)["_default"] for p in (station / "log").glob("*.json"))
    top = max(int(k) for page in pages for k in page)
    return bool(top > state)


@pytest.fixture(params=["clear", "sealed"])
def passphrase(request: pytest.FixtureRequest) -> str:
    """The writer's station clear, and sealed at rest (its unlock file made at the tests' cheap
    Argon2id cost, which the writer process reads from the file)."""
    return "camel-well-saxaul-41" if request.param == "sealed" else ""


def test_writer_killed_at_random_moments_loses_no_reported_save(
    station_dir: Path, clock: Clock, passphrase: str
) -> None:
    """After each of 32 SIGKILLs the store opens, its chain verifies, the state agrees with the
    log, and every save the writer reported is in the log under its seq."""
    book = Logbook.create(
        station_dir,
        station_id="yingen-couple-post",
        name="银根戍边夫妻警务室",
        officers=["张伟"],
        clock=clock,
        passphrase=passphrase.encode() or None,
    )
    book.add("household", {"household_id": "hh-0007", "head": "巴特尔"})
    reported = {1: next(book.entries())["id"]}
    book.close()  # the writer owns the station while it runs
    rng = random.Random(20261126)
    behind = temps = 0
    for _ in range(KILLS):
        writer = start_writer(station_dir, rng.randrange(77), passphrase)
        reports = kill_at_random(writer, rng)
        assert reports, "the writer reported nothing before it was killed"
        behind += state_behind_log(station_dir)
        temps += any(station_dir.rglob(f"*{files.TEMP_SUFFIX}"))
        for seq, entry_id in reports:
            assert reported.setdefault(seq, entry_id) == entry_id, f"seq {seq} was reused"

        reopened = Logbook.open(station_dir)
        try:
            report = reopened.check()
            assert not report.repaired, "open did not bring the state up to the log"
            on_disk = {e["seq"]: e["id"] for e in reopened.entries()}
            assert report.entries == len(on_disk) == reopened.state.last_seq
            missing = {s: i for s, i in reported.items() if on_disk.get(s) != i}
            assert not missing, f"reported saves missing after a kill: {missing}"
        finally:
            reopened.close()
    print(
        f"\n{KILLS} kills, {len(reported)} entries, state behind the log {behind} times, "
        f"temporary file left {temps} times"
    )
