"""A station's whole day played through the real app in Chinese, as a new officer plays it.

The first-run screen makes the station (and shows its card), three households are registered,
one record of every kind is typed key by key, one delivery is corrected and another voided from
the entry's page, the log is exported to a folder, HQ imports it with `outpost hq import` and
writes acks beside it, the acks are read back on the sync screen, and the month's figures on the
summary screen, in `outpost.reports` and in HQ's report are exactly what was typed.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from conftest import HQ_PASSPHRASE, run_cli
from textual import events
from textual.keys import _character_to_key
from textual.widgets import DataTable, Input
from tui_helpers import open_app, screen_text

from outpost.i18n import set_language
from outpost.model import KINDS, RECORD_KINDS
from outpost.reports.rows import main_figures, value
from outpost.station.summary import monthly_summary
from outpost.sync.identity import read_card
from outpost.tui.screens.detail import EntryDetail
from outpost.tui.screens.form import EntryForm
from outpost.tui.screens.home import HomeScreen
from outpost.tui.screens.summary import SummaryScreen

FINGERPRINT = re.compile(r"[A-Z2-7]{4}(-[A-Z2-7]{4}){3}")

HOUSEHOLDS = (
    {"household_id": "hh-0001", "head": "巴特尔", "gacha": "查干嘎查", "members": "4"},
    {"household_id": "hh-0002", "head": "其其格", "gacha": "乌兰嘎查", "members": "3"},
    {"household_id": "hh-0003", "head": "额尔敦", "gacha": "巴彦嘎查", "members": "5"},
)

RECORDS: dict[str, dict[str, str]] = {
    "medicine_stock": {
        "items": "阿莫西林 20 盒; 布洛芬 10 盒",
        "source": "旗医院",
        "expires": "2027-06",
    },
    "patrol": {
        "route": "边境线3号至5号界桩",
        "started_at": "2026-12-02 06:00",
        "ended_at": "09:30",
        "distance_km": "62.5",
        "markers": "3号、4号、5号",
        "findings": "无异常",
    },
    "water_delivery": {"household": "hh-0001", "litres": "500", "source": "苏木水站"},
    "medicine_handout": {"recipient": "其其格", "items": "阿莫西林 2 盒", "household": "hh-0002"},
    "herder_visit": {
        "household": "hh-0003",
        "people_met": "3",
        "issues_raised": "2",
        "issues_resolved": "1",
    },
    "assistance": {"description": "代办身份证", "household": "hh-0003", "people_helped": "2"},
}
"""One record of every kind an officer records, as typed (fields left out keep their default:
the patrol goes by vehicle, the visit is a welfare check, the assistance an errand)."""

SECOND_DELIVERY = {"household": "hh-0002", "litres": "300"}
"""Typed by mistake, then voided."""


FIGURES: dict[tuple[str, str], float] = {
    ("patrols", "count"): 1,
    ("patrols", "km"): 62.5,
    ("patrols", "hours"): 3.5,  # 06:00 to 09:30
    ("patrols", "markers"): 3,
    ("water", "deliveries"): 1,  # the voided one not counted
    ("water", "litres"): 800,  # as amended, not 500
    ("water", "households"): 1,
    ("medicine", "handouts"): 1,
    ("medicine", "people"): 1,
    ("visits", "count"): 1,
    ("visits", "households"): 1,
    ("visits", "issues_raised"): 2,
    ("visits", "issues_resolved"): 1,
    ("assistance", "count"): 1,
    ("assistance", "people_helped"): 2,
    ("households_served", ""): 3,  # hh-0001 water, hh-0002 medicine, hh-0003 visit and errand
}
"""The month's figures, from what was typed."""

SCREEN_ROWS = (
    "巡逻次数 1 0 +1",
    "巡逻里程（公里） 62.5 0.0 +62.5",
    "巡逻时长（小时） 3.5 0.0 +3.5",
    "送水次数 1 0 +1",
    "送水量（升） 800 0 +800",
    "送水户数 1 0 +1",
    "送药次数 1 0 +1",
    "送药人数 1 0 +1",
    "走访次数 1 0 +1",
    "反映问题 2 0 +2",
    "解决问题 1 0 +1",
    "帮扶代办件数 1 0 +1",
    "帮扶人数 2 0 +2",
    "服务户数 3 0 +3",
)
"""The summary screen's table (this month, the month before, the change)."""


@pytest.fixture
def zh() -> None:
    set_language("zh")


