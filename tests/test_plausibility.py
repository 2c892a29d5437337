"""Plausibility warnings before a save (outpost.station.plausibility) at their edges, and the
roster behind them (outpost.station.roster)."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import Clock

from outpost.errors import UsageError
from outpost.logbook import Draft, Logbook, StationConfig
from outpost.station.forms import defaults
from outpost.station.plausibility import check_batch, check_draft
from outpost.station.roster import (
    LAST_OFFICERS,
    add_officer,
    default_officers,
    retire_officer,
    retired,
    roster,
)

NOW = "2026-11-26T09:00:00+08:00"  # the `clock` fixture's start
WATER = {"household": "hh-0007", "litres": 800}


def codes(book: Logbook, kind: str, data: Any, occurred: str | None = None, **kw: Any) -> list[str]:
    return [w.code for w in check_draft(book, Draft(kind, data, occurred, kw.get("officers")))]


def patrol(start: str, end: str) -> dict[str, Any]:
    return {"route": "界桩 101-105", "distance_km": 12, "started_at": start, "ended_at": end}


def test_a_patrol_of_exactly_24_hours_is_plausible_one_second_more_is_not(book: Logbook) -> None:
    """24 h from start to end passes; 24 h and a second is a long_patrol warning."""
    day = patrol("2026-11-25T08:00:00+08:00", "2026-11-26T08:00:00+08:00")
    assert codes(book, "patrol", day) == []
    longer = patrol("2026-11-25T08:00:00+08:00", "2026-11-26T08:00:01+08:00")
    assert codes(book, "patrol", longer) == ["long_patrol"]


def test_a_patrol_of_a_year_is_warned_about_with_its_hours(book: Logbook) -> None:
    """Finding 5: the year-long patrol that saved silently now says how long it is."""
    year = patrol("2025-11-26T06:00:00+08:00", "2026-11-26T06:00:00+08:00")
    warnings = check_draft(book, Draft("patrol", year))
    assert [w.code for w in warnings] == ["long_ago", "long_patrol"]
    assert warnings[1].params["hours"] == 8760.0
    assert "8760.0" in warnings[1].message()


def test_ten_minutes_ahead_is_plausible_a_second_more_is_in_the_future(book: Logbook) -> None:
    """The clock may drift 10 minutes; 10 minutes and a second ahead is a future warning."""
    assert codes(book, "water_delivery", WATER, "2026-11-26T09:10:00+08:00") == []
    assert codes(book, "water_delivery", WATER, "2026-11-26T09:10:01+08:00") == ["future"]


def test_31_days_back_is_plausible_a_second_more_is_long_ago(book: Logbook) -> None:
    """31 days back passes; a second more is a long_ago warning, for a patrol's end too."""
    assert codes(book, "water_delivery", WATER, "2026-10-26T09:00:00+08:00") == []
    assert codes(book, "water_delivery", WATER, "2026-10-26T08:59:59+08:00") == ["long_ago"]
    old = patrol("2026-10-26T08:00:00+08:00", "2026-10-26T08:59:59+08:00")
    assert codes(book, "patrol", old) == ["long_ago", "long_ago"]


def test_times_are_judged_by_the_logbooks_clock_not_the_machines(book: Logbook) -> None:
    """The same time is plausible or not as the book's clock moves, whatever today's date."""
    clock: Clock = book.clock  # type: ignore[assignment]
    clock.moment = clock.moment.replace(year=2031)
    assert codes(book, "water_delivery", WATER, NOW) == ["long_ago"]


def test_an_officer_off_the_roster_or_retired_is_warned_about(book: Logbook) -> None:
    """张三 (never added) and 李娜 once retired are each a warning; 张伟 on the roster is not."""
    assert codes(book, "water_delivery", WATER, officers=["张伟"]) == []
    warned = check_draft(book, Draft("water_delivery", WATER, None, ["张伟", "张三"]))
    assert [(w.code, w.params) for w in warned] == [("off_roster", {"name": "张三"})]
    retire_officer(book, "李娜")
    assert codes(book, "water_delivery", WATER, officers=["李娜"]) == ["off_roster"]


def test_the_same_delivery_within_30_minutes_is_a_likely_duplicate(
    book: Logbook, clock: Clock
) -> None:
    """Same kind, household and figures 30 minutes apart warns (naming the entry); 30 minutes
    and a second apart, other litres, another household's or a voided entry does not; a
    different note does not hide it."""
    saved = book.add("water_delivery", {**WATER, "note": "旱情"}, NOW).entries[0]
    clock.advance(hours=1)
    warned = check_draft(book, Draft("water_delivery", WATER, "2026-11-26T09:30:00+08:00"))
    assert [(w.code, w.params["seq"]) for w in warned] == [("duplicate", saved["seq"])]
    assert codes(book, "water_delivery", WATER, "2026-11-26T08:30:00+08:00") == ["duplicate"]
    assert codes(book, "water_delivery", WATER, "2026-11-26T09:30:01+08:00") == []
    assert codes(book, "water_delivery", {**WATER, "litres": 500}) == []
    assert codes(book, "herder_visit", {"household": "hh-0007", "purpose": "welfare_check"}) == []
    book.void(saved["id"], "重复录入")
    assert codes(book, "water_delivery", WATER, NOW) == []


