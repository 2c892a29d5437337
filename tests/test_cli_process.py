"""The command line as a real process: the entry points, exit statuses, one-line errors, the
crash log and stdin. Every other CLI test runs in-process (tests/conftest.py::run_cli)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import run_cli, run_outpost

HOUSEHOLD = '{"household_id": "hh-0007", "head": "巴特尔"}'


@pytest.fixture
def station(tmp_path: Path) -> Path:
    """A station set up in-process with `outpost init` and one household."""
    folder = tmp_path / "cli-station"
    made = run_cli("init", "--station-id", "s1", "--name", "S", "--officer", "A", data_dir=folder)
    assert made.returncode == 0, made.stderr
    added = run_cli("add", "household", "--data", HOUSEHOLD, data_dir=folder)
    assert added.returncode == 0, added.stderr
    return folder


def assert_one_line(done: subprocess.CompletedProcess[str], code: int, *words: str) -> None:
    assert done.returncode == code, (done.returncode, done.stderr)
    assert done.stderr.startswith("outpost: ") and done.stderr.count("\n") == 1, done.stderr
    assert "Traceback" not in done.stderr
    for word in words:
        assert word in done.stderr


def test_python_dash_m_outpost_runs_the_command_line() -> None:
    """`python -m outpost --version` prints the version and exits 0."""
    done = run_outpost("--version")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("outpost, version ")


def test_the_outpost_script_sets_up_a_station_and_keeps_its_log(tmp_path: Path) -> None:
    """The installed `outpost` script runs init, add and log like `python -m outpost`."""
    script = Path(sys.executable).with_name("outpost")
    folder = str(tmp_path / "by-script")

    def outpost(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(script), *args, "--data-dir", folder], capture_output=True, text=True, timeout=120
        )

    assert outpost("init", "--station-id", "s2", "--name", "S", "--officer", "A").returncode == 0
    assert outpost("add", "household", "--data", HOUSEHOLD).returncode == 0
    listed = outpost("log", "--json")
    assert listed.returncode == 0, listed.stderr
    assert [e["kind"] for e in json.loads(listed.stdout)] == ["household"]


def test_a_refused_entry_exits_3_in_one_line(station: Path) -> None:
    """Input the log refuses: exit 3, one line on stderr naming the field, no traceback."""
    data = '{"household": "hh-0007", "litres": -800}'
    done = run_outpost("add", "water_delivery", "--data", data, data_dir=station)
    assert_one_line(done, 3, "Litres")


def test_a_usage_error_exits_2_in_one_line(station: Path) -> None:
    """A command used wrongly: exit 2, one line with the hint to --help."""
    assert_one_line(run_outpost("log", "--month", "2026-13", data_dir=station), 2, "--month")


def test_an_uninitialised_directory_exits_2_and_says_how_to_start(tmp_path: Path) -> None:
    """A command on a folder with no station: exit 2, one line naming `outpost init`."""
    assert_one_line(run_outpost("status", data_dir=tmp_path / "empty"), 2, "outpost init")


def test_a_batch_comes_from_stdin(station: Path) -> None:
    """`add --batch -` reads the process's standard input."""
    line = json.dumps({"kind": "water_delivery", "data": {"household": "hh-0007", "litres": 5}})
    done = run_outpost("add", "--batch", "-", data_dir=station, input=line + "\n")
    assert done.returncode == 0, done.stderr
    listed = run_outpost("log", "--json", data_dir=station)
    assert [e["seq"] for e in json.loads(listed.stdout)] == [1, 2]


def test_an_internal_error_is_one_line_and_its_traceback_goes_to_the_crash_log(
    tmp_path: Path,
) -> None:
    """A bug: exit 1, one line naming the error and the crash log, which holds the traceback."""
    program = (
        "from outpost.cli import cli, main\n"
        "@cli.command('boom')\n"
        "def boom() -> None:\n"
        "    raise ZeroDivisionError('a bug')\n"
        "main(['boom'])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program],
        capture_output=True,
        text=True,
        env=dict(os.environ, OUTPOST_LANG="en"),
        timeout=120,
    )
    assert_one_line(done, 1, "ZeroDivisionError")
    log = tmp_path / "home" / "state" / "outpost" / "log" / "crash.log"
    assert str(log) in done.stderr
    text = log.read_text(encoding="utf-8")
    assert "Traceback" in text and "ZeroDivisionError" in text
    assert "a bug" not in text  # an exception's message may quote a value: never kept


def test_a_clock_that_is_not_a_time_stops_the_process_in_one_line(station: Path) -> None:
    """OUTPOST_NOW without an offset: exit 1 and one line naming the variable, nothing saved."""
    data = '{"household": "hh-0007", "litres": 5}'
    env = dict(os.environ, OUTPOST_LANG="en", OUTPOST_NOW="2026-11-26 09:00")
    argv = [sys.executable, "-m", "outpost", "add", "water_delivery", "--data", data]
    done = subprocess.run(
        [*argv, "--data-dir", str(station)], capture_output=True, text=True, env=env, timeout=120
    )
    assert_one_line(done, 1, "OUTPOST_NOW")
    assert len(json.loads(run_cli("log", "--json", data_dir=station).stdout)) == 1
