"""A crash or a refused write at each step of a save leaves the old file or the new one, never else.

A save writes two files the same way (temporary file, fsync, rename over the old one, fsync of
the folder): first the month file, the truth, then `state.json`, derived from it. Each step is a
module attribute of `outpost.store.files`; here each one in turn fails, for each of the two
files, either like a power cut (an exception no cleanup code catches, the temporary file left
behind) or like a disk that refuses (OSError). Every test runs on a clear station and on a
sealed one (tests/sealed_stores.py), where each file is sealed before its temporary file.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import Clock
from sealed_stores import STORES, new_book, plain_json

from outpost.errors import StorageFailed
from outpost.i18n import t
from outpost.logbook import Logbook
from outpost.model import GENESIS, entry_hash
from outpost.store import files

WATER = {"household": "hh-0007", "litres": 800, "note": "旱情，第二次送水"}
STEPS = ["write_step", "half_write", "fsync_step", "replace_step", "dir_fsync_step"]
STEP_NAMES = ["write_step", "fsync_step", "replace_step", "dir_fsync_step"]
FILES = ["month", "state"]  # in the order a save writes them


class PowerCut(BaseException):
    """The laptop lost power: no `except OSError` runs, nothing is cleaned up."""


class FailingStep:
    """Makes one step of `atomic_write` fail on its n-th call; records every payload written."""

    def __init__(
        self,
        monkeypatch: pytest.MonkeyPatch,
        step: str,
        nth: int,
        error: Callable[[], BaseException],
    ) -> None:
        self.payloads: list[bytearray] = []
        """What each temporary file received, in the order of the writes (month, state)."""
        self.calls = 0
        self._fresh = True
        real = {name: getattr(files, name) for name in STEP_NAMES}
        failing = "write_step" if step == "half_write" else step

        def wrap(name: str) -> Callable[..., Any]:
            def run(*args: Any) -> Any:
                if name == failing:
                    self.calls += 1
                    if self.calls == nth:
                        if step == "half_write":
                            fd, data = args
                            real["write_step"](fd, bytes(data[: len(data) // 2]))
                        raise error()
                result = real[name](*args)
                if name == "write_step":
                    if self._fresh:
                        self.payloads.append(bytearray())
                        self._fresh = False
                    self.payloads[-1].extend(bytes(args[1][:result]))
                elif name == "fsync_step":
                    self._fresh = True
                return result

            return run

        for name in STEP_NAMES:
            monkeypatch.setattr(files, name, wrap(name))

    def payload(self, index: int) -> bytes | None:
        return bytes(self.payloads[index]) if len(self.payloads) > index else None


def disk_refuses() -> OSError:
    return OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def month_file(station_dir: Path) -> Path:
    return station_dir / "log" / "2026-11.json"


def leftovers(station_dir: Path) -> list[str]:
    return sorted(p.name for p in station_dir.rglob(f"*{files.TEMP_SUFFIX}"))


@pytest.fixture(params=STORES)
def book(request: pytest.FixtureRequest, station_dir: Path, clock: Clock) -> Iterator[Logbook]:
    """A new station, clear and sealed, with one household registered."""
    logbook = new_book(station_dir, clock, request.param)
    logbook.add("household", {"household_id": "hh-0007", "head": "巴特尔", "gacha": "查干嘎查"})
    yield logbook
    logbook.close()


@pytest.fixture
def saved(book: Logbook, clock: Clock) -> Iterator[Logbook]:
    """A station with three entries saved (the household and two deliveries)."""
    for _ in range(2):
        clock.advance(minutes=5)
        book.add("water_delivery", WATER)
    clock.advance(minutes=5)
    yield book


def reopen(book: Logbook, station_dir: Path, clock: Clock) -> Logbook:
    """What the next start of the program sees: the crashed process is gone, its lock too."""
    book.close()
    return Logbook.open(station_dir, clock=clock)


def assert_chain(book: Logbook, length: int) -> None:
    entries = list(book.entries())
    assert [e["seq"] for e in entries] == list(range(1, length + 1))
    prev = GENESIS
    for entry in entries:
        assert entry["prev"] == prev
        prev = entry_hash(entry)
    report = book.check()
    assert report.entries == length
    assert not report.repaired, "open left the state behind the log"


@pytest.mark.parametrize("target", FILES)
@pytest.mark.parametrize("step", STEPS)
def test_power_cut_at_any_step_leaves_old_or_new_file(
    saved: Logbook,
    station_dir: Path,
    clock: Clock,
    monkeypatch: pytest.MonkeyPatch,
    step: str,
    target: str,
) -> None:
    """After a power cut at any step of either write, each file is byte for byte its old or its
    new version, the store opens, the state has caught up with the log and the chain verifies."""
    month_before = month_file(station_dir).read_bytes()
    state_before = (station_dir / "state.json").read_bytes()
    nth = FILES.index(target) + 1  # each step runs once per file, month file first
    armed = FailingStep(monkeypatch, step, nth, PowerCut)
    with pytest.raises(PowerCut):
        saved.add("water_delivery", WATER)
    monkeypatch.undo()

    month_after = month_file(station_dir).read_bytes()
    state_after = (station_dir / "state.json").read_bytes()
    month_new, state_new = armed.payload(0), armed.payload(1)
    assert month_after in (month_before, month_new)
    assert state_after in (state_before, state_new)
    renamed = target == "state" or step == "dir_fsync_step"
    assert month_after == (month_new if renamed else month_before)

    book = reopen(saved, station_dir, clock)
    try:
        assert leftovers(station_dir) == []
        assert book.state.last_seq == (4 if renamed else 3)
        assert_chain(book, book.state.last_seq)
        assert book.add("water_delivery", WATER).entries[0]["seq"] == book.state.last_seq
    finally:
        book.close()


def test_state_left_behind_by_a_crash_is_caught_up_at_open(
    saved: Logbook, station_dir: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A crash between the month file and state.json leaves state.json one save behind; the
    next open folds the missing entry in and writes state.json again."""
    FailingStep(monkeypatch, "write_step", 2, PowerCut)
    with pytest.raises(PowerCut):
        saved.add("water_delivery", WATER)
    monkeypatch.undo()
    on_disk = plain_json(station_dir / "state.json")["state"]
    assert on_disk["last_seq"] == 3
    assert max(int(k) for k in plain_json(month_file(station_dir))["_default"]) == 4

    book = reopen(saved, station_dir, clock)
    try:
        assert book.state.last_seq == 4
        on_disk = plain_json(station_dir / "state.json")["state"]
        assert on_disk["last_seq"] == 4
        assert on_disk["last_hash"] == entry_hash(book.month_entries("2026-11")[-1])
        assert on_disk["kinds"]["water_delivery"] == 3
    finally:
        book.close()


