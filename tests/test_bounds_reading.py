"""Whatever a log holds, reading it never stops: entries that an older version let in (a year-1
time, a patrol in year 9999, a NaN written into the page file) are shown by `log`, left out of
summaries and home, and named by `outpost check`, a line each."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import Clock, run_cli
from tui_helpers import make_station, open_app, screen_text

from outpost.logbook import Logbook
from outpost.logbook.pages import LOG_DIR, MonthPages
from outpost.model import Entry, build_entry, entry_hash, format_time
from outpost.tui.screens.summary import SummaryScreen

MONTH = "2026-11"
NAN_KM = 12.25
"""The distance the last patrol is saved with, turned into NaN in the page file afterwards."""


def write_unchecked(
    folder: Path, clock: Clock, drafts: list[tuple[str, dict[str, Any], str]]
) -> list[Entry]:
    """Append entries straight to the month's page, chained but never checked: what an older
    version without today's bounds could have saved. The state catches up on the next open."""
    with Logbook.open(folder, clock=clock) as book:
        seq = book.state.last_seq
        prev = book.state.last_hash
    pages = MonthPages(folder)
    written = []
    try:
        for kind, data, occurred in drafts:
            seq += 1
            entry = build_entry(
                station="yingen-couple-post", seq=seq, prev=prev, kind=kind, data=data,
                occurred_at=occurred, recorded_at=format_time(clock()), officers=["张伟"],
            )  # fmt: skip
            pages.append(MONTH, [entry])
            prev = entry_hash(entry)
            written.append(entry)
    finally:
        pages.close()
    return written


@pytest.fixture
def station(station_dir: Path, clock: Clock) -> Path:
    """A station whose November holds one genuine delivery (800 L) and a genuine patrol, then a
    year-1 delivery, a patrol in year 9999, a delivery whose time overflows the calendar in UTC
    and, last, a patrol whose distance is NaN."""
    make_station(station_dir, clock)
    with Logbook.open(station_dir, clock=clock) as book:
        book.add("water_delivery", {"household": "hh-0007", "litres": 800}, "2026-11-03")
        book.add(
            "patrol",
            {"route": "界桩 101-105", "started_at": "2026-11-20T08:00",
             "ended_at": "2026-11-20T10:00", "distance_km": 30, "mode": "vehicle"},
        )  # fmt: skip
    patrol = {"route": "界桩 101-105", "distance_km": 5, "mode": "vehicle"}
    write_unchecked(station_dir, clock, [
        ("water_delivery", {"household": "hh-0007", "litres": 5}, "0001-01-01T00:00:00+08:00"),
        ("patrol", {**patrol, "started_at": "9999-12-31T23:00:00+08:00",
                    "ended_at": "9999-12-31T23:59:59+08:00"}, "2026-11-25T10:00:00+08:00"),
        ("water_delivery", {"household": "hh-0007", "litres": 7}, "9999-12-31T23:00:00-05:00"),
        ("patrol", {**patrol, "distance_km": NAN_KM, "started_at": "2026-11-25T08:00:00+08:00",
                    "ended_at": "2026-11-25T09:00:00+08:00"}, "2026-11-25T08:00:00+08:00"),
    ])  # fmt: skip
    page = station_dir / LOG_DIR / f"{MONTH}.json"
    text = page.read_text(encoding="utf-8")
    assert text.count(str(NAN_KM)) == 1
    page.write_text(text.replace(str(NAN_KM), "NaN"), encoding="utf-8")
    return station_dir


def run_ok(station: Path, *args: str) -> str:
    done = run_cli(*args, data_dir=station)
    assert done.returncode == 0, (args, done.stderr)
    assert "Traceback" not in done.stderr
    return done.stdout


