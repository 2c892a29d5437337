"""Times and days typed as people write them, in the TUI forms (zh, 80×24): each accepted form
clears the error line as it is typed and saves the right time; a wrong one shows the forms."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static
from tui_helpers import make_station, open_app, type_into

from outpost.i18n import set_language
from outpost.logbook import Logbook
from outpost.tui.screens.form import EntryForm

# The clock fixture stands at 2026-11-26 09:00 in Shanghai.
STARTS = {
    "2026-11-26 06:00": "2026-11-26T06:00:00+08:00",
    "11-26 06:00": "2026-11-26T06:00:00+08:00",
    "06:00": "2026-11-26T06:00:00+08:00",
    "6:30": "2026-11-26T06:30:00+08:00",
    "2026-11-26T06:00:00+08:00": "2026-11-26T06:00:00+08:00",
    "2026-11-25T22:00:00Z": "2026-11-25T22:00:00+00:00",
    "０７：１５": "2026-11-26T07:15:00+08:00",
}
EXPIRIES = {"2027-06": "2027-06-30", "2027-06-30": "2027-06-30", "2028-2": "2028-02-29"}


@pytest.fixture
def station(station_dir: Path, clock: Any) -> Path:
    make_station(station_dir, clock)
    set_language("zh")
    return station_dir


def stored(folder: Path) -> list[dict[str, Any]]:
    with Logbook.open(folder) as book:
        return list(book.entries())


def error_of(app: Any, name: str) -> str:
    box = app.screen.query_one(f"#err-{name}", Static)
    return str(box.render()) if box.display else ""


async def fill_and_save(pilot: Any, key: str, fields: dict[str, str], checked: str) -> None:
    """Open form `key`, type `fields`; the error line of `checked` stays empty; Ctrl+S saves."""
    app = pilot.app
    await pilot.press(key)
    assert isinstance(app.screen, EntryForm)
    for name, text in fields.items():
        await type_into(pilot, f"#in-{name}", text)
        assert error_of(app, checked) == "", (text, error_of(app, checked))
    await pilot.press("ctrl+s")
    await pilot.pause()
    assert not isinstance(app.screen, EntryForm), (fields, error_of(app, checked))


CASES = [
    *(
        ("p", {"route": "西段", "started_at": typed, "distance_km": "12"}, "started_at", stored)
        for typed, stored in STARTS.items()
    ),
    ("w", {"household": "hh-0007", "litres": "800", "occurred_at": "08:30"}, "occurred_at", None),
    *(
        ("r", {"items": "阿莫西林 40 盒", "expires": typed}, "expires", stored)
        for typed, stored in EXPIRIES.items()
    ),
]


@pytest.mark.parametrize(("key", "fields", "checked", "expected"), CASES)
async def test_each_written_time_and_day_is_taken_and_saved(
    station: Path, clock: Any, key: str, fields: dict[str, str], checked: str, expected: Any
) -> None:
    """Typed in its form, the error line stays empty; Ctrl+S saves the time or day meant."""
    app = open_app(station, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await fill_and_save(pilot, key, fields, checked)
    assert app.book is not None
    app.book.close()
    entry = stored(station)[-1]
    if key == "p":
        assert entry["data"]["started_at"] == entry["occurred_at"] == expected
    elif key == "w":
        assert entry["occurred_at"] == "2026-11-26T08:30:00+08:00"
    else:
        assert entry["data"]["expires"] == expected


@pytest.mark.parametrize(
    ("key", "name", "typed", "hint"),
    [
        ("p", "started_at", "2026/11/26 6点", "12-02 06:00（今年）"),
        ("p", "ended_at", "25:00", "06:00（今天）"),
        ("r", "expires", "明年六月", "2027-06 表示当月最后一天"),
        ("r", "expires", "2027-13", "2027-06 表示当月最后一天"),
        ("w", "occurred_at", "6点", "06:00（今天）"),
    ],
)
async def test_a_wrong_time_or_day_shows_the_forms_and_nothing_is_saved(
    station: Path, clock: Any, key: str, name: str, typed: str, hint: str
) -> None:
    app = open_app(station, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(key)
        await type_into(pilot, f"#in-{name}", typed)
        message = error_of(app, name)
        assert hint in message and typed in message and "date" not in message, message
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, EntryForm)
        assert hint in error_of(app, name)
        assert app.book is not None
        assert app.book.state.last_seq == 1


async def test_the_placeholder_of_an_empty_time_or_day_shows_the_forms(
    station: Path, clock: Any
) -> None:
    app = open_app(station, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r")
        assert "2027-06" in str(app.screen.query_one("#in-expires").placeholder)
        assert "06:00" in str(app.screen.query_one("#in-occurred_at").placeholder)
