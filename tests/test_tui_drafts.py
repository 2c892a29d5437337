"""Typed work is never lost: leaving a changed form asks, a draft outlives a crash, F2 and a
multi-line paste keep what is typed, and a form starts on its first field."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.widgets import Input
from tui_helpers import make_station, open_app, type_into

from outpost.i18n import set_language
from outpost.logbook import Logbook
from outpost.station.drafts import DEBOUNCE, DRAFTS, Drafts, changed, draft_key
from outpost.tui.dialogs.unsaved import DraftDialog, LeaveDialog
from outpost.tui.screens.first_run import FirstRunScreen
from outpost.tui.screens.form import EntryForm

PATROL = {
    "#in-route": "银根—查干敖包西段",
    "#in-distance_km": "96.5",
    "#in-markers": "207、208",
    "#in-findings": "界桩 208 倾斜",
}


@pytest.fixture
def station(station_dir: Path, clock: Any) -> Path:
    make_station(station_dir, clock)
    return station_dir


def close(app: Any) -> None:
    if app.book is not None:
        app.book.close()


def stored(folder: Path) -> list[dict[str, Any]]:
    with Logbook.open(folder) as book:
        return list(book.entries())


def value(app: Any, selector: str) -> str:
    text: str = app.screen.query_one(selector, Input).value
    return text


async def test_esc_on_a_changed_form_asks_and_each_answer_does_what_it_says(
    station: Path, clock: Any
) -> None:
    """Esc on a changed form asks; Esc there keeps editing with the text, D discards it
    (nothing saved, no draft), S saves it."""
    app = open_app(station, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("w")
        await type_into(pilot, "#in-household", "hh-0007")
        await type_into(pilot, "#in-litres", "800")
        await pilot.press("escape")
        assert isinstance(app.screen, LeaveDialog)
        await pilot.press("escape")
        assert isinstance(app.screen, EntryForm)
        assert value(app, "#in-litres") == "800"
        await pilot.press("escape", "d")
        await pilot.pause()
        assert not isinstance(app.screen, EntryForm | LeaveDialog)
        assert not (station / DRAFTS / "new-water_delivery.json").exists()
        await pilot.press("w")
        assert value(app, "#in-litres") == ""  # discarded means gone
        await type_into(pilot, "#in-household", "hh-0007")
        await type_into(pilot, "#in-litres", "500")
        await pilot.press("escape", "s")
        await pilot.pause()
        assert not isinstance(app.screen, EntryForm | LeaveDialog)
    close(app)
    assert [e["data"].get("litres") for e in stored(station)[1:]] == [500]


async def test_an_unchanged_form_leaves_at_once(station: Path, clock: Any) -> None:
    """A form left as it opened (its defaults untouched) closes on Esc without a question."""
    app = open_app(station, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("p")
        assert isinstance(app.screen, EntryForm)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, EntryForm | LeaveDialog)
    close(app)


async def test_ctrl_q_on_a_changed_form_asks_before_quitting(station: Path, clock: Any) -> None:
    """Ctrl+Q with typed work asks instead of quitting; discarding then quits."""
    app = open_app(station, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("v")
        await type_into(pilot, "#in-people_met", "3")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, LeaveDialog)
        assert app.is_running
        await pilot.press("d")
        await pilot.pause()
        assert not app.is_running
    close(app)


async def test_a_draft_outlives_a_crash_and_restores_every_field(station: Path, clock: Any) -> None:
    """Typed into a patrol form, the app stops without saving (as a crash would); reopened, the
    form offers the draft and Y restores every field; saving removes the draft."""
    app = open_app(station, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("p")
        for selector, text in PATROL.items():
            await type_into(pilot, selector, text)
        await type_into(pilot, "#in-started_at", "2026-11-26 05:00")
        await pilot.pause(DEBOUNCE + 0.3)
        typed = {s: value(app, s) for s in (*PATROL, "#in-started_at", "#in-ended_at")}
    close(app)  # no quit, no save: what is on disk is all a crash would leave
    path = station / DRAFTS / "new-patrol.json"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stored(station)[-1]["kind"] == "household"  # nothing was saved

    app = open_app(station, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, DraftDialog)
        await pilot.press("y")
        await pilot.pause()
        assert {s: value(app, s) for s in typed} == typed
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, EntryForm)
    close(app)
    assert not path.exists()
    assert stored(station)[-1]["data"]["route"] == PATROL["#in-route"]


async def test_a_discarded_draft_is_gone(station: Path, clock: Any) -> None:
    """N on the draft question removes the draft and leaves a fresh form."""
    Drafts(station).save(draft_key("water_delivery"), {"litres": "900"})
    app = open_app(station, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, DraftDialog)
        await pilot.press("n")
        await pilot.pause()
        assert value(app, "#in-litres") == ""
    close(app)
    assert Drafts(station).load(draft_key("water_delivery")) is None


def test_a_damaged_or_planted_draft_is_no_draft(tmp_path: Path) -> None:
    """A draft that is not JSON, not a regular file or too big is not offered."""
    drafts = Drafts(tmp_path)
    drafts.where.mkdir()
    drafts.path("new-patrol").write_text("{not json")
    os.symlink("/etc/passwd", drafts.path("new-water_delivery"))
    drafts.path("new-assistance").write_text('{"values": {"note": "' + "x" * 300_000 + '"}}')
    for kind in ("patrol", "water_delivery", "assistance", "household"):
        assert drafts.load(draft_key(kind)) is None
    assert draft_key("patrol", "../../etc") == "amend-______etc"
    assert not changed({"a": "1"}, {"a": " 1 ", "b": ""})
    assert changed({"a": "1"}, {"a": "2"})


async def test_a_multi_line_paste_keeps_every_line(station: Path, clock: Any) -> None:
    """Three lines pasted into the one-line items field are all kept, joined by the field's
    separator, and a notice says so."""
    app = open_app(station, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("m")
        field = app.screen.query_one("#in-items", Input)
        field.focus()
        field.post_message(events.Paste("阿莫西林 2 盒\n布洛芬 1 瓶\r\n碘伏 1 瓶\n"))
        await pilot.pause()
        assert field.value == "阿莫西林 2 盒; 布洛芬 1 瓶; 碘伏 1 瓶"
        assert any("3" in n.message for n in app._notifications)
    close(app)


async def test_a_form_opens_on_its_first_field_even_when_prefilled(
    station: Path, clock: Any
) -> None:
    """The second patrol has its route pre-filled, and the cursor still starts on the route."""
    app = open_app(station, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(2):
            await pilot.press("p")
            await pilot.pause()
            assert app.focused is not None and app.focused.id == "in-route"
            await type_into(pilot, "#in-route", "银根西段")
            await type_into(pilot, "#in-distance_km", "40")
            await pilot.press("ctrl+s")
            await pilot.pause()
    close(app)


async def test_f2_and_quit_on_the_first_run_screen_keep_what_is_typed(
    tmp_path: Path, clock: Any
) -> None:
    """F2 on the first-run screen relabels it and keeps every field; Ctrl+Q with typed text asks."""
    set_language("zh")
    app = open_app(tmp_path / "new-station", clock)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, FirstRunScreen)
        await type_into(pilot, "#in-station_id", "ejina-post")
        await type_into(pilot, "#in-name", "额济纳警务室")
        await type_into(pilot, "#in-officers", "王芳, 赵强")
        await pilot.press("f2")
        await pilot.pause()
        assert value(app, "#in-station_id") == "ejina-post"
        assert value(app, "#in-name") == "额济纳警务室"
        assert value(app, "#in-officers") == "王芳, 赵强"
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, LeaveDialog) and app.is_running
        await pilot.press("escape")
        assert value(app, "#in-name") == "额济纳警务室"
    close(app)


async def test_esc_on_a_void_reason_with_text_asks(station: Path, clock: Any) -> None:
    """Esc in the void dialog with a reason typed asks; keep editing keeps the reason."""
    from outpost.tui.dialogs.reason import ReasonDialog

    with Logbook.open(station, clock=clock) as book:
        book.add("water_delivery", {"household": "hh-0007", "litres": 800})
    app = open_app(station, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("l")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        await type_into(pilot, "#reason", "重复录入")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LeaveDialog)
        await pilot.press("escape")
        assert isinstance(app.screen, ReasonDialog)
        assert value(app, "#reason") == "重复录入"
        await pilot.press("escape", "d")
        await pilot.pause()
        assert not isinstance(app.screen, ReasonDialog | LeaveDialog)
    close(app)
