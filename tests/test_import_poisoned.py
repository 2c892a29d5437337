"""One poisoned packet is one refused line at HQ: the rest of the run imports, on both paths.

A poisoned packet is genuine in every way a reader checks (sealed to HQ, signed by the enrolled
station's real key, chained) but carries a value outside the bounds: a year-1 time, a seq of
2^63-1, a lone surrogate. Before, each stopped the whole `hq import` with an internal error,
importing nothing, on every re-run. With one or two packets HQ checks them in its own process,
with three or more in a forked one (`outpost.hq.importer.PARALLEL_FROM`) when it runs a single
thread, as `outpost hq import` does: both are run here, the forked one in a real process (a test
process runs other threads, so it checks in its own).
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import sqlite3
import uuid
from pathlib import Path

import pytest
from conftest import run_cli, run_outpost
from test_adversarial_hq import World, craft, template, world

from outpost.hq.importer import PARALLEL_FROM
from outpost.model import Entry, entry_hash

__all__ = ["template", "world"]  # the fixtures, shared with the adversarial tests

POISONS = ("year_1", "seq_max", "surrogate", "year_9999_patrol", "created_year_1")


def next_entry(world: World) -> Entry:
    """A fresh entry that would follow the packet of seq 4-6 in the station's chain."""
    entry = copy.deepcopy(world.due[0])
    entry.update(id=str(uuid.uuid4()), seq=7, prev=entry_hash(world.due[-1]))
    return entry


def poisoned(world: World, poison: str) -> bytes:
    """A packet of one entry sealed and signed by the station's real key, carrying `poison`."""
    entry = next_entry(world)
    if poison == "year_1":
        entry["occurred_at"] = "0001-01-01T00:00:00+08:00"
    elif poison == "seq_max":
        entry["seq"] = 2**63 - 1
    elif poison == "year_9999_patrol":
        entry["kind"] = "patrol"
        entry["data"] = {
            "route": "界桩 101-105",
            "started_at": "9999-12-31T23:00:00+08:00",
            "ended_at": "9999-12-31T23:59:59+08:00",
            "distance_km": 12,
        }
    elif poison == "created_year_1":
        return craft(world, [entry], header={"created_at": "0001-01-01T00:00:00+08:00"})
    elif poison == "surrogate":
        # No canonical bytes exist for it: the line escapes it, as another writer would.
        carried = {**entry, "data": {**entry["data"], "note": "\ud800"}}
        line = json.dumps(carried, sort_keys=True, separators=(",", ":")).encode()
        last = hashlib.sha256(line).hexdigest()
        return craft(
            world, [entry], lines=[line], header={"last_hash": last}, manifest={"last_hash": last}
        )
    return craft(world, [entry])


def genuine(world: World) -> list[bytes]:
    """Seq 4, 5 and 6 of the station's log, one packet each, to import in that order."""
    return [craft(world, [entry]) for entry in world.due]


def held_seqs(hq_dir: Path) -> list[int]:
    db = sqlite3.connect(f"file:{hq_dir / 'archive.sqlite'}?mode=ro", uri=True)
    try:
        return [row[0] for row in db.execute("SELECT seq FROM entries ORDER BY seq")]
    finally:
        db.close()


def run_import(world: World, files: list[tuple[str, bytes]], process: bool = False) -> list[str]:
    """Write the packets under their names and import them in that order through the CLI (in
    a real `outpost` process when `process`); the output lines, after checking the exit code
    (3: some packet was refused)."""
    inbox = world.tmp / "inbox"
    inbox.mkdir()
    paths = []
    for name, raw in files:
        (inbox / name).write_bytes(raw)
        paths.append(str(inbox / name))
    run = run_outpost if process else run_cli
    done = run("hq", "import", *paths, data_dir=world.hq_dir)
    assert done.returncode == 3, (done.stdout, done.stderr)
    lines = done.stdout.splitlines()
    assert len(lines) == len(files), lines
    refused = [line for line in lines if ": refused: " in line]
    assert done.stderr.splitlines() == [f"outpost: {line}" for line in refused]
    return lines


LAYOUTS = {
    "alone": "P",
    "first_of_two": "PG",
    "last_of_two": "GP",
    "first": "PGGG",
    "middle": "GPGG",
    "last": "GGGP",
}
"""Where the poisoned packet (P) sits among genuine ones (G, seq 4, 5, 6 in order)."""