@pytest.mark.parametrize("step", STEPS)
def test_refused_month_write_keeps_the_book_usable(
    saved: Logbook, station_dir: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    """When the disk refuses a step of the month file write before the rename, the add raises
    StorageFailed; when it refuses only the folder fsync after it, the entry is in the log and
    the add says so with a warning. Either way no temporary file is left, and the same open
    logbook saves the next entry with the next seq."""
    FailingStep(monkeypatch, step, 1, disk_refuses)
    if step == "dir_fsync_step":
        result = saved.add("water_delivery", WATER)
        assert [w.key for w in result.warnings] == ["durability.unconfirmed"]
        assert result.entries[0]["seq"] == 4
    else:
        with pytest.raises(StorageFailed) as refused:
            saved.add("water_delivery", WATER)
        assert "disk is full" in refused.value.message()
        assert saved.state.last_seq == 3
    monkeypatch.undo()
    assert leftovers(station_dir) == []

    clock.advance(minutes=1)
    again = saved.add("water_delivery", WATER).entries[0]
    assert again["seq"] == saved.state.last_seq
    assert_chain(saved, saved.state.last_seq)
    book = reopen(saved, station_dir, clock)
    try:
        assert_chain(book, again["seq"])
    finally:
        book.close()


@pytest.mark.parametrize("step", STEPS)
def test_refused_state_write_keeps_the_saved_entry_and_the_book_usable(
    saved: Logbook, station_dir: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    """When only state.json cannot be written, the entry is saved in the month file (the truth)
    with a warning, the open logbook goes on from it, and the next open agrees."""
    FailingStep(monkeypatch, step, 2, disk_refuses)
    result = saved.add("water_delivery", WATER)
    monkeypatch.undo()
    assert [w.key for w in result.warnings] == ["durability.state_behind"]
    said = t(result.warnings[0].key, **result.warnings[0].params)
    assert "the disk is full" in said and "nothing was saved" not in said
    assert result.entries[0]["seq"] == 4
    assert leftovers(station_dir) == []
    in_log = plain_json(month_file(station_dir))["_default"]
    assert sorted(int(k) for k in in_log) == [1, 2, 3, 4]

    clock.advance(minutes=1)
    assert saved.add("water_delivery", WATER).entries[0]["seq"] == 5
    book = reopen(saved, station_dir, clock)
    try:
        assert_chain(book, 5)
    finally:
        book.close()


@pytest.mark.parametrize("correction", ["void", "amendment"])
@pytest.mark.parametrize("target", ["month", "corrections", "state"])
@pytest.mark.parametrize("step", STEPS)
def test_power_cut_in_a_correction_save_leaves_the_current_view_right(
    saved: Logbook,
    station_dir: Path,
    clock: Clock,
    monkeypatch: pytest.MonkeyPatch,
    step: str,
    target: str,
    correction: str,
) -> None:
    """A save holding a correction writes three files (month, corrections.json, state.json);
    after a power cut at any step of any of them, the reopened store shows the delivery
    corrected exactly when the correction is in the log, and check finds nothing to repair."""
    delivery = saved.month_entries("2026-11")[-1]
    nth = ["month", "corrections", "state"].index(target) + 1
    FailingStep(monkeypatch, step, nth, PowerCut)
    with pytest.raises(PowerCut):
        if correction == "void":
            saved.void(delivery["id"], "录错了")
        else:
            saved.amend(delivery["id"], dict(WATER, litres=600), "数量录错")
    monkeypatch.undo()
    in_log = target != "month" or step == "dir_fsync_step"

    book = reopen(saved, station_dir, clock)
    try:
        assert leftovers(station_dir) == []
        assert [e["kind"] for e in book.entries()][-1] == (
            correction if in_log else "water_delivery"
        )
        if correction == "void":
            assert book.state.is_voided(delivery["id"]) is in_log
        else:
            litres = book.current(delivery)["data"]["litres"]
            assert litres == (600 if in_log else WATER["litres"])
        assert_chain(book, 4 if in_log else 3)
    finally:
        book.close()
