"""The station TUI's screens: home, log browser with amend and void, households, stock, help,
language, first run, a second instance, hostile text, 80x24."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import run_cli
from rich.text import Text
from textual.command import CommandList
from textual.widgets import DataTable, Input
from tui_helpers import make_station, open_app, screen_text, type_into

from outpost.i18n import language
from outpost.logbook import Draft, Logbook
from outpost.tui.dialogs.reason import ReasonDialog
from outpost.tui.screens.detail import EntryDetail
from outpost.tui.screens.first_run import FirstRunScreen
from outpost.tui.screens.form import EntryForm
from outpost.tui.screens.help import HelpScreen
from outpost.tui.screens.households import HouseholdHistory
from outpost.tui.screens.log import PAGE

HOSTILE = ["[bold red]x[/]", "[/]", "\x1b[2J", "🐪🚰", "ᠮᠣᠩᠭᠣᠯ"]


@pytest.fixture
def station(station_dir: Path, clock: Any) -> Path:
    make_station(station_dir, clock)
    return station_dir


def close(app: Any) -> None:
    if app.book is not None:
        app.book.close()


async def test_home_shows_the_station_this_month_and_today(station: Path, clock: Any) -> None:
    """Home names the station and officers, counts this month's water and lists today's entry."""
    with Logbook.open(station, clock=clock) as book:
        book.add("water_delivery", {"household": "hh-0007", "litres": 800})
        book.add("medicine_stock", {"items": [{"medicine": "布洛芬", "quantity": 3, "unit": "盒"}]})
    app = open_app(station, clock)
    async with app.run_test(size=(120, 36)):
        text = screen_text(app)
        assert "银根戍边夫妻警务室" in text and "张伟" in text
        assert "1 · 800 L" in text
        assert "hh-0007 · 800 L" in text
        assert "布洛芬 running low: 3 盒 left" in text
        assert "no HQ card yet" in text
    close(app)


async def test_home_and_the_longest_form_fit_80_by_24(station: Path, clock: Any) -> None:
    """At 80x24 home shows its counters, alerts, sync state and footer, and the medicine form
    shows every field and its save button without scrolling."""
    app = open_app(station, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        for selector in ("#counters", "#alerts", "#sync-state", "Footer", "#today"):
            region = app.screen.query_one(selector).region
            assert region.height > 0 and region.bottom <= 24 and region.right <= 80, selector
        await pilot.press("m")
        await pilot.pause()
        for widget in [*app.screen.query("Input"), app.screen.query_one("#save")]:
            region = widget.region
            assert region.height > 0 and region.bottom <= 23 and region.right <= 80, widget.id
    close(app)


async def test_log_browser_loads_a_page_at_a_time(station: Path, clock: Any) -> None:
    """With 250 entries the browser shows the newest page first and loads more at the end."""
    with Logbook.open(station, clock=clock) as book:
        book.add_many(
            Draft("water_delivery", {"household": "hh-0007", "litres": n}) for n in range(1, 251)
        )
    app = open_app(station, clock)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("l")
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.screen.query_one("#log", DataTable)
        assert table.row_count == PAGE
        assert table.get_row_at(0)[0].plain == "251"
        table.move_cursor(row=PAGE - 1)
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert table.row_count == 2 * PAGE
        await type_into(pilot, "#f-text", "zzz-nothing")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert table.row_count == 0
    close(app)


async def test_amend_and_void_from_the_entry_detail(station: Path, clock: Any) -> None:
    """Amending changes what the entry says (with its history); voiding needs a reason and
    strikes the row through."""
    with Logbook.open(station, clock=clock) as book:
        book.add("water_delivery", {"household": "hh-0007", "litres": 800})
    app = open_app(station, clock)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("l")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EntryDetail)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, EntryForm)
        assert app.screen.query_one("#in-litres", Input).value == "800"
        await type_into(pilot, "#in-litres", "1000")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, EntryForm), "a correction needs its reason"
        await type_into(pilot, "#in-reason_for_change", "签收单为准")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, EntryDetail)
        text = screen_text(app)
        assert "1000 L" in text and "800 L" in text and "签收单为准" in text
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ReasonDialog)
        await pilot.click("#confirm")
        await pilot.pause()
        assert isinstance(app.screen, ReasonDialog), "a void needs its reason"
        await type_into(pilot, "#reason", "重复录入")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EntryDetail)
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        await pilot.pause()
        row = app.screen.query_one("#log", DataTable).get_row_at(2)
        assert isinstance(row[4], Text) and "strike" in str(row[4].style)
    assert app.book is not None
    state = app.book.state
    close(app)
    assert len(state.amended) == 1 and len(state.voided) == 1


async def test_language_switch_relabels_everything_and_is_remembered(
    station: Path, clock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """F2 turns the screen and the footer into Chinese, keeps what a form holds, and the choice
    survives a restart."""
    app = open_app(station, clock)
    async with app.run_test(size=(120, 36)) as pilot:
        assert "This month" in screen_text(app)
        await pilot.press("f2")
        await pilot.pause()
        assert "本月" in screen_text(app)
        footer = [b.binding.description for b in app.screen.active_bindings.values()]
        assert "送水" in footer and "Water" not in footer
        await pilot.press("w")
        await type_into(pilot, "#in-litres", "750")
        await pilot.press("f2")
        await pilot.pause()
        assert "Litres" in screen_text(app)
        assert app.screen.query_one("#in-litres", Input).value == "750"
        await pilot.press("escape")
        await pilot.press("f2")
        await pilot.pause()
    close(app)
    monkeypatch.delenv("OUTPOST_LANG")  # an OUTPOST_LANG of the user's own would win
    app = open_app(station, clock)
    assert language() == "zh"
    async with app.run_test(size=(120, 36)):
        assert "本月" in screen_text(app)
    close(app)


async def test_help_lists_every_key_and_the_palette_speaks_the_language(
    station: Path, clock: Any
) -> None:
    """F1 shows the key map; the command palette's prompt comes from the catalogue."""
    app = open_app(station, clock)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        keymap = str(app.screen.query_one("#keymap").render())
        assert keymap  # rendered table
        await pilot.press("escape")
        await pilot.press("f2")
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert app.screen.query_one(Input).placeholder == "搜索命令…"
        await pilot.press(*"qqqq")
        await pilot.pause(0.8)
        listed = app.screen.query_one(CommandList)
        shown = [str(listed.get_option_at_index(i).prompt) for i in range(listed.option_count)]
        assert any("没有匹配的命令" in text for text in shown), shown
    close(app)


