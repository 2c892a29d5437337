"""The station's application services: home counters counted as the summary counts, the batch
format, set-up, and what the services load."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import Clock

from outpost.errors import InvalidEntry, UsageError
from outpost.logbook import Logbook
from outpost.station.batch import parse_batch
from outpost.station.home import counters, overview
from outpost.station.records import correction_refused, corrections_of, log_entries, log_filter
from outpost.station.setup import first_run, officer_names
from outpost.station.summary import monthly_summary


def patrol(day: str, km: float) -> dict[str, Any]:
    return {
        "started_at": f"{day}T06:00",
        "ended_at": f"{day}T11:30",
        "route": "界桩 101-108",
        "distance_km": km,
    }


def fill_month(book: Logbook, month: str) -> None:
    """A month of every counted kind, with a void, an amendment and a neighbour month's entry."""
    book.add("patrol", patrol(f"{month}-01", 12.35))
    book.add("patrol", patrol(f"{month}-02", 30.1))
    book.add("water_delivery", {"household": "hh-0007", "litres": 800}, f"{month}-01T10:00")
    gone = book.add("water_delivery", {"household": "hh-0007", "litres": 500}, f"{month}-03")
    book.void(gone.entries[0]["id"], "重复录入")
    low = book.add("water_delivery", {"household": "hh-0007", "litres": 80}, f"{month}-04")
    book.amend(low.entries[0]["id"], {"household": "hh-0007", "litres": 850}, "少写了一个零")
    book.add(
        "medicine_stock",
        {"items": [{"medicine": "布洛芬", "quantity": 100, "unit": "片"}], "source": "旗医院"},
        f"{month}-01",
    )
    book.add(
        "medicine_handout",
        {"recipient": "巴特尔", "items": [{"medicine": "布洛芬", "quantity": 12, "unit": "片"}]},
        f"{month}-05",
    )
    book.add("herder_visit", {"household": "hh-0007", "purpose": "welfare_check"}, f"{month}-06")
    book.add("assistance", {"category": "parcel", "description": "代寄"}, f"{month}-07")


def summary_counters(book: Logbook, month: str) -> dict[str, float]:
    """The home counters read off the monthly summary's figures of `month`."""
    return counters(monthly_summary(book, month).stations[0].figures)


@pytest.mark.parametrize(
    "now", ["2026-11-26T09:00:00+08:00", "2026-12-31T23:59:00+08:00", "2027-01-07T23:00:00+08:00"]
)
def test_home_counters_equal_the_monthly_summary_of_the_same_month(
    book: Logbook, clock: Clock, now: str
) -> None:
    """This month's counters on home are the summary's figures for this month, the 1st of a
    31-day month and its voids and amendments included."""
    clock.moment = clock.moment.fromisoformat(now)
    month = now[:7]
    fill_month(book, month)
    view = overview(book)
    assert view.month == month
    assert view.counters == summary_counters(book, month)
    assert view.counters["patrols"] == 2 and view.counters["litres"] == 1650


def test_home_counters_leave_out_the_month_before(book: Logbook, clock: Clock) -> None:
    """Entries of last month count in last month's summary, not in this month's counters."""
    clock.moment = clock.moment.fromisoformat("2026-11-03T09:00:00+08:00")
    book.add("water_delivery", {"household": "hh-0007", "litres": 300}, "2026-10-30")
    assert overview(book).counters["water"] == 0
    assert monthly_summary(book, "2026-10").stations[0].figures.water_deliveries == 1


def test_batch_lines_become_drafts_and_a_bad_line_is_named() -> None:
    """Blank lines are skipped; an unknown key is refused naming its line."""
    drafts = parse_batch('{"kind": "patrol", "data": {}}\n\n{"kind": "household", "data": {}}\n')
    assert [(n, d.kind) for n, d in drafts] == [(1, "patrol"), (3, "household")]
    with pytest.raises(InvalidEntry) as refused:
        parse_batch('{"kind": "patrol", "data": {}}\n{"kind": "patrol", "colour": 1}\n')
    assert refused.value.key == "entry.batch_keys"
    assert refused.value.params["line"] == 2
    with pytest.raises(InvalidEntry):
        parse_batch("\n\n")


def test_first_run_needs_an_officer_before_anything_is_made(tmp_path: Path) -> None:
    """Officers are split on either comma; none at all is refused and no station is made."""
    assert officer_names("张伟， 李娜,,") == ["张伟", "李娜"]
    with pytest.raises(UsageError):
        first_run(tmp_path / "s", station_id="yingen-couple-post", name="银根", officers=" , ")
    assert not (tmp_path / "s").exists()
    made = first_run(tmp_path / "s", station_id="yingen-couple-post", name="银根", officers="张伟")
    try:
        assert made.book.config.officers == ["张伟"] and made.hq_card_error is None
    finally:
        made.book.close()


def test_corrections_are_found_and_a_voided_entry_is_not_corrected_again(book: Logbook) -> None:
    """A voided entry lists its void and refuses another correction; a void is not corrected."""
    saved = book.add("water_delivery", {"household": "hh-0007", "litres": 500}, "2026-11-03")
    entry = saved.entries[0]
    assert corrections_of(book, entry) == [] and correction_refused(book, entry) is None
    void = book.void(entry["id"], "重复录入").entries[0]
    assert corrections_of(book, entry) == [void]
    assert correction_refused(book, entry) == "tui.detail.already_voided"
    assert correction_refused(book, void) == "tui.detail.not_correctable"


def test_log_listing_keeps_the_last_entries_and_checks_its_filter(book: Logbook) -> None:
    """`limit` keeps the newest; a month like 2026-13 is a usage error before the log is read."""
    for litres in (100, 200, 300):
        book.add("water_delivery", {"household": "hh-0007", "litres": litres})
    found = log_entries(book, log_filter(kind="water_delivery"), limit=2)
    assert [e["data"]["litres"] for e in found] == [200, 300]
    with pytest.raises(UsageError):
        log_filter(month="2026-13")


def test_home_and_status_services_load_neither_textual_nor_cryptography() -> None:
    """The services the home screen and `outpost status` use import no Textual and no crypto."""
    code = (
        "import sys, outpost.station.home, outpost.station.delivery, outpost.station.status, "
        "outpost.station.setup, outpost.station.records; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'cryptography'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
