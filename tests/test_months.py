"""Months as `YYYY-MM`: one rule for every command and screen, and the months around one."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from conftest import TZ

from outpost.cli import main
from outpost.errors import UsageError
from outpost.model.months import (
    check_month,
    month_at,
    month_end,
    month_of,
    month_start,
    next_month,
    previous_month,
    shift_month,
)


@pytest.mark.parametrize("good", ["1900-01", "2026-11", "2199-12", "2200-12"])
def test_a_month_between_1900_and_2200_is_a_month(good: str) -> None:
    """A month like 2026-11 comes back as given."""
    assert check_month(good) == good


@pytest.mark.parametrize(
    "bad",
    [
        "0001-01",
        "1899-12",
        "2201-01",
        "2999-12",
        "3000-01",
        "2026-00",
        "2026-11\n",
        " 2026-11",
        "２０２６-11",
    ],
)
def test_a_month_outside_1900_2200_or_not_alone_is_refused(bad: str) -> None:
    """Year 1 and years past 2200 (no time of a log is), a trailing newline and other digits
    are usage errors."""
    with pytest.raises(UsageError):
        check_month(bad)


def test_the_log_command_holds_months_to_the_same_rule(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`outpost log --month 0001-01` is refused (exit 2) as `outpost report` refuses it."""
    with pytest.raises(SystemExit) as stop:
        main(["log", "--month", "0001-01", "--data-dir", str(tmp_path), "--lang", "en"])
    assert stop.value.code == 2
    assert capsys.readouterr().err == "outpost: --month: 0001-01 is not a month like 2026-11\n"


def test_the_months_around_a_month_cross_year_ends() -> None:
    """The month before January is December of the year before; steps go any distance."""
    assert previous_month("2026-01") == "2025-12"
    assert next_month("2025-12") == "2026-01"
    assert shift_month("2026-11", -23) == "2024-12"
    assert shift_month("2026-11", 14) == "2028-01"


def test_a_month_is_counted_in_the_station_zone() -> None:
    """A time stored in UTC falls in the station's month, and a month starts and ends at its
    midnights."""
    assert month_of("2026-11-30T17:00:00+00:00", TZ) == "2026-12"
    assert month_at(datetime(2026, 11, 30, 23, 59, tzinfo=TZ)) == "2026-11"
    assert month_start("2026-12", TZ) == datetime(2026, 12, 1, tzinfo=TZ)
    assert month_end("2026-12", TZ) == datetime(2027, 1, 1, tzinfo=TZ)