def test_an_amended_entry_is_compared_as_it_reads_now(book: Logbook) -> None:
    """An entry amended to 500 L is a duplicate of 500 L, no longer of 800 L."""
    saved = book.add("water_delivery", WATER, NOW).entries[0]
    book.amend(saved["id"], {**WATER, "litres": 500}, "读错水表")
    assert codes(book, "water_delivery", WATER, NOW) == []
    assert codes(book, "water_delivery", {**WATER, "litres": 500}, NOW) == ["duplicate"]


def test_what_the_save_refuses_gets_no_warning(book: Logbook) -> None:
    """An invalid draft, an unknown household or a correction: the save says what is wrong."""
    assert codes(book, "water_delivery", {"household": "hh-0007"}, "2020-01-01T00:00") == []
    assert codes(book, "water_delivery", {"household": "hh-0404", "litres": 1}, "2020-01-01") == []
    assert codes(book, "boat_trip", {}) == []
    assert codes(book, "void", {"target": "x", "reason": "r"}) == []


def test_a_batch_lists_warnings_by_line_and_repeats_within_it(book: Logbook) -> None:
    """Each record is checked; a line repeating an earlier one of the batch is a duplicate."""
    batch = [
        (1, Draft("water_delivery", WATER)),
        (3, Draft("water_delivery", WATER, None, ["张三"])),
        (4, Draft("water_delivery", {**WATER, "litres": 5})),
    ]
    found = [(line, w.code) for line, w in check_batch(book, batch)]
    assert found == [(3, "off_roster"), (3, "duplicate")]
    assert check_batch(book, batch)[1][1].params == {"line": 1}


def test_a_check_reads_only_the_entries_recorded_near_its_time(
    station_dir: Any, clock: Clock
) -> None:
    """A month recorded long before the candidate is never read (here it is damaged past
    reading): a check costs the same on a log of years (10,000 entries: docs/benchmarks.md)."""
    clock.moment = clock.moment.replace(month=9)
    book = Logbook.create(station_dir, station_id="yingen-couple-post", name="站",
                          officers=["张伟"], clock=clock)  # fmt: skip
    book.add("household", {"household_id": "hh-0007", "head": "巴特尔"})
    book.add("water_delivery", WATER)
    clock.moment = clock.moment.replace(month=11)
    book.add("water_delivery", WATER)
    book.close()
    (station_dir / "log" / "2026-09.json").write_text("{not json")
    with Logbook.open(station_dir, clock=clock) as again:
        assert codes(again, "water_delivery", WATER) == ["duplicate"]
        assert codes(again, "water_delivery", WATER, "2026-11-20T09:00") == []


def test_the_roster_adds_retires_and_brings_back(book: Logbook) -> None:
    """Added names are kept trimmed; a retired officer leaves the roster but is listed as
    retired, and is on it again once added back; the last officer cannot retire."""
    assert add_officer(book, "  王芳 ") == "王芳"
    retire_officer(book, "李娜")
    assert roster(book) == ["张伟", "王芳"] and retired(book) == ["李娜"]
    kept = StationConfig.load(book.folder)
    assert kept.officers == ["张伟", "王芳"] and kept.retired == ["李娜"]
    add_officer(book, "李娜")
    assert roster(book) == ["张伟", "王芳", "李娜"] and retired(book) == []
    for bad in ("", "  ", "x" * 101):
        with pytest.raises(UsageError):
            add_officer(book, bad)
    with pytest.raises(UsageError, match="already"):
        add_officer(book, "张伟")
    with pytest.raises(UsageError, match="not on"):
        retire_officer(book, "张三")
    retire_officer(book, "王芳")
    retire_officer(book, "李娜")
    with pytest.raises(UsageError, match="last"):
        retire_officer(book, "张伟")


def test_an_officer_off_the_roster_never_becomes_the_default(book: Logbook) -> None:
    """Finding 5: 张三 saved once (off the roster) is not the next form's officer; 李娜 is
    until retired; then the roster's first officer."""
    book.config.settings[LAST_OFFICERS] = ["张三"]
    assert default_officers(book) == ["张伟"]
    assert defaults(book, "water_delivery")["officers"] == "张伟"
    book.config.settings[LAST_OFFICERS] = ["李娜", "张三"]
    assert default_officers(book) == ["李娜"]
    retire_officer(book, "李娜")
    assert default_officers(book) == ["张伟"]
