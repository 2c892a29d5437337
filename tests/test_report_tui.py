"""The station TUI's monthly summary screen, driven with Pilot on a real logbook."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tui_helpers import make_station, open_app, screen_text, type_into

from outpost.logbook import Logbook
from outpost.model.months import shift_month
from outpost.tui.screens.summary import SummaryScreen


@pytest.fixture
def station(station_dir: Path, clock: Any) -> Path:
    """A station with October and November work, one delivery voided, one medicine named in
    markup."""
    make_station(station_dir, clock)
    with Logbook.open(station_dir, clock=clock) as book:
        book.add("water_delivery", {"household": "hh-0007", "litres": 800}, "2026-11-03")
        gone = book.add("water_delivery", {"household": "hh-0007", "litres": 999}, "2026-11-04")
        book.void(gone.entries[0]["id"], "重复")
        book.add("water_delivery", {"household": "hh-0007", "litres": 300}, "2026-10-03")
        book.add(
            "medicine_handout",
            {
                "recipient": "巴特尔",
                "items": [{"medicine": "[bold]布洛芬", "quantity": 2, "unit": "盒"}],
            },
            "2026-11-05",
        )
    return station_dir


async def open_summary(app: Any, pilot: Any) -> None:
    await pilot.press("u")
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_summary_screen_shows_the_month_against_the_month_before(
    station: Path, clock: Any
) -> None:
    """`u` opens this month's summary: figures, the month before, the change, and details."""
    app = open_app(station, clock)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_summary(app, pilot)
        assert isinstance(app.screen, SummaryScreen)
        text = screen_text(app)
        assert "Monthly service summary · 银根戍边夫妻警务室 · 2026-11" in text
        assert "Water litres 800 300 +500" in text
        assert "[bold]布洛芬" in text  # markup in a name shows as text
        assert "Not everything in this month has been acknowledged" in text
    app.book.close()


async def test_brackets_step_through_months(station: Path, clock: Any) -> None:
    """`[` shows October, whose month before is September."""
    app = open_app(station, clock)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_summary(app, pilot)
        await pilot.press("left_square_bracket")
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = screen_text(app)
        assert "· 2026-10" in text
        assert "Water litres 300 0 +300" in text
    app.book.close()


async def test_typed_month_is_checked(station: Path, clock: Any) -> None:
    """A typed month that is not YYYY-MM is named in red and nothing else changes."""
    app = open_app(station, clock)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_summary(app, pilot)
        await type_into(pilot, "#summary-month", "2026-13")
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(app)
        assert "--month: 2026-13 is not a month like 2026-11" in text
        assert "Water litres 800 300 +500" in text
    app.book.close()


async def test_export_writes_the_month_in_four_formats(station: Path, clock: Any) -> None:
    """`e` saves the month as HTML, CSV, Markdown and JSON in the station's reports folder."""
    app = open_app(station, clock)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_summary(app, pilot)
        await pilot.press("e")
        await app.workers.wait_for_complete()
        await pilot.pause()
    app.book.close()
    folder = station / "reports"
    names = sorted(p.name for p in folder.iterdir())
    stem = "summary-yingen-couple-post-2026-11"
    assert names == [f"{stem}.{x}" for x in ("csv", "html", "json", "md", "xlsx")]
    assert (folder / f"{stem}.csv").read_bytes().startswith(b"\xef\xbb\xbf")


async def test_summary_fits_80_by_24(station: Path, clock: Any) -> None:
    """At 80x24 the figures table, the coverage line and the footer are on screen."""
    app = open_app(station, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_summary(app, pilot)
        for selector in ("#summary-figures", "#summary-coverage", "Footer", "#summary-month"):
            region = app.screen.query_one(selector).region
            assert region.height > 0 and region.bottom <= 24, selector
    app.book.close()


def test_shift_crosses_year_ends() -> None:
    """Stepping back from January lands in December of the year before, and forward again."""
    assert shift_month("2026-01", -1) == "2025-12"
    assert shift_month("2025-12", 1) == "2026-01"


async def test_language_switch_relabels_the_summary(station: Path, clock: Any) -> None:
    """F2 shows the same month's figures again in Chinese."""
    app = open_app(station, clock)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_summary(app, pilot)
        await pilot.press("f2")
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = screen_text(app)
        assert "月度服务汇总 · 银根戍边夫妻警务室 · 2026-11" in text
        assert "送水量（升） 800 300 +500" in text
        await pilot.press("f2")
        await app.workers.wait_for_complete()
    app.book.close()


async def test_stepping_past_the_calendar_stays_put(station: Path, clock: Any) -> None:
    """`[` on January 1900 keeps January 1900 on screen instead of failing."""
    app = open_app(station, clock)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_summary(app, pilot)
        await type_into(pilot, "#summary-month", "1900-01")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.press("left_square_bracket")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "· 1900-01" in screen_text(app)
    app.book.close()
