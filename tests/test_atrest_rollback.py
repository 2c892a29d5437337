"""Files of a sealed station put back from an older copy, swapped, cut short or flipped: refused
in one line, never read as if the lost entries had never been; a crash leftover still opens."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sealed_stores import PASSPHRASE, new_book, plain_json

from outpost.errors import Conflict, InputRefused
from outpost.logbook import Logbook
from outpost.logbook import pages as pages_module
from outpost.model import entry_hash
from outpost.store import atrest
from outpost.sync.ack import seal_ack
from outpost.sync.station_acks import apply_ack
from tests.conftest import Clock, run_cli

WATER = {"household": "hh-0007", "litres": 800}


@pytest.fixture
def station(station_dir: Path, clock: Clock) -> Iterator[Logbook]:
    """A sealed station with a household and two deliveries (seq 1-3)."""
    book = new_book(station_dir, clock, "sealed")
    book.add("household", {"household_id": "hh-0007", "head": "巴特尔"})
    deliver(book, clock, 2)
    yield book
    book.close()


def deliver(book: Logbook, clock: Clock, count: int) -> None:
    for _ in range(count):
        clock.advance(minutes=5)
        book.add("water_delivery", WATER)


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() and p.name != ".lock"
    }


def refused_in_one_line(folder: Path, *args: str) -> str:
    """Run a command on the sealed station as a fresh process would: exit 3, one line on
    stderr, no file changed. Returns the line."""
    atrest.lock(folder)
    before = files_of(folder)
    result = run_cli(*args, data_dir=folder)
    assert result.returncode == 3, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert files_of(folder) == before
    return lines[0]


@pytest.fixture(autouse=True)
def passphrase(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OUTPOST_PASSPHRASE", PASSPHRASE)


@pytest.mark.parametrize("damage", ["rolled_back", "swapped", "truncated", "bit_flipped"])
def test_a_damaged_or_older_newest_page_is_refused_in_one_line(
    station: Logbook, station_dir: Path, clock: Clock, damage: str
) -> None:
    """The newest page put back from an older sealed copy, replaced by another file, cut short
    or with one bit flipped: `outpost log` and `outpost add` refuse in one line, exit 3,
    nothing changed; the older copy is named as such."""
    page = station_dir / "log" / "2026-11.json"
    older = page.read_bytes()
    deliver(station, clock, 2)
    station.close()
    raw = page.read_bytes()
    if damage == "rolled_back":
        page.write_bytes(older)
    elif damage == "swapped":
        page.write_bytes((station_dir / "state.json").read_bytes())
    elif damage == "truncated":
        page.write_bytes(raw[: len(raw) - 40])
    else:
        page.write_bytes(raw[:-20] + bytes([raw[-20] ^ 0x04]) + raw[-19:])
    line = refused_in_one_line(station_dir, "log")
    assert "log/2026-11.json" in line
    if damage == "rolled_back":
        assert "ends at entry 3" in line and "records entry 5" in line
        assert "older copy" in line
    else:
        assert "sealed for another file, or damaged" in line
    refused_in_one_line(station_dir, "add", "water_delivery", "--data", '{"household":"hh-0007"}')


def test_a_rolled_back_page_of_an_earlier_month_is_refused_when_read(
    station: Logbook, station_dir: Path, clock: Clock
) -> None:
    """November's page put back from an older copy while December goes on: the station opens
    (the head is December's), but reading November's log refuses in one line naming the
    missing entries, and `outpost check` names the gap."""
    page = station_dir / "log" / "2026-11.json"
    older = page.read_bytes()
    deliver(station, clock, 2)
    clock.advance(days=10)
    deliver(station, clock, 1)
    station.close()
    page.write_bytes(older)
    line = refused_in_one_line(station_dir, "log")
    assert "2026-11 lacks entries 4-5" in line
    assert "seq 4" in refused_in_one_line(station_dir, "check")


def test_a_rolled_back_first_page_of_a_busy_month_is_refused_when_read(
    station: Logbook, station_dir: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the month going on in a second page, its first page put back from before it was
    full: the missing middle of the month is refused, not skipped."""
    monkeypatch.setattr(pages_module, "PAGE_ENTRIES", 5)
    first = station_dir / "log" / "2026-11.json"
    older = first.read_bytes()
    deliver(station, clock, 4)
    assert (station_dir / "log" / "2026-11.2.json").exists()
    station.close()
    first.write_bytes(older)
    assert "2026-11 lacks entries 4-5" in refused_in_one_line(station_dir, "log")


def test_a_lost_month_is_refused_at_open(station: Logbook, station_dir: Path, clock: Clock) -> None:
    """A month's only page gone (deleted, or a folder restored without it) is refused when the
    station opens, naming the file and the entries the state records in it."""
    clock.advance(days=10)
    deliver(station, clock, 1)
    station.close()
    (station_dir / "log" / "2026-11.json").unlink()
    line = refused_in_one_line(station_dir, "log")
    assert "log/2026-11.json is missing" in line and "entries 1-3" in line


def test_an_older_state_file_is_caught_up_like_a_crash_leftover(
    station: Logbook, station_dir: Path, clock: Clock
) -> None:
    """state.json put back from an older copy looks exactly like a crash between the page and
    the state: the station opens and the state is caught up from the pages, the truth, so
    nothing is lost and check finds nothing left to repair."""
    state = station_dir / "state.json"
    older = state.read_bytes()
    deliver(station, clock, 2)
    expected = station.state.to_json()
    station.close()
    state.write_bytes(older)
    book = Logbook.open(station_dir)
    try:
        assert book.state.to_json() == expected
        assert not book.check().repaired
    finally:
        book.close()


def test_an_older_corrections_file_is_rebuilt_from_the_pages(
    station: Logbook, station_dir: Path, clock: Clock
) -> None:
    """corrections.json put back from before a void: it disagrees with state.json, so the
    state is rebuilt from the pages and the delivery stays voided."""
    corrections = station_dir / "corrections.json"
    older = corrections.read_bytes()
    delivery = station.month_entries("2026-11")[-1]
    station.void(delivery["id"], "录错了")
    station.close()
    corrections.write_bytes(older)
    book = Logbook.open(station_dir)
    try:
        assert book.state.is_voided(delivery["id"])
        assert plain_json(corrections)["voided"] == {
            delivery["id"]: book.state.voided[delivery["id"]]
        }
    finally:
        book.close()


def test_a_laptop_clock_set_back_a_month_is_not_taken_for_a_rollback(
    station: Logbook, station_dir: Path, clock: Clock
) -> None:
    """Entries recorded into November after December's (the clock set back) leave a hole in
    November's seqs that December holds: read and checked without a refusal."""
    clock.advance(days=10)
    deliver(station, clock, 1)
    clock.advance(days=-10)
    deliver(station, clock, 1)
    assert station.state.months == {"2026-11": [1, 5], "2026-12": [4, 4]}
    station.close()
    book = Logbook.open(station_dir)
    try:
        assert [e["seq"] for e in book.month_entries("2026-11")] == [1, 2, 3, 5]
        assert [e["seq"] for e in book.entries()] == [1, 2, 3, 4, 5]
        assert book.check().entries == 5
    finally:
        book.close()


def test_a_whole_folder_put_back_is_caught_by_hqs_next_ack(
    station: Logbook, station_dir: Path, clock: Clock, hq: Any, tmp_path: Path
) -> None:
    """A whole sealed folder put back from an older copy is consistent in itself; HQ's next
    signed ack, acknowledging entries the log no longer holds, raises the alarm in one line."""
    from outpost.sync.identity import read_card
    from outpost.sync.station import own_card_path, set_hq_card

    set_hq_card(station, hq.card)
    hq.enroll(read_card(own_card_path(station), "outpost-station"))
    older = tmp_path / "older"
    station.close()
    shutil.copytree(station_dir, older, ignore=shutil.ignore_patterns(".lock"))
    book = Logbook.open(station_dir)
    deliver(book, clock, 2)
    head = entry_hash(next(book.entries(5, 5)))
    book.close()
    shutil.rmtree(station_dir)
    shutil.copytree(older, station_dir)
    ack = seal_ack(
        hq_id=hq.id,
        hq_key=hq.keys.signing,
        station="yingen-couple-post",
        log_id=station.config.log_id,
        counter=1,
        created_at="2026-11-26T10:00:00+00:00",
        contiguous_through=5,
        hash_at=head,
        held_above=[],
    )
    book = Logbook.open(station_dir)
    try:
        with pytest.raises(Conflict) as alarm:
            apply_ack(book, ack)
        assert "HQ says it holds entry 5, but this log ends at 3" in alarm.value.message()
    finally:
        book.close()


def test_refusals_say_what_to_do_in_chinese(
    station: Logbook, station_dir: Path, clock: Clock
) -> None:
    """The rollback line reads in Chinese too."""
    page = station_dir / "log" / "2026-11.json"
    older = page.read_bytes()
    deliver(station, clock, 1)
    station.close()
    page.write_bytes(older)
    atrest.lock(station_dir)
    result = run_cli("log", data_dir=station_dir, lang="zh")
    assert result.returncode == 3 and "旧副本" in result.stderr
    with pytest.raises(InputRefused):
        Logbook.open(station_dir, passphrase=PASSPHRASE.encode())


def test_settings_put_back_from_before_the_last_save_are_refused(
    station: Logbook, station_dir: Path, clock: Clock
) -> None:
    """station.json put back from a copy older than the one the last save saw (an older HQ
    card, the idle lock, the roster, the sync alarms) is refused in one line at open."""
    config = station_dir / "station.json"
    older = config.read_bytes()
    station.config.settings["idle_lock_minutes"] = 0
    station.save_config()
    deliver(station, clock, 1)
    station.close()
    config.write_bytes(older)
    line = refused_in_one_line(station_dir, "log")
    assert "station.json is write no. 1" in line and "write no. 2" in line


def test_settings_newer_than_the_last_save_open(
    station: Logbook, station_dir: Path, clock: Clock
) -> None:
    """station.json written after the last save of an entry (an ack applied, a setting
    changed, then a cut) is no rollback: the station opens and the next save records it."""
    station.config.settings["idle_lock_minutes"] = 5
    station.save_config()
    station.close()
    book = Logbook.open(station_dir)
    try:
        assert book.config.settings["idle_lock_minutes"] == 5
        clock.advance(minutes=1)
        book.add("water_delivery", WATER)
        assert plain_json(station_dir / "state.json")["settings_at"] == book.config.generation
    finally:
        book.close()


def test_a_clear_page_planted_under_a_forged_converting_mark_is_refused(
    station: Logbook, station_dir: Path
) -> None:
    """Marking the clear key file `converting` by hand (as `outpost encrypt` does while it
    runs) and planting a clear page does not get the page read: the mark is sealed by the
    data key, and a forged one is no mark."""
    key_file = station_dir / "unlock.json"
    fields = json.loads(key_file.read_text(encoding="ascii"))
    for name in ("unlock.json", "unlock.json.bak"):
        (station_dir / name).write_text(json.dumps({**fields, "converting": True}))
    page = station_dir / "log" / "2026-11.json"
    planted = plain_json(page)
    planted["_default"]["3"]["data"]["litres"] = 8000
    station.close()
    page.write_text(json.dumps(planted, ensure_ascii=False), encoding="utf-8")
    line = refused_in_one_line(station_dir, "log")
    assert "log/2026-11.json" in line and "not sealed" in line
