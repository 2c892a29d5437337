"""Chinese all through in the zh locale: fields by their labels, choices by their names, an
amendment as 字段：旧 → 新, entries by their number, no command line on a screen, columns that
stay on an 80-column screen, and `e`/`x` on the log's highlighted row."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import run_cli
from textual.widgets import DataTable
from tui_helpers import make_station, open_app, screen_text, type_into

from outpost.i18n import set_language
from outpost.logbook import Logbook
from outpost.tui.dialogs.reason import ReasonDialog
from outpost.tui.screens.detail import EntryDetail
from outpost.tui.screens.form import EntryForm


@pytest.fixture
def station(station_dir: Path, clock: Any) -> Path:
    make_station(station_dir, clock)
    return station_dir


def refusal(station: Path, kind: str, data: dict[str, Any], lang: str = "zh") -> str:
    done = run_cli("add", kind, "--data", json.dumps(data), data_dir=station, lang=lang)
    assert done.returncode == 3, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    return lines[0]


PATROL = {
    "route": "界桩 17-23",
    "started_at": "2026-11-26T06:00",
    "ended_at": "2026-11-26T09:00",
    "distance_km": 40,
}


@pytest.mark.parametrize(
    ("kind", "data", "said", "code"),
    [
        ("water_delivery", {"household": "hh-0007", "litres": "x"}, "水量（升）：应为整数",
         "litres"),
        ("patrol", {k: v for k, v in PATROL.items() if k != "route"}, "路线：必填", "route"),
        ("water_delivery", {"household": "hh-0007", "litres": 5, "note": "长" * 4001},
         "备注：太长", "note"),
        ("patrol", {**PATROL, "mode": "bike"}, "方式：bike 不是可选值之一：车辆、徒步", "vehicle"),
        ("patrol", {**PATROL, "ended_at": "2026-11-26T05:00"}, "返回时间：", "ended_at"),
        ("medicine_stock", {"items": [{"medicine": "阿莫西林", "quantity": "2", "unit": "盒"}]},
         "药品 第 1 项 数量：应为数字", "quantity"),
    ],
)  # fmt: skip
def test_a_command_line_refusal_names_the_field_by_its_label(
    station: Path, kind: str, data: dict[str, Any], said: str, code: str
) -> None:
    """`outpost add` in zh names the field as the form labels it, the rule in Chinese words,
    never the JSON key, the JSON type or the choice's code."""
    line = refusal(station, kind, data)
    assert said in line, line
    assert code not in line.split("：", 1)[0] and "integer" not in line, line


def test_an_english_refusal_names_the_field_by_its_english_label(station: Path) -> None:
    """The same in en: 'Litres: must be a whole number', not 'litres: must be of type integer'."""
    line = refusal(station, "water_delivery", {"household": "hh-0007", "litres": "x"}, "en")
    assert "Litres: must be a whole number" in line, line


def test_a_void_without_reason_says_reason_in_chinese(station: Path, clock: Any) -> None:
    """An empty reason is refused as 原因：不能为空."""
    with Logbook.open(station, clock=clock) as book:
        water = book.add("water_delivery", {"household": "hh-0007", "litres": 800}).entries[0]
    done = run_cli("void", water["id"], "--reason", "", data_dir=station, lang="zh")
    assert done.returncode == 3 and "原因：不能为空" in done.stderr, done.stderr


async def test_entry_detail_shows_choices_by_their_chinese_names(station: Path, clock: Any) -> None:
    """A patrol by vehicle reads 方式 车辆, an errand 类别 代办: the catalogue's words."""
    with Logbook.open(station, clock=clock) as book:
        book.add("patrol", {**PATROL, "mode": "vehicle"})
        book.add("assistance", {"category": "errand", "description": "代缴电费"})
    set_language("zh")
    app = open_app(station, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("l")
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.screen.query_one("#log", DataTable)
        seen = []
        for row in (0, 1):
            table.move_cursor(row=row)
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, EntryDetail)
            seen.append(screen_text(app))
            await pilot.press("escape")
            await pilot.pause()
    errand, patrol = seen
    assert "代办" in errand and "errand" not in errand, errand
    assert "车辆" in patrol and "vehicle" not in patrol, patrol