def test_log_lists_every_entry(station: Path) -> None:
    """`outpost log` shows all seven entries; `--month` the November ones by occurred_at."""
    assert len(run_ok(station, "log").splitlines()) == 7
    november = run_ok(station, "log", "--month", MONTH)
    assert "0001-01-01" not in november and len(november.splitlines()) == 5
    assert len(json.loads(run_ok(station, "log", "--json").replace("NaN", "null"))) == 7


@pytest.mark.parametrize("form", ["text", "json", "csv", "html", "md"])
def test_report_leaves_out_what_is_out_of_bounds(station: Path, form: str) -> None:
    """The summary counts the genuine delivery and patrol only, in every format."""
    out = run_ok(station, "report", "--month", MONTH, "--format", form)
    if form == "json":
        [row] = json.loads(out)["stations"]
        assert row["water"] == {"deliveries": 1, "litres": 800, "households": 1}
        assert row["patrols"]["count"] == 1
        assert row["patrols"]["km"] == 30
        assert row["patrols"]["seconds"] == 7200


def test_report_of_other_months_and_after_a_void(station: Path, clock: Clock) -> None:
    """Any month reads, also after the year-1 entry is voided (which used to crash still)."""
    run_ok(station, "report", "--month", "2026-12")
    with Logbook.open(station, clock=clock) as book:
        [year_1] = [e for e in book.entries() if e["occurred_at"].startswith("0001")]
        book.void(year_1["id"], "typed the year wrong")
    run_ok(station, "report", "--month", MONTH)
    run_ok(station, "log", "--month", MONTH)
    run_ok(station, "status")


def test_check_names_each_entry_out_of_bounds(station: Path) -> None:
    """`outpost check`: exit 3 (its code for findings), a line for each such entry."""
    done = run_cli("check", data_dir=station)
    assert done.returncode == 3, done.stderr
    lines = done.stderr.splitlines()
    assert "4 entries hold values outside today's bounds" in lines[0]
    seqs = [line.split(" in ")[0].strip() for line in lines[1:]]
    assert seqs == ["seq 4", "seq 5", "seq 6", "seq 7"]
    assert "0001-01-01T00:00:00+08:00 is not between the years 1900 and 2200" in lines[1]
    assert "9999-12-31T23:00:00+08:00 is not between" in lines[2]
    assert "9999-12-31T23:00:00-05:00 is not between" in lines[3]
    assert "nan is not a finite number" in lines[4]
    assert "Traceback" not in done.stderr


async def test_home_and_the_summary_screen_keep_working(station: Path, clock: Clock) -> None:
    """Home opens; `u` opens November's summary with the genuine figures only."""
    app = open_app(station, clock)
    async with app.run_test(size=(120, 36)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "银根戍边夫妻警务室" in screen_text(app)
        await pilot.press("u")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        text = screen_text(app)
        assert f"· {MONTH}" in text
        assert "Water litres 800" in text
    app.book.close()


def test_log_shows_a_lone_surrogate_and_control_characters_a_page_holds(
    station_dir: Path, clock: Clock
) -> None:
    """A household head holding an escape sequence, and a lone surrogate written into the page
    file as the JSON escape `\\ud800` (no version of outpost writes one; an editor can), is
    listed with the escape made visible (text) and the surrogate as its JSON escape (--json)."""
    make_station(station_dir, clock)
    write_unchecked(station_dir, clock, [
        ("household", {"household_id": "hh-0009", "head": "巴SURROGATE\x1b[8m"},
         "2026-11-03T09:00:00+08:00"),
    ])  # fmt: skip
    page = station_dir / LOG_DIR / f"{MONTH}.json"
    page.write_text(page.read_text(encoding="utf-8").replace("SURROGATE", "\\ud800"), "utf-8")
    listed = run_ok(station_dir, "log")
    assert "\x1b" not in listed and "巴\ufffd␛[8m" in listed
    entry = json.loads(run_ok(station_dir, "log", "--json"))[-1]
    assert entry["data"]["head"] == "巴\ud800\x1b[8m"