async def test_first_run_sets_up_the_station(tmp_path: Path, clock: Any) -> None:
    """With no station yet, the first-run screen creates one and home shows it."""
    folder = tmp_path / "new-station"
    app = open_app(folder, clock)
    async with app.run_test(size=(120, 36)) as pilot:
        assert isinstance(app.screen, FirstRunScreen)
        await type_into(pilot, "#in-station_id", "bad id")
        await type_into(pilot, "#in-name", "额济纳警务室")
        await type_into(pilot, "#in-officers", "王芳, 赵强")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, FirstRunScreen)
        assert "bad id" in screen_text(app)
        await type_into(pilot, "#in-station_id", "ejina-post")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, FirstRunScreen)
        assert "额济纳警务室" in screen_text(app)
    close(app)
    with Logbook.open(folder) as book:
        assert book.config.officers == ["王芳", "赵强"]


def test_a_second_instance_says_so_and_exits_5(station: Path) -> None:
    """While one outpost holds the station, bare `outpost` prints one line and exits 5."""
    with Logbook.open(station):
        result = run_cli(data_dir=station)
    assert result.returncode == 5
    assert result.stderr.startswith("outpost: ") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


async def test_hostile_text_is_shown_as_text_on_every_screen(station: Path, clock: Any) -> None:
    """Markup, escape sequences, emoji, Mongolian script and a 2,000-character note neither
    style, break nor crash home, log, detail, households, history, stock or the picker."""
    long_note = "长" * 2000
    with Logbook.open(station, clock=clock) as book:
        for n, name in enumerate(HOSTILE):
            book.add("household", {"household_id": f"hh-{n}", "head": name, "gacha": name})
            book.add("water_delivery", {"household": f"hh-{n}", "litres": 100, "note": long_note})
        items = [{"medicine": name, "quantity": 1, "unit": "盒"} for name in HOSTILE]
        book.add("medicine_stock", {"items": items, "note": long_note})
        book.add("assistance", {"category": "other", "description": "[bold red]x[/]"})
    app = open_app(station, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        seen = [screen_text(app)]
        await pilot.press("l")
        await app.workers.wait_for_complete()
        await pilot.pause()
        seen.append(screen_text(app))
        await pilot.press("enter")
        await pilot.pause()
        seen.append(screen_text(app))
        await pilot.press("escape")
        await pilot.press("h")
        await pilot.pause()
        seen.append(screen_text(app))
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, HouseholdHistory)
        seen.append(screen_text(app))
        await pilot.press("escape")
        await pilot.press("k")
        await pilot.pause()
        seen.append(screen_text(app))
        await pilot.press("w")
        await pilot.press("f4")
        await pilot.pause()
        seen.append(screen_text(app))
        svg = app.export_screenshot()
    close(app)
    everything = "\n".join(seen)
    assert "\x1b" not in everything and "\x1b" not in svg
    assert "[bold red]x[/]" in everything and "ᠮᠣᠩᠭᠣᠯ" in everything and "🐪🚰" in everything
    assert "␛[2J" in everything
    for text in seen:
        assert text.strip()
