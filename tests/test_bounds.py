"""Every value is bounded where it enters the station: times 1900-2200, finite numbers,
nesting, Unicode text, command-line bytes, seqs (outpost.model.bounds)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import Clock, run_cli
from test_cli_station import assert_one_line_refusal, log_json, station

from outpost.errors import InvalidEntry
from outpost.logbook import Logbook
from outpost.model import build_entry, validate_entry, zone
from outpost.model.bounds import MAX_DEPTH, MAX_INT, JsonRefused, read_json
from outpost.station.forms import read_form

__all__ = ["station"]  # the fixture, shared with the station CLI tests

TZ = zone("Asia/Shanghai")
NOW = "2026-11-26T09:00:00+08:00"


# -- the strict JSON reader ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["NaN", "[Infinity]", '{"a": -Infinity}', "1e999", "-1e999", '{"q": 1E400}']
)
def test_reader_refuses_numbers_that_are_not_finite(text: str) -> None:
    """NaN and the infinities are not JSON, nor is a number that overflows to one."""
    with pytest.raises(JsonRefused, match="not a finite number"):
        read_json(text)


def test_reader_limits_nesting_before_parsing() -> None:
    """32 levels read; 33 do not; 50,000 are refused by a scan, fast and without recursion."""
    assert read_json("[" * MAX_DEPTH + "]" * MAX_DEPTH) is not None
    with pytest.raises(JsonRefused, match="nested deeper than 32"):
        read_json("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1))
    started = time.perf_counter()
    with pytest.raises(JsonRefused, match="nested deeper"):
        read_json('{"a":' * 50_000 + "1" + "}" * 50_000)
    assert time.perf_counter() - started < 1


def test_brackets_inside_text_are_not_nesting() -> None:
    """A note full of brackets (and escaped quotes) is text, read as such."""
    note = '[[[{{{ "quoted" ' * 40
    assert read_json(json.dumps({"note": note})) == {"note": note}


def test_reader_refuses_a_lone_surrogate_and_keeps_a_pair() -> None:
    """`\\ud800` alone is not Unicode text; an escaped pair is one character."""
    with pytest.raises(JsonRefused, match="lone surrogate"):
        read_json('{"note": "a\\ud800b"}')
    with pytest.raises(JsonRefused, match="lone surrogate"):
        read_json('{"\\udc00": 1}')
    assert read_json('"\\ud83d\\ude00"') == "\U0001f600"


def test_reader_refuses_bytes_that_are_not_utf8() -> None:
    with pytest.raises(JsonRefused, match="not UTF-8"):
        read_json(b'{"a": "\xff\xfe"}')


# -- the station's entry points --------------------------------------------------------------

PATROL = {"route": "界桩 101-105", "distance_km": 12, "mode": "vehicle"}


def patrol(started: str, ended: str, **more: Any) -> str:
    return json.dumps({**PATROL, "started_at": started, "ended_at": ended, **more})


WATER = '{"household": "hh-0007", "litres": 800}'

REFUSED = {
    "year_1": (
        ["water_delivery", "--data", WATER, "--occurred-at", "0001-01-01T00:00+08:00"],
        "When: 0001-01-01T00:00+08:00 is not between the years 1900 and 2200",
    ),
    "year_1899": (
        ["water_delivery", "--data", WATER, "--occurred-at", "1899-12-31T23:59:59"],
        "is not between the years 1900 and 2200",
    ),
    "patrol_9999": (
        ["patrol", "--data", patrol("9999-12-31T23:00", "9999-12-31T23:59:59"),
         "--occurred-at", NOW],
        "Started: 9999-12-31T23:00 is not between the years 1900 and 2200",
    ),
    "patrol_2201": (
        ["patrol", "--data", patrol("2200-12-31T23:00", "2201-01-01T00:00"), "--occurred-at", NOW],
        "Ended: 2201-01-01T00:00 is not between",
    ),
    "nan": (
        ["patrol", "--data", patrol("2026-11-26T06:00", "2026-11-26T08:00").replace("12", "NaN")],
        "NaN is not a finite number",
    ),
    "infinity": (
        ["patrol", "--data", patrol("2026-11-26T06:00", "2026-11-26T08:00").replace("12", "1e999")],
        "1e999 is not a finite number",
    ),
    "deep": (
        ["household", "--data", '{"household_id": "hh-1", "head": ' + "[" * 50_000 + "]" * 50_000
         + "}"],
        "nested deeper than 32 levels",
    ),
    "surrogate": (
        ["household", "--data", '{"household_id": "hh-1", "head": "\\ud800"}'],
        "lone surrogate",
    ),
    "huge_int": (
        ["household", "--data",
         '{"household_id": "hh-1", "head": "h", "members": 9007199254740992}'],
        "number too large (at most 9007199254740991 either way)",
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", REFUSED)
def test_add_refuses_a_value_out_of_bounds_in_one_line(station: Path, case: str) -> None:
    """Exit 3, one line naming the field and the bound, nothing saved."""
    args, words = REFUSED[case]
    done = run_cli("add", *args, data_dir=station)
    assert_one_line_refusal(done, 3, words)
    assert len(log_json(station)) == 1


@pytest.mark.parametrize("case", REFUSED)
def test_a_batch_line_out_of_bounds_is_named_and_nothing_saved(
    station: Path, tmp_path: Path, case: str
) -> None:
    """The same bounds hold for each line of a batch file."""
    args, words = REFUSED[case]
    line: dict[str, Any] = {"kind": args[0], "data": "@"}
    if "--occurred-at" in args:
        line["occurred_at"] = args[args.index("--occurred-at") + 1]
    text = json.dumps(line).replace('"@"', args[2])
    batch = tmp_path / "batch.jsonl"
    first = json.dumps({"kind": "water_delivery", "data": json.loads(WATER)})
    batch.write_text(first + "\n" + text)
    done = run_cli("add", "--batch", str(batch), data_dir=station)
    assert_one_line_refusal(done, 3, "line 2", words.split(": ", 1)[-1][:30])
    assert len(log_json(station)) == 1


def test_times_at_the_edges_of_the_range_are_taken(station: Path) -> None:
    """1900-01-01 00:00 and 2200-12-31 23:59:59 in the station's zone are accepted."""
    edges = patrol("1900-01-01T00:00:00+08:00", "2200-12-31T23:59:59+08:00")
    # --yes: such times are warned about (outpost.station.plausibility), and taken
    done = run_cli("add", "patrol", "--data", edges, "--occurred-at", NOW, "--yes",
                   data_dir=station)  # fmt: skip
    assert done.returncode == 0, done.stderr
    old = run_cli("add", "water_delivery", "--data", WATER, "--occurred-at",
                  "1900-01-01T00:00:00+08:00", "--yes", data_dir=station)  # fmt: skip
    assert old.returncode == 0, old.stderr


