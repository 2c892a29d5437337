"""Times and days as people write them through `outpost add` (`--occurred-at`, `--data`, batch
lines) and `parse_time` itself: the same forms as the TUI, in the station's zone, this year's
`12-02` read on the laptop clock (OUTPOST_NOW)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from conftest import TZ, run_cli

from outpost.model.times import TimeOutOfBounds, parse_date, parse_time

NOW = "2026-12-02T09:00:00+08:00"
TIMES = {
    "2026-12-02 06:00": "2026-12-02T06:00:00+08:00",
    "12-02 06:00": "2026-12-02T06:00:00+08:00",
    "06:00": "2026-12-02T06:00:00+08:00",
    "2026-12-01T23:00:00+01:00": "2026-12-01T23:00:00+01:00",
}


@pytest.fixture
def station(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("OUTPOST_NOW", NOW)
    folder = tmp_path / "cli-station"
    done = run_cli(
        "init", "--station-id", "yingen-couple-post", "--name", "银根戍边夫妻警务室",
        "--officer", "张伟", data_dir=folder,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    done = run_cli("add", "household", "--data", '{"household_id": "hh-0007", "head": "巴特尔"}',
                   data_dir=folder)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return folder


def last(folder: Path) -> dict[str, object]:
    done = run_cli("log", "--json", data_dir=folder)
    assert done.returncode == 0, done.stderr
    entries: list[dict[str, object]] = json.loads(done.stdout)
    return entries[-1]


@pytest.mark.parametrize(("typed", "expected"), TIMES.items())
def test_occurred_at_and_data_times_take_each_form(
    station: Path, typed: str, expected: str
) -> None:
    water = '{"household": "hh-0007", "litres": 800}'
    done = run_cli("add", "water_delivery", "--data", water, "--occurred-at", typed,
                   data_dir=station)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert last(station)["occurred_at"] == expected
    patrol = {"route": "西段", "started_at": typed, "ended_at": "09:00", "distance_km": 5}
    done = run_cli("add", "patrol", "--data", json.dumps(patrol), data_dir=station)
    assert done.returncode == 0, done.stderr
    entry = last(station)
    assert entry["occurred_at"] == expected
    assert entry["data"] == {**patrol, "started_at": expected, "ended_at": NOW}


def test_batch_lines_take_short_times_and_month_expiries(station: Path, tmp_path: Path) -> None:
    batch = tmp_path / "day.jsonl"
    lines = [
        {"kind": "water_delivery", "data": {"household": "hh-0007", "litres": 300},
         "occurred_at": "07:30"},
        {"kind": "medicine_stock", "data": {"items": [
            {"medicine": "阿莫西林", "quantity": 40, "unit": "盒"}], "expires": "2027-06"},
         "occurred_at": "12-01 18:00"},
    ]  # fmt: skip
    batch.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), "utf-8")
    done = run_cli("add", "--batch", str(batch), data_dir=station)
    assert done.returncode == 0, done.stderr
    done = run_cli("log", "--json", data_dir=station)
    water, stock = json.loads(done.stdout)[-2:]
    assert water["occurred_at"] == "2026-12-02T07:30:00+08:00"
    assert stock["occurred_at"] == "2026-12-01T18:00:00+08:00"
    assert stock["data"]["expires"] == "2027-06-30"


def test_a_wrong_time_names_the_forms_in_one_line(station: Path) -> None:
    water = '{"household": "hh-0007", "litres": 800}'
    done = run_cli("add", "water_delivery", "--data", water, "--occurred-at", "12/02 6am",
                   data_dir=station)  # fmt: skip
    assert done.returncode == 3 and len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert "12-02 06:00 for this year" in done.stderr and "12/02 6am" in done.stderr
    patrol = {"route": "西段", "started_at": "6点", "ended_at": "09:00", "distance_km": 5}
    done = run_cli("add", "patrol", "--data", json.dumps(patrol), data_dir=station, lang="zh")
    assert done.returncode == 3 and len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert "06:00（今天）" in done.stderr and "6点" in done.stderr
    assert len(json.loads(run_cli("log", "--json", data_dir=station).stdout)) == 1


def test_a_wrong_expiry_names_the_forms_in_chinese(station: Path) -> None:
    data = {"items": [{"medicine": "阿莫西林", "quantity": 1, "unit": "盒"}], "expires": "明年六月"}
    done = run_cli("add", "medicine_stock", "--data", json.dumps(data), data_dir=station,
                   lang="zh")  # fmt: skip
    assert done.returncode == 3 and len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert "2027-06 表示当月最后一天" in done.stderr and "明年六月" in done.stderr


def test_month_day_on_new_years_day_means_this_year(
    monkeypatch: pytest.MonkeyPatch, station: Path
) -> None:
    """On 1 January `12-02 06:00` is this year's December, not last year's: too far ahead."""
    jan1 = datetime.fromisoformat("2027-01-01T00:30:00+08:00")  # still 2026 in UTC
    assert parse_time("12-02 06:00", TZ, jan1).isoformat() == "2027-12-02T06:00:00+08:00"
    assert parse_time("06:00", TZ, jan1).isoformat() == "2027-01-01T06:00:00+08:00"
    monkeypatch.setenv("OUTPOST_NOW", jan1.isoformat())
    water = '{"household": "hh-0007", "litres": 800}'
    done = run_cli("add", "water_delivery", "--data", water, "--occurred-at", "12-02 06:00",
                   data_dir=station)  # fmt: skip
    assert done.returncode == 3 and "2027-12-02T06:00:00+08:00" in done.stderr, done.stderr
    done = run_cli("add", "water_delivery", "--data", water, "--occurred-at", "01-01 00:10",
                   data_dir=station)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert last(station)["occurred_at"] == "2027-01-01T00:10:00+08:00"


def test_parse_keeps_the_year_bounds_and_reads_days() -> None:
    with pytest.raises(TimeOutOfBounds):
        parse_time("2201-01-01 00:00", TZ)
    with pytest.raises(ValueError):
        parse_time("02-30 06:00", TZ)
    assert parse_date("2027-06").isoformat() == "2027-06-30"
    assert parse_date("2028-02").isoformat() == "2028-02-29"
    for wrong in ("2027-13", "2027", "06-30", "2027-02-30"):
        with pytest.raises(ValueError):
            parse_date(wrong)
