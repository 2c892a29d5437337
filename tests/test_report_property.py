"""For random logs, the station's summary equals HQ's for every month, once HQ holds everything:
the figures and the sections (year to date, last year, water by household, open issues, stock
by station, medicine expiring)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from conftest import Clock
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_report_hq import Brigade, figures, station_doc

from outpost.hq.report_sql import hq_summary
from outpost.logbook import Draft
from outpost.model import month_of, zone
from outpost.model.months import MONTH, next_month, shift_month

HOUSEHOLDS = ("hh-0001", "hh-0002", "hh-0003")
MEDICINES = (("布洛芬", "片"), ("布洛芬", "盒"), ("碘伏", "瓶"))
ZONES = ("Asia/Shanghai", "Asia/Ulaanbaatar", "UTC", "America/Chicago")
OFFSETS = (UTC, timezone(timedelta(hours=8)), timezone(timedelta(hours=-6)))
MONTHS = ("2026-08", "2026-09", "2026-10", "2026-11", "2026-12")

FIRST = datetime(1900, 1, 2)
LAST = datetime(2200, 12, 29)
"""A day in from each end of the accepted years (1900-2200 in the station's zone): a time
written with any offset, read in any zone, stays inside; the edges themselves come next."""
EDGES = ("1900-01-01T00:00:00", "2200-12-31T23:59:59")
"""The first and last accepted seconds, written without an offset: the station's zone."""

moments = st.one_of(
    st.builds(
        lambda at, offset: at.replace(tzinfo=UTC).astimezone(offset).isoformat(timespec="seconds"),
        st.datetimes(min_value=datetime(2026, 9, 1), max_value=datetime(2026, 11, 25))
        | st.datetimes(min_value=datetime(2025, 10, 1), max_value=datetime(2025, 11, 30))
        | st.datetimes(min_value=FIRST, max_value=LAST),
        st.sampled_from(OFFSETS),
    ),
    st.sampled_from(EDGES),
)
"""Times near and across month ends (a year apart too, for the same month last year), written
with different UTC offsets, over the whole range HQ and the station accept, and at its edges."""

year_ends = st.builds(
    lambda at, offset: at.replace(tzinfo=UTC).astimezone(offset).isoformat(timespec="seconds"),
    st.datetimes(min_value=datetime(2026, 12, 30, 12), max_value=datetime(2027, 1, 2, 12)),
    st.sampled_from(OFFSETS),
)
"""Times around a year's end, written with different offsets: a move into one crosses it."""

new_times = st.none() | moments | year_ends
"""The time an amendment gives its target: none (it stays, or follows a patrol's new start),
any accepted time, or one across a year's end."""

quantities = st.integers(1, 40) | st.integers(1, 80).map(lambda n: n / 2)
items = st.lists(
    st.builds(
        lambda mu, q: {"medicine": mu[0], "unit": mu[1], "quantity": q},
        st.sampled_from(MEDICINES),
        quantities,
    ),
    min_size=1,
    max_size=3,
)


def optional(**fields: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    """A dict holding any subset of `fields`."""
    return st.fixed_dictionaries({}, optional=fields)


def merged(
    required: st.SearchStrategy[dict[str, Any]], extra: st.SearchStrategy[dict[str, Any]]
) -> st.SearchStrategy[dict[str, Any]]:
    return st.builds(lambda a, b: {**a, **b}, required, extra)


@st.composite
def patrols(draw: st.DrawFn) -> dict[str, Any]:
    start = datetime.fromisoformat(draw(moments))
    end = start + timedelta(seconds=draw(st.integers(0, 30 * 3600)))
    if start.tzinfo is None and end.year > LAST.year:
        end = start  # a patrol starting at the last second ends there
    data: dict[str, Any] = {
        "started_at": start.isoformat(timespec="seconds"),
        "ended_at": end.isoformat(timespec="seconds"),
        "route": "界桩 101-105",
        "distance_km": draw(st.integers(0, 3000)) / 10,
    }
    if draw(st.booleans()):
        data["markers"] = draw(st.lists(st.sampled_from(["101", "102", "103"]), max_size=4))
    return data


household = st.sampled_from(HOUSEHOLDS)
DATA: dict[str, st.SearchStrategy[dict[str, Any]]] = {
    "patrol": patrols(),
    "water_delivery": st.fixed_dictionaries(
        {"household": household, "litres": st.integers(1, 3000)}
    ),
    "medicine_handout": merged(
        st.fixed_dictionaries({"recipient": st.just("巴特尔"), "items": items}),
        optional(household=household, people=st.integers(1, 6)),
    ),
    "medicine_stock": merged(
        st.fixed_dictionaries({"items": items}),
        optional(expires=st.dates(date(2026, 10, 20), date(2027, 2, 10)).map(str)),
    ),
    "herder_visit": merged(
        st.fixed_dictionaries(
            {"household": household, "purpose": st.sampled_from(["mediation", "welfare_check"])}
        ),
        optional(
            issues_raised=st.integers(0, 3),
            issues_resolved=st.integers(0, 3),
            follow_up=st.sampled_from(["下周再访", "联系嘎查"]),
        ),
    ),
    "assistance": merged(
        st.fixed_dictionaries(
            {
                "category": st.sampled_from(["parcel", "rescue", "errand"]),
                "description": st.just("帮忙"),
            }
        ),
        optional(household=household, people_helped=st.integers(0, 5)),
    ),
}


@st.composite
def records(draw: st.DrawFn) -> Draft:
    kind = draw(st.sampled_from(sorted(DATA)))
    occurred = None if kind == "patrol" else draw(moments)
    return Draft(kind, draw(DATA[kind]), occurred)


@pytest.fixture(scope="module")
def brigade(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Brigade]:
    """One HQ for every example (a fresh station each time): HQ keys are made once."""
    hq = Brigade(tmp_path_factory.mktemp("property"))
    yield hq
    hq.close()


station_ids = itertools.count(1)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    zone_name=st.sampled_from(ZONES),
    drafts=st.lists(records(), max_size=20),
    split=st.booleans(),
    data=st.data(),
)
def test_station_and_hq_summaries_agree_for_random_logs(
    brigade: Brigade, zone_name: str, drafts: list[Draft], split: bool, data: st.DataObject
) -> None:
    """Whatever was recorded, amended (moved to another month or year too) or voided, and
    however it travelled, both sides count every month alike once HQ holds the whole log."""
    # The laptop's clock at the end of the range: no accepted time lies in its future.
    clock = Clock("2200-12-31T12:00:00+00:00")
    book = brigade.station(
        f"random-{next(station_ids)}", clock, timezone=zone_name, households=HOUSEHOLDS
    )
    try:
        saved = book.add_many(drafts).entries if drafts else []
        if split:  # corrections reach HQ in a later packet, after a report counted the stock
            brigade.deliver(book)
            hq_summary(brigade.archive.db, "2026-11", book.config.station_id)
        voided: set[str] = set()
        for _ in range(data.draw(st.integers(0, 6)) if saved else 0):
            target = data.draw(st.sampled_from(saved))
            if target["id"] in voided:
                continue
            if data.draw(st.booleans()):
                book.void(target["id"], "作废")
                voided.add(target["id"])
            else:  # new data, a new time, or both: a patrol's new start moves it too
                moved = data.draw(new_times)
                kept = st.none() if moved else st.nothing()  # None: the data as it reads
                new = data.draw(DATA[target["kind"]] | kept)
                book.amend(target["id"], new, "更正", None, moved)
        brigade.deliver(book)
        station_id = book.config.station_id
        tz = zone(zone_name)
        months = {
            month_of(at, tz)
            for e in book.entries()
            for at in (e["occurred_at"], book.state.current_time(e))
        }
        around = {*MONTHS, *months, *(next_month(m) for m in months)}
        around |= {shift_month(m, 12) for m in around}  # each as the same month last year
        for month in sorted(m for m in around if MONTH.fullmatch(m)):  # not past the last month
            at_station = station_doc(book, month)
            at_hq = hq_summary(brigade.archive.db, month, station_id).to_json()
            assert figures(at_hq["stations"][0]) == figures(at_station["stations"][0]), month
            assert "year_to_date" in at_hq["stations"][0]  # the sections are compared too
            assert at_station["stations"][0]["coverage"]["fully_acknowledged"]
            assert at_hq["stations"][0]["coverage"]["missing"] == []
    finally:
        book.close()


def test_property_world_uses_the_real_archive(brigade: Brigade) -> None:
    """The property test's HQ is a real SQLite archive on disk with the agreed index."""
    indexes = {row[1] for row in brigade.archive.db.execute("PRAGMA index_list(entries)")}
    assert "entries_month" in indexes
    assert Path(brigade.archive.folder, "archive.sqlite").is_file()
