"""Corrections that move an entry in time: it counts in its new month at the station (summary,
home, log) and at HQ alike, through a void and a second move."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import Clock, run_cli
from test_report_hq import Brigade, figures, station_doc
from textual.widgets import Input
from tui_helpers import open_app, type_into

from outpost.errors import InvalidEntry
from outpost.hq.report_sql import hq_summary
from outpost.logbook import Logbook, LogFilter, matching
from outpost.station.home import overview
from outpost.tui.screens.form import EntryForm

STATION = "yingen-couple-post"
PATROL = {
    "started_at": "2026-11-30T23:50:00+08:00",
    "ended_at": "2026-12-01T04:00:00+08:00",
    "route": "界桩 101-105",
    "distance_km": 42.5,
}
MOVED = {**PATROL, "started_at": "2026-12-01 00:10 +08:00"}


@pytest.fixture
def brigade(tmp_path: Path) -> Iterator[Brigade]:
    hq = Brigade(tmp_path / "world")
    yield hq
    hq.close()


def patrols(book: Logbook, brigade: Brigade, month: str) -> tuple[int, int]:
    """The month's patrols as the station counts them and as HQ does (after a delivery)."""
    at_hq = hq_summary(brigade.archive.db, month, STATION).to_json()["stations"][0]
    at_station = station_doc(book, month)["stations"][0]
    assert figures(at_hq) == figures(at_station), month
    return at_station["patrols"]["count"], at_hq["patrols"]["count"]


def entered_on_november_30(brigade: Brigade, clock: Clock) -> tuple[Logbook, dict[str, Any]]:
    """A station whose patrol was typed on 30 November with the wrong start, sent to HQ; the
    clock then runs to 2 December."""
    clock.moment = clock.moment.replace(month=11, day=30, hour=8)
    book = brigade.station(STATION, clock)
    patrol = book.add("patrol", PATROL).entries[0]
    brigade.deliver(book)
    clock.moment = clock.moment.replace(month=12, day=2)
    return book, patrol


def test_patrol_amended_to_start_in_december_counts_in_december(
    brigade: Brigade, clock: Clock
) -> None:
    """A November patrol amended to start 2026-12-01 00:10 +08:00 counts in December, not
    November, in the station's summary, its home counters and its log, and at HQ."""
    book, patrol = entered_on_november_30(brigade, clock)
    assert patrols(book, brigade, "2026-11") == (1, 1)
    book.amend(patrol["id"], MOVED, "出发时间记错")
    brigade.deliver(book)
    assert patrols(book, brigade, "2026-11") == (0, 0)
    assert patrols(book, brigade, "2026-12") == (1, 1)
    assert book.current(patrol)["occurred_at"] == "2026-12-01T00:10:00+08:00"
    # recorded in November's file, it is read for December's home counters all the same
    assert overview(book).counters["patrols"] == 1
    december = [e["id"] for e in matching(book, LogFilter(month="2026-12"))]
    november = [e["id"] for e in matching(book, LogFilter(month="2026-11"))]
    assert patrol["id"] in december and patrol["id"] not in november
    book.close()


def test_void_after_a_move_leaves_both_months(brigade: Brigade, clock: Clock) -> None:
    """A patrol moved into December and then voided counts in neither month, on either side."""
    book, patrol = entered_on_november_30(brigade, clock)
    book.amend(patrol["id"], MOVED, "出发时间记错")
    brigade.deliver(book)
    assert patrols(book, brigade, "2026-12") == (1, 1)
    book.void(patrol["id"], "重复录入")
    brigade.deliver(book)
    assert patrols(book, brigade, "2026-11") == (0, 0)
    assert patrols(book, brigade, "2026-12") == (0, 0)
    assert overview(book).counters["patrols"] == 0
    book.close()


def test_amended_twice_it_counts_where_the_latest_move_put_it(
    brigade: Brigade, clock: Clock
) -> None:
    """Moved into December, then back across the month end by a second amendment (each sent to
    HQ on its own), the patrol counts in November again; an amendment that names no new time
    keeps it where the last move put it, also once the log is reopened."""
    book, patrol = entered_on_november_30(brigade, clock)
    book.amend(patrol["id"], MOVED, "出发时间记错")
    brigade.deliver(book)
    assert patrols(book, brigade, "2026-12") == (1, 1)
    book.amend(patrol["id"], {**PATROL, "started_at": "2026-11-30 22:00"}, "还是 11 月")
    brigade.deliver(book)
    assert patrols(book, brigade, "2026-11") == (1, 1)
    assert patrols(book, brigade, "2026-12") == (0, 0)
    water = book.add("water_delivery", {"household": "hh-0007", "litres": 800}).entries[0]
    book.amend(water["id"], None, "时间记错", occurred_at="2026-11-29 10:00")
    book.amend(water["id"], {"household": "hh-0007", "litres": 900}, "水量记错")
    brigade.deliver(book)
    assert book.current(water)["occurred_at"] == "2026-11-29T10:00:00+08:00"
    november = station_doc(book, "2026-11")["stations"][0]
    assert november["water"]["litres"] == 900
    assert figures(hq_summary(brigade.archive.db, "2026-11", STATION).to_json()["stations"][0]) == (
        figures(november)
    )
    assert not book.check().repaired, "the saved state already knew every move"
    book.close()
    with Logbook.open(book.folder, clock=clock) as reopened:
        assert reopened.current(water)["occurred_at"] == "2026-11-29T10:00:00+08:00"