async def settle(pilot: Any) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def type_keys(pilot: Any, text: str) -> None:
    """Type `text` key by key into the field with the cursor, as a quick typist does: each
    character one key event, as the terminal sends it (Chinese from the input method too)."""
    for c in text:
        pilot.app.post_message(events.Key(_character_to_key(c), c))
    await pilot.pause()


async def paste(pilot: Any, text: str) -> None:
    """Paste `text` into the field with the cursor (a long folder path is pasted, not typed)."""
    focused = pilot.app.screen.focused
    assert isinstance(focused, Input)
    focused.post_message(events.Paste(text))
    await pilot.pause()


async def fill_in(pilot: Any, typed: dict[str, str]) -> None:
    """Tab from field to field down the form, typing each value over what the field held."""
    for name, text in typed.items():
        for _ in range(20):  # Tab to the field, as the officer does
            focused = pilot.app.screen.focused
            if focused is not None and focused.id == f"in-{name}":
                break
            await pilot.press("tab")
        else:
            raise AssertionError(f"Tab never reached {name}")
        field = pilot.app.screen.focused
        assert isinstance(field, Input)
        await pilot.press("end", "ctrl+u")  # Ctrl+U: delete everything left of the cursor
        await (paste if name == "hq_card" else type_keys)(pilot, text)
        assert field.value == text, (name, field.value)


async def record(pilot: Any, kind: str, typed: dict[str, str]) -> int:
    """Open `kind`'s form with its key, type, save with Ctrl+S; the seq the toast names."""
    app = pilot.app
    await pilot.press(KINDS[kind].key)
    await pilot.pause()
    assert isinstance(app.screen, EntryForm) and app.screen.kind == kind
    await fill_in(pilot, typed)
    await pilot.press("ctrl+s")
    await pilot.pause()
    assert isinstance(app.screen, HomeScreen), screen_text(app)
    toasts = [str(n.message) for n in app._notifications]
    match = re.search(r"已保存：.+ 第 (\d+) 条", toasts[-1] if toasts else "")
    assert match, toasts
    return int(match.group(1))


async def open_entry(pilot: Any, seq: int) -> None:
    """From the log (l), move the cursor down to entry `seq` and open it with Enter."""
    app = pilot.app
    await pilot.press("l")
    await settle(pilot)
    table = app.screen.query_one("#log", DataTable)
    numbers = [str(getattr(table.get_row_at(i)[0], "plain", "")) for i in range(table.row_count)]
    target = numbers.index(str(seq))
    for _ in range(abs(target - table.cursor_row)):  # the log keeps its row between visits
        await pilot.press("down" if target > table.cursor_row else "up")
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, EntryDetail) and app.screen.entry is not None
    assert app.screen.entry["seq"] == seq


