"""The station command line as a user runs it, in-process (conftest.run_cli): exit codes and
one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import run_cli


@pytest.fixture
def station(tmp_path: Path) -> Path:
    """A station set up with `outpost init` and one registered household."""
    folder = tmp_path / "cli-station"
    done = run_cli(
        "init", "--station-id", "yingen-couple-post", "--name", "银根戍边夫妻警务室",
        "--officer", "张伟", "--officer", "李娜", data_dir=folder,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    done = run_cli("add", "household", "--data", '{"household_id": "hh-0007", "head": "巴特尔"}',
                   data_dir=folder)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return folder


def log_json(folder: Path) -> list[dict[str, object]]:
    done = run_cli("log", "--json", data_dir=folder)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def assert_one_line_refusal(done: subprocess.CompletedProcess[str], code: int, *words: str) -> None:
    assert done.returncode == code, (done.returncode, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "Traceback" not in done.stderr
    for word in words:
        assert word in lines[0]


def test_add_then_log_json_shows_the_envelope_as_stored(station: Path) -> None:
    """`add` saves an entry and `log --json` prints it exactly as stored."""
    done = run_cli("add", "water_delivery", "--data", '{"household": "hh-0007", "litres": 800}',
                   "--occurred-at", "2026-11-20T09:30", "--officer", "李娜", "--yes",
                   data_dir=station)  # fmt: skip
    assert done.returncode == 0 and "#2" in done.stdout
    stored = json.loads((station / "log").glob("*.json").__next__().read_text())["_default"]["2"]
    assert log_json(station)[1] == stored
    assert stored["occurred_at"] == "2026-11-20T09:30:00+08:00"
    assert stored["officers"] == ["李娜"]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["add", "boat_trip", "--data", "{}"], ["kind", "boat_trip"]),
        (["add", "water_delivery", "--data", '{"household": "hh-0007"}'], ["Litres", "required"]),
        (
            ["add", "water_delivery", "--data", '{"household": "hh-0007", "litres": 5, "x": 1}'],
            ["x", "unknown field"],
        ),
        (
            ["add", "water_delivery", "--data", '{"household": "hh-0007", "litres": "many"}'],
            ["Litres", "whole number"],
        ),
        (
            ["add", "water_delivery", "--data", '{"household": "hh-0007", "litres": -800}'],
            ["Litres", "at least 1"],
        ),
        (
            ["add", "water_delivery", "--data", '{"household": "hh-0404", "litres": 8}'],
            ["hh-0404", "outpost add household"],
        ),
        (["add", "water_delivery", "--data", '{"household": '], ["--data", "JSON"]),
        (
            [
                "add",
                "patrol",
                "--data",
                '{"started_at": "2026-11-20T10:00", "ended_at": "2026-11-20T09:00", '
                '"route": "r", "distance_km": 4}',
            ],
            ["Ended", "before the start"],
        ),
        (
            ["amend", "6f1c2f43-7b43-4f39-9d6a-1b7a8d0e0001", "--data", "{}", "--reason", "x"],
            ["Corrects entry", "no entry"],
        ),
        (
            ["void", "6f1c2f43-7b43-4f39-9d6a-1b7a8d0e0001", "--reason", "x"],
            ["Corrects entry", "no entry"],
        ),
    ],
)
def test_bad_input_is_refused_in_one_line_with_exit_3(
    station: Path, args: list[str], words: list[str]
) -> None:
    """Every refusal names the field and the rule in one line, exits 3, and writes nothing."""
    before = log_json(station)
    assert_one_line_refusal(run_cli(*args, data_dir=station), 3, *words)
    assert log_json(station) == before


def test_void_of_a_void_is_refused(station: Path) -> None:
    """Voiding a void entry is refused with exit 3."""
    first = log_json(station)[0]
    done = run_cli("void", str(first["id"]), "--reason", "registered twice", data_dir=station)
    assert done.returncode == 0
    void_id = log_json(station)[-1]["id"]
    assert_one_line_refusal(
        run_cli("void", str(void_id), "--reason", "x", data_dir=station), 3, "void"
    )


def test_batch_with_one_bad_line_saves_nothing_and_names_the_line(
    station: Path, tmp_path: Path
) -> None:
    """A batch is all or nothing; the refusal says which line."""
    batch = tmp_path / "day.jsonl"
    batch.write_text(
        '{"kind": "household", "data": {"household_id": "hh-0008", "head": "其其格"}}\n'
        "\n"
        '{"kind": "water_delivery", "data": {"household": "hh-0008", "litres": 500}}\n'
        '{"kind": "water_delivery", "data": {"household": "hh-0008", "litres": 0}}\n',
        encoding="utf-8",
    )
    before = log_json(station)
    assert_one_line_refusal(
        run_cli("add", "--batch", str(batch), data_dir=station), 3, "line 4", "Litres"
    )
    assert log_json(station) == before
    batch.write_text(batch.read_text().replace('"litres": 0', '"litres": 300'), encoding="utf-8")
    done = run_cli("add", "--batch", str(batch), data_dir=station)
    assert done.returncode == 0, done.stderr
    assert [e["seq"] for e in log_json(station)] == [1, 2, 3, 4]


def test_malformed_batch_line_is_named(station: Path, tmp_path: Path) -> None:
    """A line that is not JSON is refused with its number."""
    batch = tmp_path / "bad.jsonl"
    batch.write_text(
        '{"kind": "household", "data": {"household_id": "hh-1", "head": "x"}}\n{oops\n'
    )
    assert_one_line_refusal(
        run_cli("add", "--batch", str(batch), data_dir=station), 3, "line 2", "JSON"
    )


def test_messages_follow_the_chosen_language(station: Path) -> None:
    """With --lang zh the refusal is in Chinese."""
    done = run_cli("--lang", "zh", "add", "water_delivery", "--data",
                   '{"household": "hh-0007", "litres": -1}', data_dir=station)  # fmt: skip
    assert_one_line_refusal(done, 3, "水量（升）", "不能小于")


def test_usage_error_exits_2(station: Path) -> None:
    """A command used wrongly exits 2 with one line."""
    assert_one_line_refusal(run_cli("add", data_dir=station), 2, "KIND")
    assert_one_line_refusal(run_cli("log", "--month", "2026-13", data_dir=station), 2, "--month")


def test_uninitialised_directory_says_how_to_start(tmp_path: Path) -> None:
    """Using a command before init tells the officer to run init (exit 2)."""
    assert_one_line_refusal(run_cli("status", data_dir=tmp_path / "empty"), 2, "outpost init")


def test_second_process_gets_exit_5(station: Path) -> None:
    """While another process owns the data directory, a command exits 5 with one line."""
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from pathlib import Path; from outpost.logbook import Logbook; "
         f"b = Logbook.open(Path({str(station)!r})); print('open', flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        done = run_cli("add", "water_delivery", "--data", '{"household": "hh-0007", "litres": 8}',
                       data_dir=station)  # fmt: skip
        assert_one_line_refusal(done, 5, "in use")
    finally:
        holder.kill()
        holder.wait()


def test_status_json_and_check(station: Path) -> None:
    """status --json reports the log's head; check verifies the chain."""
    run_cli("add", "medicine_handout", "--data",
            '{"recipient": "巴特尔", '
            '"items": [{"medicine": "布洛芬", "quantity": 2, "unit": "盒"}]}',
            data_dir=station)  # fmt: skip
    done = run_cli("status", "--json", data_dir=station)
    report = json.loads(done.stdout)
    assert report["entries"] == 2 and report["households"] == 1
    assert report["deficits"][0]["balance"] == -2
    done = run_cli("check", data_dir=station)
    assert done.returncode == 0 and "chain verified" in done.stdout


def test_log_filters_by_kind_household_and_month(station: Path) -> None:
    """log --kind/--household/--month select entries by the current view."""
    run_cli("add", "water_delivery", "--data", '{"household": "hh-0007", "litres": 8}',
            "--occurred-at", "2026-10-05T10:00", "--yes", data_dir=station)  # fmt: skip
    done = run_cli("log", "--json", "--kind", "water_delivery", "--month", "2026-10",
                   "--household", "hh-0007", data_dir=station)  # fmt: skip
    assert [e["seq"] for e in json.loads(done.stdout)] == [2]
    done = run_cli("log", "--json", "--month", "2026-09", data_dir=station)
    assert json.loads(done.stdout) == []
