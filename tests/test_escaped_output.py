"""Everything printed from a stick, a packet or a card is escaped: a file name holding a terminal
escape shows it as visible symbols, a name that is not UTF-8 shows a stand-in and never crashes,
and each program pointed at the other's data folder says so plainly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import HQ_PASSPHRASE, Clock, run_cli
from textual.widgets import Input
from tui_helpers import open_app, screen_text

from outpost.hq import HqArchive
from outpost.logbook import Logbook
from outpost.sync.identity import read_card
from outpost.sync.station import export, own_card_path, set_hq_card

HOSTILE = "x.opk: post-a: new, 4 entries (1-4)\x1b[8m.opk"
"""A stick file whose name, printed raw, hides the rest of the line and reads as a success."""
NOT_UTF8 = os.fsdecode(b"\xff\xfe.opk")


@pytest.fixture
def world(tmp_path: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """An HQ and a station enrolled with each other, the station's packet sealed in its outbox."""
    monkeypatch.setenv("OUTPOST_HQ_PASSPHRASE", HQ_PASSPHRASE.decode())
    hq_dir, station = tmp_path / "hq", tmp_path / "station"
    with HqArchive.create(
        hq_dir, hq_id="alxa-brigade", name="阿拉善左旗边境管理大队", passphrase=HQ_PASSPHRASE,
        clock=clock,
    ) as hq, Logbook.create(
        station, station_id="yingen-couple-post", name="银根", officers=["张伟"], clock=clock
    ) as book:  # fmt: skip
        set_hq_card(book, hq.card)
        hq.enroll(read_card(own_card_path(book), "outpost-station"))
        book.add("household", {"household_id": "hh-0007", "head": "巴特尔"})
        export(book)
    return hq_dir, station


def stick_with(station: Path, tmp_path: Path, name: str) -> Path:
    """A stick folder holding the station's packet under `name`."""
    [packet] = (station / "outbox").glob("*.opk")
    stick = tmp_path / "stick"
    stick.mkdir()
    (stick / name).write_bytes(packet.read_bytes())
    return stick


def test_a_terminal_escape_in_a_packet_file_name_is_shown_not_obeyed(
    world: tuple[Path, Path], tmp_path: Path
) -> None:
    """`hq import` of a file named with ESC [8m prints the escape as ␛, on one line."""
    hq_dir, station = world
    stick = stick_with(station, tmp_path, HOSTILE)
    done = run_cli("hq", "import", str(stick), data_dir=hq_dir)
    assert done.returncode == 0, done.stderr
    [line] = done.stdout.splitlines()
    assert "\x1b" not in done.stdout
    assert "(1-4)␛[8m.opk: yingen-couple-post: new, 1 entries" in line


def test_a_terminal_escape_in_an_ack_file_name_is_shown_not_obeyed(
    world: tuple[Path, Path], tmp_path: Path
) -> None:
    """`outpost ack` refusing a file named with an escape shows the escape as ␛."""
    _, station = world
    acks = tmp_path / "acks"
    acks.mkdir()
    (acks / "x\x1b]0;owned\x07.oack").write_bytes(b"not an ack")
    done = run_cli("ack", str(acks), data_dir=station)
    assert done.returncode == 3
    assert "\x1b" not in done.stderr and "\x07" not in done.stderr
    assert "x␛]0;owned␇.oack" in done.stderr


def test_a_card_name_with_an_escape_is_shown_not_obeyed(
    world: tuple[Path, Path], tmp_path: Path
) -> None:
    """A station card whose name holds a terminal escape enrolls and lists with it visible."""
    hq_dir, station = world
    card = (station / "station.card.json").read_text()
    hostile = tmp_path / "hostile.card.json"
    card = card.replace('"yingen-couple-post"', '"hostile-post"')
    hostile.write_text(card.replace('"name": "银根"', '"name": "银根\\u001b[2J"'))
    assert "\\u001b" in hostile.read_text()
    enrolled = run_cli("hq", "enroll", str(hostile), data_dir=hq_dir)
    assert enrolled.returncode == 0, enrolled.stderr
    listed = run_cli("hq", "stations", data_dir=hq_dir)
    for done in (enrolled, listed):
        assert "\x1b" not in done.stdout and "银根␛[2J" in done.stdout


def test_a_file_name_that_is_not_utf8_prints_a_stand_in(
    world: tuple[Path, Path], tmp_path: Path
) -> None:
    """A packet file named with the bytes ff fe, refused for its content, is shown with a
    stand-in by a real `outpost hq import` writing to a UTF-8 terminal: one line, no crash."""
    hq_dir, _ = world
    stick = tmp_path / "stick"
    stick.mkdir()
    (stick / NOT_UTF8).write_bytes(b"OUTPOST-PACKET/1\n short")
    env = dict(os.environ, OUTPOST_LANG="en", LC_ALL="C.UTF-8", PYTHONUTF8="0")
    done = subprocess.run(
        [sys.executable, "-m", "outpost", "hq", "import", str(stick), "--data-dir", str(hq_dir)],
        capture_output=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 3, done.stderr
    [line] = done.stdout.decode("utf-8").splitlines()
    assert line.startswith("\ufffd\ufffd.opk: refused"), line
    assert done.stderr.decode("utf-8") == f"outpost: {line}\n"  # the refusal on stderr too


def test_hq_given_a_station_folder_says_so(world: tuple[Path, Path]) -> None:
    """An HQ command pointed at a station's folder, and a station command at HQ's, each say
    which folder it was given, changing nothing."""
    hq_dir, station = world
    done = run_cli("hq", "stations", data_dir=station)
    assert done.returncode == 3
    assert f"{station} is a station's data folder, not HQ's" in done.stderr
    done = run_cli("status", data_dir=hq_dir)
    assert done.returncode == 3
    assert f"{hq_dir} is HQ's data folder, not a station's" in done.stderr


async def test_the_sync_screen_shows_stick_file_names_escaped(
    world: tuple[Path, Path], tmp_path: Path, clock: Clock
) -> None:
    """Acks refused on the sync screen are named with their escapes visible and a stand-in for
    bytes that are not UTF-8; the screen goes on working."""
    _, station = world
    acks = tmp_path / "acks"
    acks.mkdir()
    (acks / "x\x1b[8m.oack").write_bytes(b"not an ack")
    (acks / os.fsdecode(b"\xff\xfe.oack")).write_bytes(b"not an ack")
    app = open_app(station, clock)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("y")
        await pilot.pause()
        app.screen.query_one("#acks-from", Input).value = str(acks)
        await pilot.click("#import")
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = screen_text(app)
    assert "x␛[8m.oack" in text and "\x1b" not in text
    assert "\ufffd\ufffd.oack" in text


def test_a_refusal_quoting_a_typed_path_shows_its_control_characters(tmp_path: Path) -> None:
    """A folder name typed with an escape sequence comes back in the one-line refusal with the
    escape made visible, never sent to the terminal."""
    station = tmp_path / "station"
    made = run_cli("init", "--station-id", "s1", "--name", "S", "--officer", "A", data_dir=station)
    assert made.returncode == 0, made.stderr
    done = run_cli("report", "--out", str(tmp_path / "no\x1b[8m" / "r.html"), data_dir=station)
    assert done.returncode != 0
    assert "no␛[8m" in done.stderr and "\x1b" not in done.stderr, done.stderr