async def test_a_whole_station_day_in_chinese(
    tmp_path: Path, station_dir: Path, clock: Any, hq: Any, zh: None, monkeypatch: Any
) -> None:
    """2 December 2026 at a new station, typed in Chinese: every figure of the month is what was
    typed, the voided delivery left out and the corrected one counted as corrected, at the
    station and at HQ alike. (About 13 s of CPU: the one long test of the suite, on purpose.)"""
    clock.moment = datetime.fromisoformat("2026-12-02T09:00:00+08:00")
    monkeypatch.setenv("OUTPOST_HQ_PASSPHRASE", HQ_PASSPHRASE.decode())
    hq_dir = tmp_path / "hq"
    stick = tmp_path / "stick"
    app = open_app(station_dir, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        # First run: the station is made from the screen, with HQ's card; its own card is shown.
        await pilot.pause()
        await fill_in(
            pilot,
            {
                "station_id": "yingen-couple-post",
                "name": "银根戍边夫妻警务室",
                "officers": "张伟、李娜",
                "hq_card": str(hq_dir / "hq.card.json"),
            },
        )
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.book is not None and app.book.config.officers == ["张伟", "李娜"]
        said = " ".join(str(n.message) for n in app._notifications)
        card_path = station_dir / "station.card.json"
        card = read_card(card_path, "outpost-station")
        assert FINGERPRINT.fullmatch(card["fingerprint"])
        assert str(card_path) in said and card["fingerprint"] in said, said
        hq.close()  # HQ's own commands from here on: `outpost hq …`, in this process
        enrolled = run_cli("hq", "enroll", str(card_path), data_dir=hq_dir, lang="zh")
        assert enrolled.returncode == 0 and card["fingerprint"] in enrolled.stdout, enrolled

        # The day's work: three households, then one record of every kind.
        seqs: dict[str, int] = {}
        for household in HOUSEHOLDS:
            clock.advance(minutes=5)
            seqs[household["household_id"]] = await record(pilot, "household", household)
        for kind, typed in RECORDS.items():
            clock.advance(minutes=20)
            seqs[kind] = await record(pilot, kind, typed)
        assert set(RECORD_KINDS) == {"household", *RECORDS}, "a kind the day does not record"
        clock.advance(minutes=20)
        mistaken = await record(pilot, "water_delivery", SECOND_DELIVERY)

        # A correction: the first delivery was 800 litres, not 500.
        clock.advance(minutes=10)
        await open_entry(pilot, seqs["water_delivery"])
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, EntryForm)
        await fill_in(pilot, {"litres": "800", "reason_for_change": "实际送水800升"})
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, EntryDetail)
        history = " ".join(screen_text(app).split())
        assert "原始记录： hh-0001 · 500 L" in history, history
        assert "更正： 实际送水800升" in history and "水量（升）：500 → 800" in history, history

        # A void: the second delivery never happened.
        await pilot.press("escape")
        await pilot.pause()
        await open_entry(pilot, mistaken)
        await pilot.press("x")
        await pilot.pause()
        await type_keys(pilot, "重复录入")
        await pilot.press("enter")
        await pilot.pause()
        assert "已作废" in screen_text(app)
        for _ in range(5):
            if len(app.screen_stack) == 1:
                break
            await pilot.press("escape")
            await pilot.pause()

        # Export to the stick from the sync screen.
        clock.advance(hours=2)
        await pilot.press("y")
        await pilot.pause()
        await pilot.press("e")
        await settle(pilot)
        for _ in range(10):  # Tab to the stick's folder, type it, Enter copies
            if getattr(app.screen.focused, "id", None) == "copy-to":
                break
            await pilot.press("tab")
        await paste(pilot, str(stick))
        await pilot.press("enter")
        await settle(pilot)
        packets = sorted(stick.glob("*.opk"))
        assert packets, screen_text(app)
        assert app.book is not None
        last_seq = max(entry["seq"] for entry in app.book.entries())

        # HQ imports the stick and writes its acks to the stick's acks/ folder.
        clock.advance(minutes=30)
        monkeypatch.setenv("OUTPOST_NOW", clock.moment.isoformat())
        imported = run_cli(
            "hq",
            "import",
            str(stick),
            "--acks-out",
            str(stick / "acks"),
            data_dir=hq_dir,
            lang="zh",
        )
        assert imported.returncode == 0, imported
        assert list((stick / "acks").glob("*")), imported.stdout

        # The acks read back on the sync screen, from the stick's folder.
        clock.advance(minutes=5)
        for _ in range(10):
            if getattr(app.screen.focused, "id", None) == "acks-from":
                break
            await pilot.press("tab")
        await paste(pilot, str(stick))
        await pilot.press("enter")
        await settle(pilot)
        text = " ".join(screen_text(app).split())
        assert f"大队已确认至第 {last_seq} 条（2026-12-02 14:15）" in text, text  # HQ's ack, local

        # The month's summary, on its screen.
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("u")
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
        shown = screen_text(app)
        for row in SCREEN_ROWS:
            assert row in shown.splitlines(), (row, shown)
        assert "月度服务汇总 · 银根戍边夫妻警务室 · 2026-12" in shown
        assert "阿莫西林  2 盒" in shown and "布洛芬  10 盒" in shown and "阿莫西林  18 盒" in shown
        assert "已全部确认" in shown
        station_doc = monthly_summary(app.book, "2026-12").to_json()
        stored = {e["kind"]: e["data"] for e in app.book.entries() if e["seq"] in seqs.values()}
    assert stored["patrol"]["started_at"] == "2026-12-02T06:00:00+08:00"
    assert stored["patrol"]["ended_at"] == "2026-12-02T09:30:00+08:00"
    assert stored["medicine_stock"]["expires"] == "2027-06-30"
    assert not list((station_dir / "drafts").glob("*")), "a saved form left its draft behind"

    # The same figures in `outpost.reports` at the station and in HQ's report.
    report = run_cli("hq", "report", "--month", "2026-12", "--format", "json", data_dir=hq_dir)
    assert report.returncode == 0, report
    hq_doc = json.loads(report.stdout)
    for doc in (station_doc, hq_doc):
        figures = main_figures(doc)
        assert {k: value(figures, *k) for k in FIGURES} == FIGURES, doc["scope"]
        assert figures["medicine"]["items"] == {"阿莫西林": 2}
        stock = {s["medicine"]: s["balance"] for s in figures["medicine"]["stock"]}
        assert stock == {"阿莫西林": 18, "布洛芬": 10}
    assert hq_doc["stations"][0]["coverage"]["held_through"] == last_seq
