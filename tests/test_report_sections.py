"""The sections offices ask for, on a hand-made month at two stations, in every format.

Station A served hh-0007 twice with water, left one of two visits' issues open, holds 碘伏 over
(received 10, handed out 3) and received 布洛芬 expiring 59 days after November's end and 感冒灵
expiring 61 days after it; it patrolled in November 2025 and carried water in March. Station B
handed out 4 碘伏 it never recorded receiving and recorded nothing a year before. The brigade
total (碘伏 +3) must not hide B's shortfall.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import Clock
from test_report_hq import Brigade, figures, station_doc

from outpost.hq.report_sql import hq_summary
from outpost.i18n import set_language
from outpost.logbook import Logbook
from outpost.model.schema import validate
from outpost.reports.render import render

A, B = "wuliji-post", "cekou-post"


@pytest.fixture
def world(tmp_path: Path) -> Iterator[tuple[Brigade, Logbook, Logbook]]:
    clock = Clock("2026-12-05T09:00:00+08:00")
    brigade = Brigade(tmp_path)
    a = brigade.station(A, clock, name="乌力吉警务室", households=())
    b = brigade.station(B, clock, name="策克警务室", households=())
    a.add("household", {"household_id": "hh-0007", "head": "巴特尔", "gacha": "巴彦"}, "2025-01-02")
    a.add("household", {"household_id": "hh-0008", "head": "其其格", "gacha": "乌兰"}, "2025-01-02")
    b.add("household", {"household_id": "hh-0100", "head": "孟和"}, "2025-01-02")
    patrol = {"route": "界桩 101-105", "distance_km": 12.5, "markers": ["101"]}
    a.add(
        "patrol",
        {
            **patrol,
            "started_at": "2025-11-10T08:00:00+08:00",
            "ended_at": "2025-11-10T10:00:00+08:00",
        },
        None,
    )
    a.add("water_delivery", {"household": "hh-0007", "litres": 400}, "2026-03-15T10:00:00+08:00")
    a.add(
        "medicine_stock",
        {"items": [{"medicine": "碘伏", "quantity": 10, "unit": "瓶"}]},
        "2026-10-02T09:00:00+08:00",
    )
    a.add(
        "medicine_stock",
        {"items": [{"medicine": "布洛芬", "quantity": 20, "unit": "片"}], "expires": "2027-01-28"},
        "2026-10-03T09:00:00+08:00",
    )
    a.add(
        "medicine_stock",
        {"items": [{"medicine": "感冒灵", "quantity": 5, "unit": "袋"}], "expires": "2027-01-30"},
        "2026-10-03T09:00:00+08:00",
    )
    for day, litres in (("03", 500), ("20", 800)):
        a.add(
            "water_delivery",
            {"household": "hh-0007", "litres": litres},
            f"2026-11-{day}T23:30:00+08:00",
        )
    a.add("water_delivery", {"household": "hh-0008", "litres": 300}, "2026-11-05T10:00:00+08:00")
    a.add(
        "herder_visit",
        {
            "household": "hh-0007",
            "purpose": "welfare_check",
            "issues_raised": 2,
            "issues_resolved": 1,
            "follow_up": "下周送药",
        },
        "2026-11-06T10:00:00+08:00",
    )
    a.add(
        "herder_visit",
        {"household": "hh-0008", "purpose": "mediation", "issues_raised": 1, "issues_resolved": 1},
        "2026-11-07T10:00:00+08:00",
    )
    a.add(
        "medicine_handout",
        {"recipient": "巴特尔", "items": [{"medicine": "碘伏", "quantity": 3, "unit": "瓶"}]},
        "2026-11-08T10:00:00+08:00",
    )
    b.add(
        "medicine_handout",
        {"recipient": "孟和", "items": [{"medicine": "碘伏", "quantity": 4, "unit": "瓶"}]},
        "2026-11-09T10:00:00+08:00",
    )
    brigade.deliver(a)
    brigade.deliver(b)
    yield brigade, a, b
    a.close()
    b.close()
    brigade.close()


def hq_doc(brigade: Brigade, month: str = "2026-11") -> dict[str, Any]:
    doc = hq_summary(brigade.archive.db, month).to_json()
    validate("summary", doc)
    return doc


def test_json_sections_at_the_station_and_at_hq(world: tuple[Brigade, Logbook, Logbook]) -> None:
    """Each section holds its edge, and the station counts it as HQ does."""
    brigade, a, b = world
    doc = hq_doc(brigade)
    rows = {row["station"]: row for row in doc["stations"]}
    for book in (a, b):
        own = station_doc(book, "2026-11")
        validate("summary", own)
        assert figures(own["stations"][0]) == figures(rows[book.config.station_id])
    row = rows[A]
    assert row["water_by_household"] == [
        {
            "station": A,
            "household": "hh-0007",
            "head": "巴特尔",
            "gacha": "巴彦",
            "deliveries": 2,
            "litres": 1300,
            "dates": ["2026-11-03", "2026-11-20"],
        },
        {
            "station": A,
            "household": "hh-0008",
            "head": "其其格",
            "gacha": "乌兰",
            "deliveries": 1,
            "litres": 300,
            "dates": ["2026-11-05"],
        },
    ]
    assert [(i["household"], i["unresolved"], i["follow_up"]) for i in row["open_issues"]] == [
        ("hh-0007", 1, "下周送药")
    ]
    assert [(e["medicine"], e["days"]) for e in row["expiring_medicine"]] == [("布洛芬", 59)]
    ytd = row["year_to_date"]
    assert (ytd["from"], ytd["through"]) == ("2026-01", "2026-11")
    assert ytd["water"] == {"deliveries": 4, "litres": 2000, "households": 2}
    assert row["same_month_last_year"]["recorded"] is True
    assert row["same_month_last_year"]["patrols"]["km"] == 12.5
    assert rows[B]["same_month_last_year"]["recorded"] is False
    # the brigade nets 碘伏 to +3, but its table keeps B's shortfall apart
    assert doc["total"]["medicine"]["stock"][-1]["balance"] == 3
    shortfalls = [
        (s["station"], s["balance"]) for s in doc["total"]["stock_by_station"] if s["short"]
    ]
    assert shortfalls == [(B, -4)]
    assert len(doc["total"]["water_by_household"]) == 2
    assert doc["total"]["same_month_last_year"]["recorded"] is True


def test_january_year_to_date_is_the_month(world: tuple[Brigade, Logbook, Logbook]) -> None:
    """In January the year to date is January itself, at the station and at HQ."""
    brigade, a, _b = world
    row = next(r for r in hq_doc(brigade, "2027-01")["stations"] if r["station"] == A)
    ytd = row["year_to_date"]
    assert (ytd["from"], ytd["through"]) == ("2027-01", "2027-01")
    assert {k: ytd[k] for k in ("patrols", "water", "visits")} == {
        k: row[k] for k in ("patrols", "water", "visits")
    }
    own = station_doc(a, "2027-01")["stations"][0]
    assert own["year_to_date"] == row["year_to_date"]
    # 布洛芬 expires in January 2027: listed with the days before (−3 = three days before the end)
    assert [(e["medicine"], e["days"]) for e in own["expiring_medicine"]] == [
        ("布洛芬", -3),
        ("感冒灵", -1),
    ]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_format_prints_the_sections(
    world: tuple[Brigade, Logbook, Logbook], lang: str
) -> None:
    """Text, Markdown, HTML and CSV show each section's edge; JSON is checked above."""
    brigade, _a, b = world
    set_language(lang)
    doc = hq_doc(brigade)
    water = "抗旱送水分户明细" if lang == "zh" else "Water by household"
    none = "无记录" if lang == "zh" else "none recorded"
    short = "短缺" if lang == "zh" else "Short"
    for fmt in ("text", "md", "html"):
        out = render(doc, fmt).decode("utf-8")
        assert water in out, fmt
        assert "巴彦" in out and "11-03" in out and "11-20" in out, fmt
        assert "下周送药" in out and "mediation" not in out.split(water)[1].split("\n")[0], fmt
        assert "布洛芬" in out and "2027-01-28" in out and "2027-01-30" not in out, fmt
        assert short in out and "2025-11" in out and none not in out, fmt
        assert none in render(station_doc(b, "2026-11"), fmt).decode("utf-8"), fmt
        assert "-4" in out or "−4" in out, fmt
    sheet = list(csv.reader(io.StringIO(render(doc, "csv").decode("utf-8-sig"))))
    header, by_id = sheet[0], {r[0]: r for r in sheet[1:]}
    ytd_litres = header.index(
        "本年累计：送水量（升）" if lang == "zh" else "Year to date: Water litres"
    )
    assert by_id[A][ytd_litres] == "2000"
    last_km = header.index(
        "同比：巡逻里程（公里）" if lang == "zh" else "Same month last year: Patrol km"
    )
    assert by_id[A][last_km] == "12.5" and by_id[B][last_km] == ""
    water_col = header.index(water if lang == "zh" else "Water by household (drought relief)")
    assert "hh-0007 巴特尔 巴彦 ×2 1300 L 2026-11-03 2026-11-20" in by_id[A][water_col]
    stock_col = water_col + 2
    assert f"{B} 碘伏 -4 瓶 {short}" in by_id[""][stock_col]
    assert "下周送药" in by_id[A][water_col + 1]
    assert "布洛芬" in by_id[A][water_col + 3] and "感冒灵" not in by_id[A][water_col + 3]