def test_a_patrol_given_its_own_time_keeps_it_when_its_start_is_amended(
    book: Logbook, clock: Clock
) -> None:
    """The time follows a patrol's start only when it was the start: an officer who gave the
    patrol another time keeps it; a typed time more than a day ahead is refused."""
    patrol = book.add("patrol", PATROL, "2026-11-25 08:00").entries[0]
    clock.moment = clock.moment.replace(month=12, day=2)
    book.amend(patrol["id"], MOVED, "出发时间记错")
    assert book.current(patrol)["occurred_at"] == "2026-11-25T08:00:00+08:00"
    with pytest.raises(InvalidEntry) as refused:
        book.amend(patrol["id"], PATROL, "时间", occurred_at="2026-12-05 08:00")
    assert refused.value.key == "entry.in_future"
    assert book.state.amended[patrol["id"]]["count"] == 1


def test_cli_amend_moves_an_entry_by_the_time_as_typed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`outpost amend ID --occurred-at "12-01 00:10"` keeps the data, moves the entry, and
    `outpost log --month` finds it in its new month; with neither --data nor a time it is a
    usage error."""
    monkeypatch.setenv("OUTPOST_NOW", "2026-12-02T09:00:00+08:00")
    folder = tmp_path / "cli-station"
    run_cli("init", "--station-id", STATION, "--name", "银根", "--officer", "张伟", data_dir=folder)
    run_cli("add", "household", "--data", '{"household_id": "hh-0007", "head": "巴特尔"}',
            data_dir=folder)  # fmt: skip
    water = '{"household": "hh-0007", "litres": 800}'
    done = run_cli("add", "water_delivery", "--data", water, "--occurred-at", "11-30 23:00",
                   "--json", data_dir=folder)  # fmt: skip
    entry_id = json.loads(done.stdout)[0]["id"]
    done = run_cli("amend", entry_id, "--reason", "时间记错", data_dir=folder)
    assert done.returncode == 2 and "--occurred-at" in done.stderr
    done = run_cli("amend", entry_id, "--occurred-at", "12-01 00:10", "--reason", "时间记错",
                   data_dir=folder)  # fmt: skip
    assert done.returncode == 0, done.stderr
    done = run_cli("log", "--month", "2026-12", data_dir=folder)
    assert "2026-12-01 00:10" in done.stdout and entry_id[:8] in done.stdout
    assert "hh-0007 · 800 L" in done.stdout
    done = run_cli("log", "--month", "2026-11", "--json", data_dir=folder)
    assert entry_id not in {e["id"] for e in json.loads(done.stdout)}


def test_a_form_left_as_it_showed_the_time_does_not_move_the_entry(book: Logbook) -> None:
    """The correction form shows the time to the minute: left as shown, nothing moves (not even
    the seconds); typed anew, it does."""
    from outpost.station.forms import amended_time

    water = book.add("water_delivery", {"household": "hh-0007", "litres": 8}, "09:30:27")
    entry = water.entries[0]
    assert amended_time(book, entry, "2026-11-26 09:30") is None
    assert amended_time(book, entry, None) is None
    assert amended_time(book, entry, "11-25 09:30") == "11-25 09:30"


async def test_correction_form_moves_an_entry_by_its_time_field(
    station_dir: Path, clock: Clock, brigade: Brigade
) -> None:
    """In the correction form a water delivery's time, typed as shown (`2026-12-01 00:10`),
    moves it to December; a patrol's new start moves it with its start."""
    clock.moment = clock.moment.replace(month=11, day=30, hour=8)
    book = brigade.station(STATION, clock)
    water = book.add("water_delivery", {"household": "hh-0007", "litres": 800}).entries[0]
    patrol = book.add("patrol", PATROL).entries[0]
    folder = book.folder
    book.close()
    clock.moment = clock.moment.replace(month=12, day=2)
    app = open_app(folder, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        for entry, field, typed in (
            (water, "#in-occurred_at", "2026-12-01 00:10"),
            (patrol, "#in-started_at", "12-01 00:10"),
        ):
            app.push_screen(EntryForm(entry["kind"], amend=entry))
            await pilot.pause()
            assert app.screen.query_one(field, Input).value.startswith("2026-11-30")
            await type_into(pilot, field, typed)
            await type_into(pilot, "#in-reason_for_change", "时间记错")
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert not isinstance(app.screen, EntryForm)
    assert app.book is not None
    assert app.book.current(water)["occurred_at"] == "2026-12-01T00:10:00+08:00"
    assert app.book.current(patrol)["occurred_at"] == "2026-12-01T00:10:00+08:00"
    assert station_doc(app.book, "2026-12")["stations"][0]["patrols"]["count"] == 1
    app.book.close()
