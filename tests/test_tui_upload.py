"""Uploads from the station's screens to a real `outpost hq serve` on 127.0.0.1, at 80×24: the
key, the state in words, auto-upload after a save, and typing that an upload never holds up."""

from __future__ import annotations

import json
import random
import re
import socket
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import run_cli
from net_helpers import PASSPHRASE, add, entries_at_hq, free_port, serve, set_up
from textual.widgets import Input, ProgressBar
from tui_helpers import screen_text, type_into

from outpost.errors import InputRefused
from outpost.i18n import set_language
from outpost.model import zone
from outpost.station.autoupload import UploadPlan
from outpost.tui import StationApp, build_app
from outpost.tui.screens.form import EntryForm
from outpost.tui.syncview import upload_line
from outpost.tui.uploads import UploadState
from outpost.tui.widgets.upload import BAR_STEPS

NOW = "2026-11-26T09:00:00+08:00"
"""The clock of the station, HQ's server and the signed requests alike (OUTPOST_NOW)."""


@pytest.fixture(autouse=True)
def network_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OUTPOST_HQ_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("OUTPOST_NOW", NOW)


async def settle(pilot: Any, done: Callable[[], bool], seconds: float = 20.0) -> None:
    """Let the app run until `done()` (an upload ends in a worker thread), at most `seconds`."""
    deadline = time.monotonic() + seconds
    while not done() and time.monotonic() < deadline:
        await pilot.pause(0.05)
    assert done(), screen_text(pilot.app)


async def upload_to(pilot: Any, url: str) -> None:
    """On the sync screen, type HQ's address and press Enter: the upload starts."""
    await type_into(pilot, "#hq-url", url)
    await pilot.press("enter")
    await pilot.pause()


def sync_book(station: Path) -> dict[str, Any]:
    sync: dict[str, Any] = json.loads((station / "station.json").read_text())["sync"]
    return sync


def status(station: Path) -> dict[str, Any]:
    done = run_cli("status", "--json", data_dir=station)
    assert done.returncode == 0, done.stderr
    answer: dict[str, Any] = json.loads(done.stdout)
    return answer


def closed(app: StationApp) -> None:
    assert app.book is not None
    app.book.close()


async def test_upload_from_the_sync_screen_ends_with_everything_acknowledged(
    tmp_path: Path,
) -> None:
    """`Enter` in the address field uploads: the screen says connected and acknowledged, the
    bar is full (in either language), HQ holds every entry, the address is remembered, home
    says when."""
    hq, station = set_up(tmp_path)
    add(station, "water_delivery", {"household": "hh-0007", "litres": 800})
    served = serve(hq)
    try:
        app = build_app(station)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("y")
            await upload_to(pilot, served.url)
            await settle(pilot, lambda: not app.uploads.running)
            text = screen_text(app)
            assert "Upload: connected (09:0" in text, text
            assert "HQ acknowledged through #2" in text
            assert "sent 1 packet(s)" in text and "waiting: 0" in text
            assert app.screen.query_one("#upload-bar", ProgressBar).progress == BAR_STEPS
            await pilot.press("f2")
            await pilot.pause()
            assert "上传： 已连接（09:0" in screen_text(app)  # the state, in the other language
            await pilot.press("escape")
            await pilot.pause()
            assert "上次上传 2026-11-26 09:0" in screen_text(app)
        closed(app)
    finally:
        assert served.stop() == 0
    assert entries_at_hq(hq) == 2
    assert status(station)["acknowledged_through"] == 2
    assert status(station)["unacknowledged"] == 0
    assert sync_book(station)["hq_url"] == served.url