def test_values_from_python_are_bounded_too(book: Logbook) -> None:
    """What a form or a library caller hands over (a float NaN, a lone surrogate, a huge int)
    is refused by the same checks as typed JSON."""
    base = {**PATROL, "started_at": "2026-11-26T06:00", "ended_at": "2026-11-26T08:00"}
    for data, words in (
        ({**base, "distance_km": float("nan")}, "not a finite number"),
        ({**base, "distance_km": float("inf")}, "not a finite number"),
        ({**base, "route": "a\ud800"}, "lone surrogate"),
        ({**base, "markers": ["1"] * 3, "findings": "x" * 3, "distance_km": 2**80}, "too large"),
    ):
        with pytest.raises(InvalidEntry, match=words):
            book.add("patrol", data)
    assert book.state.last_seq == 1


def test_a_form_time_goes_through_the_same_check(book: Logbook) -> None:
    """The TUI's form reads its time fields through the model: year 1 is refused there too."""
    typed = {"household": "hh-0007", "litres": "800", "occurred_at": "0001-01-01 00:00"}
    data, occurred, _ = read_form("water_delivery", typed)
    with pytest.raises(InvalidEntry, match="not between the years 1900 and 2200"):
        book.add("water_delivery", data, occurred)
    data, _, _ = read_form(
        "patrol",
        {**{k: str(v) for k, v in PATROL.items()}, "started_at": "2026-11-26 06:00",
         "ended_at": "9999-12-31 23:00"},
    )  # fmt: skip
    with pytest.raises(InvalidEntry, match="Ended"):
        book.add("patrol", data)


def test_a_seq_beyond_the_archive_range_is_refused(clock: Clock) -> None:
    """A seq above 2^53-1 (a forged 2^63-1 would overflow HQ's `seq + 1`) is refused."""
    entry = build_entry(
        station="yingen-couple-post", seq=2**63 - 1, prev="0" * 64, kind="void",
        data={"target": "6f1c1e0e-5b8f-4a57-9a39-1d8c6f3b2a10", "reason": "x"},
        occurred_at=NOW, recorded_at=NOW, officers=["张伟"],
    )  # fmt: skip
    with pytest.raises(InvalidEntry, match="seq: must be at most 9007199254740991"):
        validate_entry(entry, TZ)
    entry["seq"] = MAX_INT
    validate_entry(entry, TZ)


# -- command-line bytes ----------------------------------------------------------------------

BAD = "caf\udce9"
"""What Python makes of the bytes `caf\\xe9` (Latin-1, not UTF-8) in an argument."""


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["add", "household", "--data", '{"household_id": "hh-1", "head": "' + BAD + '"}'],
         "--data"),
        (["add", "household", "--data", '{"household_id": "hh-1", "head": "h"}', "--officer", BAD],
         "--officer"),
        (["void", "ID", "--reason", BAD], "--reason"),
        (["amend", "ID", "--data", "{}", "--reason", BAD], "--reason"),
    ],
)  # fmt: skip
def test_arguments_that_are_not_utf8_are_refused(
    station: Path, args: list[str], option: str
) -> None:
    """Exit 2, one line naming the option; nothing saved."""
    entry_id = log_json(station)[0]["id"]
    args = [str(entry_id) if a == "ID" else a for a in args]
    done = run_cli(*args, data_dir=station)
    assert_one_line_refusal(done, 2, option, "not valid UTF-8")
    assert len(log_json(station)) == 1


def test_init_with_a_name_that_is_not_utf8_leaves_no_folder(tmp_path: Path) -> None:
    """A real process given the bytes: one line, exit 2, no half-made station folder."""
    folder = tmp_path / "station"
    env = {**os.environ, "OUTPOST_LANG": "en", "LC_ALL": "C.UTF-8"}
    done = subprocess.run(
        [sys.executable, "-m", "outpost", "--data-dir", str(folder), "init",
         "--station-id", "post-a", "--name", os.fsencode("A\udcff"), "--officer", "x"],
        capture_output=True, env=env, timeout=60, check=False,
    )  # fmt: skip
    stderr = done.stderr.decode("utf-8")
    assert done.returncode == 2, stderr
    said = "outpost: --name: the text given is not valid UTF-8; nothing was done"
    assert stderr.splitlines() == [said]
    assert not folder.exists()