async def test_an_amendment_reads_field_old_to_new_and_names_the_entry_by_number(
    station: Path, clock: Any
) -> None:
    """An amendment shows 水量（升）：800 → 500, one line per field, never a Python dict, and
    the log and its detail name the corrected entry 第 2 条, not the start of its id."""
    with Logbook.open(station, clock=clock) as book:
        water = book.add("water_delivery", {"household": "hh-0007", "litres": 800}).entries[0]
        book.amend(water["id"], {"household": "hh-0007", "litres": 500}, "签收单为准")
        book.void(water["id"], "重复录入")
    set_language("zh")
    app = open_app(station, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("l")
        await app.workers.wait_for_complete()
        await pilot.pause()
        log = screen_text(app)
        table = app.screen.query_one("#log", DataTable)
        table.move_cursor(row=1)
        await pilot.press("enter")
        await pilot.pause()
        amendment = screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        table.move_cursor(row=2)
        await pilot.press("enter")
        await pilot.pause()
        original = screen_text(app)
    short_id = water["id"][:8]
    assert "更正  第 2 条 · 签收单为准" in log and "作废  第 2 条 · 重复录入" in log, log
    assert short_id not in log, log
    assert "水量（升）：800 → 500" in amendment and "第 2 条" in amendment, amendment
    assert "{'" not in amendment and "litres" not in amendment, amendment
    assert "水量（升）：800 → 500" in original, original


async def test_a_stock_warning_on_screen_suggests_no_command_line(
    station: Path, clock: Any
) -> None:
    """Handing out medicine not in stock warns with the key that records stock, not with
    `outpost add medicine_stock`."""
    set_language("zh")
    app = open_app(station, clock)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("m")
        await pilot.pause()
        await type_into(pilot, "#in-recipient", "巴特尔")
        await type_into(pilot, "#in-items", "阿莫西林 2 盒")
        await pilot.press("ctrl+s")
        await pilot.pause()
        toasts = [n.message for n in app._notifications]
    assert any("库存" in m for m in toasts), toasts
    assert not any("outpost " in m for m in toasts), toasts


async def test_a_long_household_head_keeps_every_column_on_screen(
    station: Path, clock: Any
) -> None:
    """A 190-character head is cut with … and 苏木, 嘎查, 人口 stay within 80 columns."""
    with Logbook.open(station, clock=clock) as book:
        book.add("household", {"household_id": "hh-0190", "head": "巴" * 190, "sumu": "阿拉腾",
                               "gacha": "查干嘎查", "members": 4})  # fmt: skip
    set_language("zh")
    app = open_app(station, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("h")
        await pilot.pause()
        table = app.screen.query_one("#households", DataTable)
        widths = [column.get_render_width(table) for column in table.ordered_columns]
        heads = [row[0].plain for row in (table.get_row_at(i) for i in range(table.row_count))]
    assert sum(widths[:5]) <= 78, widths
    assert any(h.endswith("…") for h in heads), heads


async def test_e_and_x_act_on_the_highlighted_log_row(station: Path, clock: Any) -> None:
    """In the log browser `e` opens the highlighted entry's form to amend it and `x` asks why
    to void it, without Enter first."""
    with Logbook.open(station, clock=clock) as book:
        book.add("water_delivery", {"household": "hh-0007", "litres": 800})
    set_language("zh")
    app = open_app(station, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("l")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, EntryForm)
        assert app.screen.amend is not None and app.screen.amend["seq"] == 2
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ReasonDialog)
        await type_into(pilot, "#reason", "重复录入")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert app.book is not None and len(app.book.state.voided) == 1


def test_outpost_log_names_the_corrected_entry_by_number(station: Path, clock: Any) -> None:
    """`outpost log` in zh says 更正第 2 条 for an amendment of entry 2, not an id's start."""
    with Logbook.open(station, clock=clock) as book:
        water = book.add("water_delivery", {"household": "hh-0007", "litres": 800}).entries[0]
        book.amend(water["id"], {"household": "hh-0007", "litres": 500}, "签收单为准")
    done = run_cli("log", data_dir=station, lang="zh")
    assert done.returncode == 0, done.stderr
    line = next(x for x in done.stdout.splitlines() if "签收单为准" in x)
    assert "更正  第 2 条 · 签收单为准" in line and f"→ {water['id'][:8]}" not in line, line