async def test_no_server_says_no_network_and_the_next_try_and_loses_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With nothing listening, the screen says 无网络，下次重试 hh:mm (the station's clock), the
    packet waits in the outbox and the address is not remembered; once HQ is up, `t` sends it
    all and HQ acknowledges everything."""
    monkeypatch.setenv("OUTPOST_LANG", "zh")
    set_language("zh")
    hq, station = set_up(tmp_path)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    app = build_app(station)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("y")
        await upload_to(pilot, url)
        await settle(pilot, lambda: not app.uploads.running)
        text = screen_text(app)
        assert re.search(r"上传： 无网络，下次重试 09:0\d", text), text
        assert "无法连接大队" in text and "数据未丢失" in text
        assert app.uploads.plan.due_at is not None  # tried again by itself, with backoff
        assert len(list((station / "outbox").glob("*.opk"))) == 1
        assert sync_book(station)["hq_url"] is None
        served = serve(hq, port=port)
        try:
            await pilot.press("t")  # the cursor waits on the upload button
            await pilot.pause()
            await settle(pilot, lambda: not app.uploads.running)
            assert "已连接（09:0" in screen_text(app)
        finally:
            assert served.stop() == 0
    closed(app)
    assert entries_at_hq(hq) == 1
    assert status(station)["acknowledged_through"] == 1
    assert sync_book(station)["hq_url"] == url


async def test_hq_refusing_an_unenrolled_station_is_said_with_its_reason(
    tmp_path: Path,
) -> None:
    """A station HQ never enrolled is refused: the screen says so with HQ's reason, plans no
    try (a person must act), HQ holds nothing and the address is not remembered."""
    hq, station = tmp_path / "hq", tmp_path / "station"
    made = run_cli("hq", "init", "--id", "alxa-brigade", "--name", "HQ", data_dir=hq)
    assert made.returncode == 0, made.stderr
    init = run_cli(
        "init", "--station-id", "yingen-couple-post", "--name", "银根", "--officer", "张伟",
        "--hq-card", str(hq / "hq.card.json"), data_dir=station,
    )  # fmt: skip
    assert init.returncode == 0, init.stderr
    add(station, "household", {"household_id": "hh-0007", "head": "巴特尔"})
    served = serve(hq)
    try:
        app = build_app(station)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("y")
            await upload_to(pilot, served.url)
            await settle(pilot, lambda: not app.uploads.running)
            text = screen_text(app)
            assert "Upload: HQ refused: this station is not enrolled at this HQ" in text, text
            assert app.uploads.plan.due_at is None and app.uploads.state.retry_at is None
        closed(app)
    finally:
        assert served.stop() == 0
    assert entries_at_hq(hq) == 0
    assert sync_book(station)["hq_url"] is None


def test_a_hostile_refusal_reason_is_shown_as_text() -> None:
    """What a server says as its reason is shown literally: markup stays brackets, terminal
    escapes never reach the screen."""
    reason = "[bold red]伪造[/]\x1b[2J\x07 [link=http://x]y[/link]"
    error = InputRefused("net.refused", status=403, code="unknown_station", reason=reason)
    line = upload_line(UploadState("refused", error=error), zone("Asia/Shanghai"))
    assert "HQ refused: [bold red]伪造[/]" in line.plain and "[link=http://x]y[/link]" in line.plain
    assert "\x1b" not in line.plain and "\x07" not in line.plain
    assert all(span.style in ("bold", "bold red") for span in line.spans)


async def test_auto_upload_sends_a_saved_record_without_a_key(tmp_path: Path) -> None:
    """With auto-upload on (remembered), a water delivery saved in its form reaches HQ and is
    acknowledged soon after, no key pressed; home says when."""
    hq, station = set_up(tmp_path)
    served = serve(hq)
    try:
        first = run_cli("sync", "--url", served.url, data_dir=station)  # the address, remembered
        assert first.returncode == 0, first.stderr
        app = build_app(station)
        async with app.run_test(size=(80, 24)) as pilot:
            app.uploads.plan.after_save = 0.2  # seconds, not the five a station waits
            await pilot.press("y")
            await pilot.press("g")
            await pilot.pause()
            assert "Auto-upload on" in screen_text(app)
            await settle(pilot, lambda: app.uploads.state.phase == "connected")
            await pilot.press("escape")
            await pilot.press("w")
            await type_into(pilot, "#in-household", "hh-0007")
            await type_into(pilot, "#in-litres", "800")
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert not isinstance(app.screen, EntryForm)
            await settle(pilot, lambda: entries_at_hq(hq) == 2 and not app.uploads.running)
            await settle(pilot, lambda: "last upload 2026-11-26" in screen_text(app))
        closed(app)
    finally:
        assert served.stop() == 0
    assert status(station)["acknowledged_through"] == 2
    settings = json.loads((station / "station.json").read_text())["settings"]
    assert settings["auto_upload"] is True


async def test_typing_in_a_form_is_not_held_up_by_an_upload(tmp_path: Path) -> None:
    """While an upload waits on a server that takes the request and never answers, a form
    opens, every key typed lands and the record saves; the upload then ends as no network and
    quitting leaves its thread nothing to do."""
    _hq, station = set_up(tmp_path)
    stall = socket.socket()
    stall.bind(("127.0.0.1", 0))
    stall.listen(8)  # the kernel takes the connection; nobody ever reads or answers it
    url = f"http://127.0.0.1:{stall.getsockname()[1]}"
    try:
        app = build_app(station)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("y")
            await upload_to(pilot, url)
            await settle(pilot, lambda: app.uploads.state.packets == 1)
            await pilot.press("escape")
            await pilot.press("w")
            assert isinstance(app.screen, EntryForm)
            await type_into(pilot, "#in-household", "hh-0007", keys=True)
            await type_into(pilot, "#in-litres", "1250", keys=True)
            assert app.screen.query_one("#in-litres", Input).value == "1250"
            assert app.screen.query_one("#in-household", Input).value == "hh-0007"
            assert app.uploads.running
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert not isinstance(app.screen, EntryForm)
            assert app.book is not None and app.book.state.last_seq == 2
            assert app.uploads.running
            stall.close()  # the connection waiting in its queue is reset
            await settle(pilot, lambda: not app.uploads.running)
            assert app.uploads.state.phase == "offline"
        closed(app)
    finally:
        stall.close()
    workers = [t for t in threading.enumerate() if t.name == "outpost-upload"]
    for worker in workers:
        worker.join(timeout=10)
    assert not any(w.is_alive() for w in workers)
    assert status(station)["unexported"] == 1  # the water delivery, for the next upload


def test_the_plan_tries_after_a_save_backs_off_a_dead_line_and_leaves_a_refusal_to_a_person() -> (
    None
):
    """Auto-upload tries soon after a save and every few minutes; a dead line waits longer
    each time (capped); a refusal plans nothing; with auto-upload off a save plans nothing."""
    rng = random.Random(3)
    plan = UploadPlan(after_save=5.0, every=300.0, cap=60.0)
    plan.saved(0.0)
    assert plan.due_at is None
    plan.switched(True, 0.0)
    plan.started()
    plan.saved(10.0)
    assert not plan.is_due(14.9) and plan.is_due(15.0)
    plan.started()
    waits = [plan.line_failed(100.0, rng) for _ in range(8)]
    assert 2.5 <= waits[0] <= 5 and all(30 <= w <= 60 for w in waits[5:])
    plan.saved(101.0)  # a dead line keeps its backoff
    assert plan.due_at == 100.0 + waits[-1]
    assert plan.worked(200.0, waiting=0) is None and plan.due_at == 500.0 and plan.tries == 0
    plan.refused()
    assert plan.due_at is None
    plan.switched(False, 300.0)
    plan.saved(301.0)
    assert plan.due_at is None