@pytest.mark.parametrize("poison", POISONS)
@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_poisoned_packet_is_refused_alone_and_the_rest_imports(
    world: World, poison: str, layout: str
) -> None:
    """The poisoned packet gets one refused line; every genuine one is imported."""
    good = iter(genuine(world))
    files = []
    for index, slot in enumerate(LAYOUTS[layout]):
        raw = poisoned(world, poison) if slot == "P" else next(good)
        files.append((f"{index:02d}-{slot}.opk", raw))
    lines = run_import(world, files)
    for (name, _), line in zip(files, lines, strict=True):
        assert line.startswith(name), line
        assert ("refused" in line) == name.endswith("P.opk"), line
    imported = LAYOUTS[layout].count("G")
    assert held_seqs(world.hq_dir) == list(range(1, 4 + imported))


def test_several_poisoned_packets_each_get_a_line_on_the_forked_path(world: World) -> None:
    """Five poisons between three genuine packets: five refusals, seq 4-6 imported."""
    good = genuine(world)
    order = [poisoned(world, POISONS[0]), good[0], poisoned(world, POISONS[1])]
    order += [poisoned(world, POISONS[2]), good[1], poisoned(world, POISONS[3])]
    order += [good[2], poisoned(world, POISONS[4])]
    assert len(order) >= PARALLEL_FROM
    files = [(f"{i:02d}.opk", raw) for i, raw in enumerate(order)]
    lines = run_import(world, files, process=True)
    refused = [i for i, line in enumerate(lines) if "refused" in line]
    assert refused == [0, 2, 3, 5, 7]
    assert held_seqs(world.hq_dir) == [1, 2, 3, 4, 5, 6]


@pytest.mark.parametrize(
    ("poison", "words"),
    [
        ("year_1", "When: 0001-01-01T00:00:00+08:00 is not between the years 1900 and 2200"),
        ("seq_max", "first_seq: must be at most 9007199254740991 (got 9223372036854775807)"),
        ("surrogate", "lone surrogate"),
        ("year_9999_patrol", "Started: 9999-12-31T23:00:00+08:00 is not between the years"),
        ("created_year_1", "created_at: 0001-01-01T00:00:00+08:00 is not between the years"),
    ],
)
def test_the_refusal_names_the_value_out_of_bounds(world: World, poison: str, words: str) -> None:
    """The refused line says which value is out of which bound."""
    [line] = run_import(world, [("p.opk", poisoned(world, poison))])
    assert words in line, line


@pytest.mark.parametrize("count", [1, PARALLEL_FROM])
def test_a_packet_whose_checks_fail_unforeseen_is_refused_with_a_crash_log_entry(
    world: World, count: int, tmp_path: Path
) -> None:
    """An exception no check foresaw (here: an archive row naming a time zone this machine
    does not know) refuses that packet, with its traceback in the crash log; the run goes on
    through every packet, in this process and in the forked checker."""
    db = sqlite3.connect(world.hq_dir / "archive.sqlite")
    with db:
        db.execute("UPDATE stations SET timezone = 'Mars/Olympus_Mons'")
    db.close()
    packets = genuine(world)[:count]
    files = [(f"{i}.opk", raw) for i, raw in enumerate(packets)]
    lines = run_import(world, files, process=count >= PARALLEL_FROM)
    assert all("could not be checked (ValueError)" in line for line in lines), lines
    log = tmp_path / "home" / "state" / "outpost" / "log" / "crash.log"
    crashes = log.read_text(encoding="utf-8")
    assert crashes.count("outpost.hq.importer.PacketCrashed") >= count  # a traceback per packet
    assert "Mars/Olympus_Mons" not in crashes  # types and frames only, never a value
    assert held_seqs(world.hq_dir) == [1, 2, 3]


def test_a_genuine_packet_named_with_bytes_that_are_not_utf8_imports(world: World) -> None:
    """A genuine packet whose file name holds the bytes ff fe (a stick's file system can hold
    any name) imports like any other; the archive records the name with a visible stand-in."""
    inbox = world.tmp / "inbox"
    inbox.mkdir()
    path = inbox / os.fsdecode(b"\xff\xfe.opk")
    path.write_bytes(genuine(world)[0])
    done = run_cli("hq", "import", str(path), data_dir=world.hq_dir)
    assert done.returncode == 0, (done.stdout, done.stderr)
    assert held_seqs(world.hq_dir) == [1, 2, 3, 4]
