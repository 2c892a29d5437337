"""One rounding rule: figures stay exact in JSON and CSV, and text, Markdown and HTML round km and
hours to 0.1 half up once, from the exact value (docs/summary-definitions.md)."""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal
from typing import Any

import pytest

from outpost.i18n import set_language
from outpost.logbook import Logbook
from outpost.reports import MonthFigures, MonthlySummary, StationMonth, render
from outpost.reports.numbers import change, show

KM_EDGES = [
    (10.2496, "10.2"),  # rounded to 10.25 first, it became 10.3
    (0.05, "0.1"),
    (0.04999, "0.0"),
    (0.15, "0.2"),  # 0.1499999… as a binary float
    (2.675, "2.7"),
    (17.25, "17.3"),
    (0.1 + 0.2, "0.3"),  # 0.30000000000000004
    (1234567.25, "1234567.3"),
    (1999.95, "2000.0"),
]
HOURS_EDGES = [(180, "0.1"), (179, "0.0"), (36180, "10.1"), (36179, "10.0"), (3600 * 999, "999.0")]


@pytest.mark.parametrize(("km", "shown"), KM_EDGES)
def test_km_round_half_up_from_the_exact_value(km: float, shown: str) -> None:
    """Every rounding edge prints as a person rounds it."""
    assert show(km, "patrols", "km") == shown


@pytest.mark.parametrize(("seconds", "shown"), HOURS_EDGES)
def test_hours_round_half_up_from_whole_seconds(seconds: int, shown: str) -> None:
    """Hours print from the seconds: 180 s is 0.05 h, so 0.1; 179 s is 0.0."""
    assert show(MonthFigures(seconds=seconds).hours, "patrols", "hours") == shown


def test_a_change_is_the_exact_difference_rounded_once() -> None:
    """10.2496 against 10.1996 is +0.05 exactly, so +0.1; quantities never show an exponent."""
    assert change(10.2496, 10.1996, "patrols", "km") == "+0.1"
    assert change(0.04, 0.0, "patrols", "km") == "0"
    assert change(0.0, 0.05, "patrols", "km") == "-0.1"
    assert show(1234567.5) == "1234567.5"
    assert change(1234567.5, 0) == "+1234567.5"


def brigade(kms: list[float], seconds: list[int]) -> dict[str, Any]:
    """An HQ document with one station per km value."""
    rows = [
        StationMonth(
            f"st-{i}",
            f"站{i}",
            "2026-11",
            MonthFigures(patrols=1, km=km, seconds=secs),
            MonthFigures(),
            {"side": "hq", "log_id": None, "may_be_incomplete": False},
        )
        for i, (km, secs) in enumerate(zip(kms, seconds, strict=True))
    ]
    return MonthlySummary("hq", "2026-11", rows, "2026-12-10T14:00:00+08:00").to_json()


def station_cells(text: str, fmt: str) -> dict[str, list[str]]:
    """Station name -> its cells in the per-station table of a text, Markdown or HTML page."""
    found: dict[str, list[str]] = {}
    if fmt == "html":
        for row in re.findall(r"<tr>(.*?)</tr>", text):
            cells = re.findall(r"<td[^>]*>(.*?)</td>", row)
            if cells and cells[0].startswith("站") and len(cells) > 4:
                found.setdefault(cells[0], cells[1:])
        return found
    for line in text.splitlines():
        cells = [c for c in re.split(r"\s*\|\s*|\s{2,}", line.strip()) if c]
        if cells and cells[0].startswith("站") and len(cells) > 4:
            found.setdefault(cells[0], cells[1:])
    return found


@pytest.mark.parametrize("fmt", ["text", "md", "html"])
def test_every_edge_prints_rounded_once_in_every_format(fmt: str) -> None:
    """Each station's km and hours in the table of text, Markdown and HTML are the exact values
    rounded once; the brigade total 10.2496 + 148.3 = 158.5496 prints 158.5, not 158.6."""
    set_language("en")
    kms = [km for km, _ in KM_EDGES]
    seconds = [s for s, _ in HOURS_EDGES] + [0] * (len(kms) - len(HOURS_EDGES))
    cells = station_cells(render(brigade(kms, seconds), fmt).decode(), fmt)
    for i, (_km, shown) in enumerate(KM_EDGES):
        assert cells[f"站{i}"][1] == shown, (fmt, i)
    for i, (_s, shown) in enumerate(HOURS_EDGES):
        assert cells[f"站{i}"][2] == shown, (fmt, i)
    total = render(brigade([10.2496, 148.3], [0, 0]), fmt).decode()
    assert "158.5" in total and "158.6" not in total


def test_json_and_csv_keep_the_exact_values() -> None:
    """JSON and CSV carry 10.2496 km (not 10.25), the total 158.5496, hours from whole seconds
    and the seconds themselves."""
    set_language("en")
    doc = brigade([10.2496, 148.3, 0.1 + 0.2], [36179, 180, 1])
    data = json.loads(render(doc, "json"))
    assert [s["patrols"]["km"] for s in data["stations"]] == [10.2496, 148.3, 0.3]
    assert data["total"]["patrols"]["km"] == 158.8496
    assert data["stations"][0]["patrols"]["seconds"] == 36179
    assert Decimal(repr(data["stations"][0]["patrols"]["hours"])) == Decimal("10.049722")
    rows = list(csv.DictReader(io.StringIO(render(doc, "csv").decode("utf-8-sig"))))
    assert [r["Patrol km"] for r in rows] == ["10.2496", "148.3", "0.3", "158.8496"]
    assert [r["Patrol seconds"] for r in rows] == ["36179", "180", "1", "36360"]
    assert rows[0]["Patrol hours"] == "10.049722"


def test_a_station_log_prints_its_km_rounded_once(book: Logbook) -> None:
    """A patrol of 10.2496 km at the station: JSON 10.2496, text and Markdown 10.2."""
    from outpost.model.times import zone
    from outpost.reports import station_summary

    book.add(
        "patrol",
        {
            "route": "界桩 101",
            "distance_km": 10.2496,
            "started_at": "2026-11-02T08:00:00+08:00",
            "ended_at": "2026-11-02T10:03:00+08:00",
            "mode": "vehicle",
        },
        "2026-11-02T08:00",
    )
    doc = station_summary(
        list(book.entries()),
        station="s",
        name="站",
        month="2026-11",
        tz=zone("Asia/Shanghai"),
        state=book.state,
    ).to_json()
    assert doc["stations"][0]["patrols"]["km"] == 10.2496
    set_language("en")
    assert "| Patrol km | 10.2 | 0.0 | +10.2 |" in render(doc, "md").decode()
    assert "| Patrol hours | 2.1 | 0.0 | +2.1 |" in render(doc, "md").decode()
