"""Plausibility warnings on the command line (`outpost add`, a batch) and `outpost officers`:
warnings on stderr, a script needs --yes, a terminal is asked, nothing saved without a yes."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import run_cli, run_outpost

NOW = "2026-11-26T09:00:00+08:00"
YEAR_PATROL = json.dumps(
    {
        "route": "界桩 101-105",
        "distance_km": 12,
        "started_at": "2025-11-26 06:00",
        "ended_at": "2026-11-26 06:00",
    }
)
WATER = '{"household": "hh-0007", "litres": 800}'


@pytest.fixture
def station(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A station set up with `outpost init` and one household, its clock at NOW."""
    monkeypatch.setenv("OUTPOST_NOW", NOW)
    folder = tmp_path / "cli-station"
    done = run_cli("init", "--station-id", "yingen-couple-post", "--name", "银根戍边夫妻警务室",
                   "--officer", "张伟", "--officer", "李娜", data_dir=folder)  # fmt: skip
    assert done.returncode == 0, done.stderr
    done = run_cli("add", "household", "--data", '{"household_id": "hh-0007", "head": "巴特尔"}',
                   data_dir=folder)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return folder


def entries(folder: Path) -> int:
    done = run_cli("log", "--json", data_dir=folder)
    assert done.returncode == 0, done.stderr
    return len(json.loads(done.stdout))


def test_a_script_saving_a_year_long_patrol_is_refused_without_yes(station: Path) -> None:
    """Each warning is a line on stderr, then one line saying --yes; exit 2, nothing saved."""
    done = run_cli("add", "patrol", "--data", YEAR_PATROL, data_dir=station)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 3, done.stderr
    assert "365 days ago" in lines[0] and "8760.0 hours" in lines[1]
    assert "--yes" in lines[2] and "Nothing saved" in lines[2]
    assert done.stdout == ""
    assert entries(station) == 1


def test_yes_saves_and_still_prints_the_warnings(station: Path) -> None:
    """With --yes the entry is saved (exit 0) and the warnings are on stderr all the same."""
    done = run_cli("add", "patrol", "--data", YEAR_PATROL, "--yes", data_dir=station)
    assert done.returncode == 0, done.stderr
    assert "#2" in done.stdout and "8760.0 hours" in done.stderr
    assert entries(station) == 2


def test_the_same_delivery_twice_and_an_unknown_officer_are_warned_about(station: Path) -> None:
    """Finding 5: the second identical delivery a minute later, and 张三 off the roster, need a
    yes; in Chinese the lines are Chinese."""
    assert run_cli("add", "water_delivery", "--data", WATER, data_dir=station).returncode == 0
    again = run_cli("add", "water_delivery", "--data", WATER, "--officer", "张三",
                    data_dir=station, lang="zh")  # fmt: skip
    assert again.returncode == 2
    assert "张三 不在本站民警名单中" in again.stderr and "第 2 条" in again.stderr
    assert "--yes" in again.stderr.splitlines()[-1]
    assert entries(station) == 2


def test_a_plausible_entry_saves_without_a_word(station: Path) -> None:
    """No warning: saved at once, nothing on stderr."""
    done = run_cli("add", "water_delivery", "--data", WATER, data_dir=station)
    assert done.returncode == 0 and done.stderr == ""


def test_a_batch_lists_every_warning_by_line_and_saves_only_with_yes(
    station: Path, tmp_path: Path
) -> None:
    """A batch's warnings are named by line; without --yes none of it is saved."""
    lines = [
        {"kind": "water_delivery", "data": {"household": "hh-0007", "litres": 800}},
        {"kind": "water_delivery", "data": {"household": "hh-0007", "litres": 800}},
        {"kind": "water_delivery", "data": {"household": "hh-0007", "litres": 5},
         "officers": ["张三"]},
    ]  # fmt: skip
    batch = tmp_path / "today.jsonl"
    batch.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n")
    done = run_cli("add", "--batch", str(batch), data_dir=station)
    assert done.returncode == 2
    said = done.stderr.strip().splitlines()
    assert said[0].startswith("outpost: line 2:") and "line 1" in said[0]
    assert said[1].startswith("outpost: line 3:") and "张三" in said[1]
    assert "--yes" in said[2]
    assert entries(station) == 1
    done = run_cli("add", "--batch", str(batch), "--yes", data_dir=station)
    assert done.returncode == 0 and entries(station) == 4


def test_officers_lists_adds_and_retires(station: Path) -> None:
    """`outpost officers` lists the roster; add and retire change it; a retired officer is
    listed as retired and warned about on a new entry; mistakes are one line, exit 2."""
    done = run_cli("officers", data_dir=station)
    assert done.returncode == 0 and done.stdout.split() == ["On", "the", "roster:", "张伟", "李娜"]
    assert run_cli("officers", "add", "王芳", data_dir=station).returncode == 0
    done = run_cli("officers", "retire", "李娜", data_dir=station)
    assert done.returncode == 0 and "李娜" in done.stdout
    listed = run_cli("officers", data_dir=station, lang="zh").stdout
    assert listed.splitlines() == ["在岗民警：", "  张伟", "  王芳", "已移出名单：", "  李娜"]
    warned = run_cli("add", "water_delivery", "--data", WATER, "--officer", "李娜",
                     data_dir=station)  # fmt: skip
    assert warned.returncode == 2 and "李娜 is not on the station's roster" in warned.stderr
    for args in (("add", "王芳"), ("retire", "张三"), ("add", " ")):
        done = run_cli("officers", *args, data_dir=station)
        assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1, args


def test_a_real_process_refuses_in_a_script_and_asks_on_a_terminal(station: Path) -> None:
    """A real `outpost add`: stdin not a terminal, exit 2 and nothing saved; stdin a terminal,
    it asks "Save anyway? [y/N]": Enter saves nothing, y saves."""
    piped = run_outpost("add", "patrol", "--data", YEAR_PATROL, data_dir=station, input="y\n")
    assert piped.returncode == 2 and "--yes" in piped.stderr
    assert entries(station) == 1

    def on_terminal(answer: bytes) -> subprocess.CompletedProcess[bytes]:
        main, secondary = pty.openpty()
        argv = [sys.executable, "-m", "outpost", "add", "patrol", "--data", YEAR_PATROL,
                "--data-dir", str(station)]  # fmt: skip
        try:
            process = subprocess.Popen(argv, stdin=secondary, stdout=subprocess.PIPE,
                                       stderr=subprocess.PIPE, env=dict(os.environ))  # fmt: skip
            os.write(main, answer)
            out, err = process.communicate(timeout=60)
        finally:
            os.close(main)
            os.close(secondary)
        return subprocess.CompletedProcess(argv, process.returncode, out, err)

    declined = on_terminal(b"\n")
    assert declined.returncode == 2, declined.stderr
    assert b"Save anyway? [y/N]: " in declined.stderr
    assert entries(station) == 1
    accepted = on_terminal(b"y\n")
    assert accepted.returncode == 0, accepted.stderr
    assert entries(station) == 2
