"""A busy month goes on in page files, so a save rewrites one page, never the whole month.

Pages hold `PAGE_ENTRIES` entries (250 in use, 5 here): `log/2026-11.json`, then
`log/2026-11.2.json`, ... Each page is a stock TinyDB file written like every other file.
Every test runs on a clear station and on a sealed one (tests/sealed_stores.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import Clock
from sealed_stores import STORES, new_book, plain_json, write_plain_json
from test_durability_crash import FailingStep, PowerCut
from tinydb import TinyDB

from outpost.errors import InputRefused
from outpost.logbook import Draft, Logbook
from outpost.logbook import pages as pages_module
from outpost.model import GENESIS, entry_hash

WATER = {"household": "hh-0007", "litres": 800}


@pytest.fixture(params=STORES)
def book(request: pytest.FixtureRequest, station_dir: Path, clock: Clock) -> Iterator[Logbook]:
    """A new station, clear and sealed, with one household registered."""
    logbook = new_book(station_dir, clock, request.param)
    logbook.add("household", {"household_id": "hh-0007", "head": "巴特尔"})
    yield logbook
    logbook.close()


@pytest.fixture(autouse=True)
def small_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pages_module, "PAGE_ENTRIES", 5)


def pages(station_dir: Path) -> dict[str, list[int]]:
    """Page file name -> the seqs it holds, read as plain JSON."""
    return {
        p.name: sorted(int(k) for k in plain_json(p)["_default"])
        for p in sorted((station_dir / "log").glob("*.json"))
    }


def add_deliveries(book: Logbook, clock: Clock, count: int) -> None:
    for _ in range(count):
        clock.advance(minutes=1)
        book.add("water_delivery", WATER)


def test_busy_month_goes_on_in_pages_and_reads_as_one(
    book: Logbook, clock: Clock, station_dir: Path
) -> None:
    """Twelve entries in a month fill pages of five; the month, the log, a reopened store and
    check all read them as one run, and each page of a clear station opens with stock TinyDB."""
    add_deliveries(book, clock, 11)
    assert pages(station_dir) == {
        "2026-11.json": [1, 2, 3, 4, 5],
        "2026-11.2.json": [6, 7, 8, 9, 10],
        "2026-11.3.json": [11, 12],
    }
    assert [e["seq"] for e in book.month_entries("2026-11")] == list(range(1, 13))
    if not (station_dir / "unlock.json").exists():
        with TinyDB(station_dir / "log" / "2026-11.2.json") as db:
            assert db.get(doc_id=7)["seq"] == 7
    book.close()

    reopened = Logbook.open(station_dir, clock=clock)
    try:
        entries = list(reopened.entries())
        assert [e["seq"] for e in entries] == list(range(1, 13))
        assert entries[5]["prev"] == entry_hash(entries[4])
        report = reopened.check()
        assert (report.entries, report.files, report.repaired) == (12, 3, False)
        clock.advance(minutes=1)
        reopened.add("water_delivery", WATER)
        assert pages(station_dir)["2026-11.3.json"] == [11, 12, 13]
    finally:
        reopened.close()


def test_batch_is_never_split_across_pages(book: Logbook, station_dir: Path) -> None:
    """A batch that does not fit in the open page goes whole into the next one (one write)."""
    book.add_many([Draft("water_delivery", WATER)] * 3)
    book.add_many([Draft("water_delivery", WATER)] * 3)
    assert pages(station_dir) == {"2026-11.json": [1, 2, 3, 4], "2026-11.2.json": [5, 6, 7]}


def test_new_month_starts_on_its_first_page(book: Logbook, clock: Clock, station_dir: Path) -> None:
    """Pages are per month: December starts at log/2026-12.json whatever November holds."""
    add_deliveries(book, clock, 6)
    clock.advance(days=10)
    book.add("water_delivery", WATER)
    assert pages(station_dir)["2026-12.json"] == [8]
    assert [e["seq"] for e in book.month_entries("2026-12")] == [8]
    assert book.state.months == {"2026-11": [1, 7], "2026-12": [8, 8]}


@pytest.mark.parametrize("step", ["replace_step", "dir_fsync_step"])
def test_power_cut_while_opening_a_page_loses_nothing(
    book: Logbook,
    clock: Clock,
    station_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    step: str,
) -> None:
    """A power cut while the first entry of a new page is written leaves either no page or the
    page with that entry, and the next open agrees with whichever it finds."""
    add_deliveries(book, clock, 4)
    FailingStep(monkeypatch, step, 1, PowerCut)
    with pytest.raises(PowerCut):
        book.add("water_delivery", WATER)
    monkeypatch.undo()
    monkeypatch.setattr(pages_module, "PAGE_ENTRIES", 5)
    renamed = step == "dir_fsync_step"
    assert ("2026-11.2.json" in pages(station_dir)) is renamed
    book.close()

    reopened = Logbook.open(station_dir, clock=clock)
    try:
        assert reopened.state.last_seq == (6 if renamed else 5)
        assert not reopened.check().repaired
        clock.advance(minutes=1)
        reopened.add("water_delivery", WATER)
        assert pages(station_dir)["2026-11.2.json"] == ([6, 7] if renamed else [6])
        prev = GENESIS
        for entry in reopened.entries():
            assert entry["prev"] == prev
            prev = entry_hash(entry)
    finally:
        reopened.close()


def test_check_names_the_page_of_a_damaged_entry(
    book: Logbook, clock: Clock, station_dir: Path
) -> None:
    """An entry edited by hand in a later page is reported with that page's file name."""
    add_deliveries(book, clock, 7)
    book.close()
    page = station_dir / "log" / "2026-11.2.json"
    raw = plain_json(page)
    raw["_default"]["7"]["data"]["litres"] = 8000
    write_plain_json(page, raw)
    reopened = Logbook.open(station_dir, clock=clock)
    try:
        with pytest.raises(InputRefused) as caught:
            reopened.check()
        assert "seq 8" in caught.value.message()
        assert "2026-11.2.json" in caught.value.message()
    finally:
        reopened.close()


def test_state_left_behind_across_a_new_page_is_brought_up_at_open(
    book: Logbook, clock: Clock, station_dir: Path
) -> None:
    """When state.json fell several saves behind (its writes refused) while the month went on
    in a new page, the next open still finds every entry and agrees with check."""
    add_deliveries(book, clock, 2)
    behind = (station_dir / "state.json").read_bytes()
    add_deliveries(book, clock, 4)
    book.close()
    assert pages(station_dir)["2026-11.2.json"] == [6, 7]
    (station_dir / "state.json").write_bytes(behind)

    reopened = Logbook.open(station_dir, clock=clock)
    try:
        assert reopened.state.last_seq == 7
        assert reopened.state.kinds["water_delivery"] == 6
        assert not reopened.check().repaired
    finally:
        reopened.close()
