"""The station's monthly summary: what each figure counts, and `outpost report` in every format."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import run_cli

from outpost.errors import UsageError
from outpost.i18n import set_language
from outpost.logbook import Logbook
from outpost.model import zone
from outpost.model.schema import validate
from outpost.reports import check_month, previous_month, render, station_summary
from outpost.reports.figures import item_keys


def summary(book: Logbook, month: str = "2026-11") -> dict[str, Any]:
    """The station's own row for `month`."""
    doc = station_summary(
        list(book.entries()),
        station=book.config.station_id,
        name=book.config.name,
        month=month,
        tz=book.tz,
        state=book.state,
        log_id=book.config.log_id,
    ).to_json()
    validate("summary", doc)
    row: dict[str, Any] = doc["stations"][0]
    return row


def patrol(
    start: str, end: str, km: float = 10.0, markers: list[str] | None = None
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "started_at": start,
        "ended_at": end,
        "route": "界桩 101",
        "distance_km": km,
    }
    if markers is not None:
        data["markers"] = markers
    return data


def test_voided_entries_are_left_out(book: Logbook) -> None:
    """A voided water delivery counts for nothing; the log still holds it."""
    kept = book.add("water_delivery", {"household": "hh-0007", "litres": 800}, "2026-11-02")
    gone = book.add("water_delivery", {"household": "hh-0007", "litres": 500}, "2026-11-03")
    book.void(gone.entries[0]["id"], "重复录入")
    assert kept.entries
    assert summary(book)["water"] == {"deliveries": 1, "litres": 800, "households": 1}


def test_amendments_replace_the_figures(book: Logbook) -> None:
    """An amended delivery counts with its latest data only."""
    saved = book.add("water_delivery", {"household": "hh-0007", "litres": 80}, "2026-11-02")
    target = saved.entries[0]["id"]
    book.amend(target, {"household": "hh-0007", "litres": 800}, "少写了一个零")
    book.amend(target, {"household": "hh-0007", "litres": 850}, "再核对")
    assert summary(book)["water"]["litres"] == 850


def test_patrol_over_midnight_and_month_end_counts_whole_in_its_start_month(book: Logbook) -> None:
    """A patrol from 31 October 21:00 to 1 November 02:30 is October's, with all 5.5 hours."""
    book.add("patrol", patrol("2026-10-31T21:00", "2026-11-01T02:30", km=23.4))
    october = summary(book, "2026-10")
    assert october["patrols"]["count"] == 1
    assert october["patrols"]["hours"] == 5.5
    assert october["patrols"]["km"] == 23.4
    assert summary(book)["patrols"]["count"] == 0


def test_months_are_counted_in_the_station_zone(book: Logbook) -> None:
    """31 October 17:30 UTC is 1 November 01:30 in Asia/Shanghai: a November delivery."""
    book.add("water_delivery", {"household": "hh-0007", "litres": 300}, "2026-10-31T17:30:00Z")
    assert summary(book)["water"]["deliveries"] == 1
    assert summary(book, "2026-10")["water"]["deliveries"] == 0


def test_markers_count_every_check_and_distinct_markers_separately(book: Logbook) -> None:
    """Marker 101 checked on two patrols is two checks of one distinct marker."""
    book.add("patrol", patrol("2026-11-02T08:00", "2026-11-02T12:00", markers=["101", "102"]))
    book.add("patrol", patrol("2026-11-09T08:00", "2026-11-09T12:00", markers=["101"]))
    patrols = summary(book)["patrols"]
    assert patrols["markers"] == 3
    assert patrols["markers_distinct"] == 2
    assert patrols["hours"] == 8


def test_households_are_distinct_per_service_and_overall(book: Logbook) -> None:
    """Two deliveries to one household are one household; households served joins every service."""
    book.add("household", {"household_id": "hh-0008", "head": "其其格"})
    book.add("water_delivery", {"household": "hh-0007", "litres": 300}, "2026-11-02")
    book.add("water_delivery", {"household": "hh-0007", "litres": 300}, "2026-11-09")
    book.add("herder_visit", {"household": "hh-0008", "purpose": "welfare_check"}, "2026-11-03")
    book.add("assistance", {"category": "parcel", "description": "代寄"}, "2026-11-04")
    row = summary(book)
    assert row["water"]["households"] == 1
    assert row["visits"]["households"] == 1
    assert row["households_served"] == 2


def test_medicine_people_default_to_one_and_units_stay_apart(book: Logbook) -> None:
    """A handout without `people` serves one person; tablets and boxes are never added up."""
    book.add(
        "medicine_handout",
        {"recipient": "巴特尔", "items": [{"medicine": "布洛芬", "quantity": 12, "unit": "片"}]},
        "2026-11-02",
    )
    book.add(
        "medicine_handout",
        {
            "recipient": "其其格",
            "people": 3,
            "items": [
                {"medicine": "布洛芬", "quantity": 1, "unit": "盒"},
                {"medicine": "藿香正气水", "quantity": 2.5, "unit": "支"},
            ],
        },
        "2026-11-03",
    )
    medicine = summary(book)["medicine"]
    assert medicine["handouts"] == 2
    assert medicine["people"] == 4
    assert medicine["items"] == {"布洛芬 (片)": 12, "布洛芬 (盒)": 1, "藿香正气水": 2.5}
    assert medicine["units"]["藿香正气水"] == "支"


def test_stock_at_month_end_counts_everything_up_to_it(book: Logbook) -> None:
    """Stock at the end of November: all received minus all handed out through November."""
    book.add(
        "medicine_stock",
        {"items": [{"medicine": "布洛芬", "quantity": 100, "unit": "片"}]},
        "2026-10-01",
    )
    book.add(
        "medicine_handout",
        {"recipient": "巴特尔", "items": [{"medicine": "布洛芬", "quantity": 30, "unit": "片"}]},
        "2026-10-20",
    )
    book.add(
        "medicine_handout",
        {"recipient": "巴特尔", "items": [{"medicine": "布洛芬", "quantity": 12, "unit": "片"}]},
        "2026-11-02",
    )
    row = summary(book)
    assert row["medicine"]["stock"] == [
        {"medicine": "布洛芬", "unit": "片", "key": "布洛芬", "balance": 58}
    ]
    assert row["previous"]["medicine"]["stock"][0]["balance"] == 70


def test_visits_sum_issues_and_assistance_counts_categories(book: Logbook) -> None:
    """Issues raised and resolved are sums; assistance is counted per category."""
    book.add(
        "herder_visit",
        {"household": "hh-0007", "purpose": "mediation", "issues_raised": 2, "issues_resolved": 1},
        "2026-11-02",
    )
    book.add(
        "herder_visit",
        {"household": "hh-0007", "purpose": "welfare_check", "issues_raised": 1},
        "2026-11-05",
    )
    for category in ("parcel", "parcel", "rescue"):
        book.add(
            "assistance",
            {"category": category, "description": "帮忙", "people_helped": 2},
            "2026-11-06",
        )
    row = summary(book)
    assert row["visits"] == {"count": 2, "households": 1, "issues_raised": 3, "issues_resolved": 1}
    assert row["assistance"] == {
        "count": 3,
        "by_category": {"parcel": 2, "rescue": 1},
        "people_helped": 6,
    }


def test_previous_month_carries_the_same_figures(book: Logbook) -> None:
    """`previous` holds October's figures inside November's summary."""
    book.add("water_delivery", {"household": "hh-0007", "litres": 300}, "2026-10-02")
    row = summary(book)
    assert row["previous"]["month"] == "2026-10"
    assert row["previous"]["water"]["litres"] == 300
    assert row["water"]["litres"] == 0


def test_quiet_month_is_a_valid_empty_summary(book: Logbook) -> None:
    """A month with nothing recorded is zeros, with no seq range to rest on."""
    row = summary(book, "2024-02")
    assert row["patrols"] == {
        "count": 0,
        "km": 0,
        "hours": 0,
        "seconds": 0,
        "markers": 0,
        "markers_distinct": 0,
    }
    assert row["coverage"]["first_seq"] is None
    assert row["coverage"]["fully_acknowledged"] is True


def test_coverage_names_the_entries_and_their_corrections(book: Logbook) -> None:
    """The seq range covers the month's entries and the later corrections of them."""
    first = book.add("water_delivery", {"household": "hh-0007", "litres": 300}, "2026-11-02")
    book.add("water_delivery", {"household": "hh-0007", "litres": 300}, "2026-10-02")
    book.void(first.entries[0]["id"], "错")
    coverage = summary(book)["coverage"]
    assert (coverage["first_seq"], coverage["last_seq"]) == (2, 4)
    assert coverage["entries"] == 2
    assert coverage["acknowledged_through"] == 0
    assert coverage["unacknowledged"] == 2


def test_month_must_look_like_a_month() -> None:
    """`2026-13`, `2026-1` and `November` are refused as usage errors (exit 2)."""
    for bad in ("2026-13", "2026-1", "November", "2026-11-01", "2026-11\n", "9999-12", "٢٠٢٦-11"):
        with pytest.raises(UsageError):
            check_month(bad)
    assert previous_month("2026-01") == "2025-12"


def test_medicine_names_get_their_unit_only_when_they_need_it() -> None:
    """A medicine given in one unit keeps its plain name; several units are told apart."""
    keys = item_keys([("布洛芬", "片"), ("布洛芬", "盒"), ("碘伏", "瓶")])
    assert keys == {
        ("布洛芬", "片"): "布洛芬 (片)",
        ("布洛芬", "盒"): "布洛芬 (盒)",
        ("碘伏", "瓶"): "碘伏",
    }


# -- formats -------------------------------------------------------------------------------


@pytest.fixture
def november(book: Logbook) -> dict[str, Any]:
    """A station summary document with a little of everything, names with markup in them."""
    book.add("household", {"household_id": "hh-0008", "head": "[bold]其其格|</td>"})
    book.add("patrol", patrol("2026-11-02T08:00", "2026-11-02T13:30", km=17.25, markers=["101"]))
    book.add("water_delivery", {"household": "hh-0007", "litres": 800}, "2026-11-03")
    book.add(
        "medicine_handout",
        {
            "recipient": "巴特尔",
            "items": [{"medicine": "<b>布洛芬|", "quantity": 12, "unit": "片"}],
        },
        "2026-11-04",
    )
    book.add("assistance", {"category": "rescue", "description": "陷车"}, "2026-11-05")
    return station_summary(
        list(book.entries()),
        station=book.config.station_id,
        name=book.config.name,
        month="2026-11",
        tz=zone("Asia/Shanghai"),
        state=book.state,
        log_id=book.config.log_id,
        generated_at="2026-11-26T09:00:00+08:00",
    ).to_json()


def test_csv_has_a_bom_and_a_chinese_header(november: dict[str, Any]) -> None:
    """CSV starts with a UTF-8 BOM and its header row is in the chosen language."""
    set_language("zh")
    raw = render(november, "csv")
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:4] == ["警务站编号", "警务站", "月份", "巡逻次数"]
    assert rows[1][0] == "yingen-couple-post"
    assert rows[1][rows[0].index("巡逻里程（公里）")] == "17.25"
    assert len(rows) == 2


def test_markdown_rounds_km_to_tenths_and_escapes_names(november: dict[str, Any]) -> None:
    """Markdown shows 17.3 km (JSON keeps 17.25); a `|` or HTML in a name shows as typed."""
    text = render(november, "md").decode("utf-8")
    assert "| Patrol km | 17.3 | 0.0 | +17.3 |" in text
    assert "| &lt;b&gt;布洛芬\\| | 12 | 片 |" in text
    assert "<b>" not in text
    assert november["stations"][0]["patrols"]["km"] == 17.25


def test_csv_cells_never_start_a_formula(book: Logbook) -> None:
    """A medicine named `=1+2` reaches the spreadsheet as text, not as a formula."""
    book.add(
        "medicine_handout",
        {"recipient": "巴特尔", "items": [{"medicine": "=1+2", "quantity": 1, "unit": "盒"}]},
        "2026-11-04",
    )
    doc = station_summary(
        list(book.entries()),
        station="yingen-couple-post",
        name="=HYPERLINK()",
        month="2026-11",
        tz=book.tz,
        state=book.state,
    ).to_json()
    row = list(csv.reader(io.StringIO(render(doc, "csv").decode("utf-8-sig"))))[1]
    assert row[1] == "'=HYPERLINK()"
    assert row[-2] == "'=1+2 1 盒"


def test_terminal_text_shows_control_characters_harmlessly(book: Logbook) -> None:
    """An escape sequence in a medicine name is shown as a symbol, never sent to the terminal."""
    book.add(
        "medicine_handout",
        {
            "recipient": "巴特尔",
            "items": [{"medicine": "碘伏\x1b[2J", "quantity": 1, "unit": "瓶"}],
        },
        "2026-11-04",
    )
    text = render(
        station_summary(
            list(book.entries()),
            station="yingen-couple-post",
            name="银根",
            month="2026-11",
            tz=book.tz,
            state=book.state,
        ).to_json(),
        "text",
    ).decode("utf-8")
    assert "\x1b" not in text
    assert "碘伏␛[2J" in text


def test_html_is_self_contained_and_escapes_names(november: dict[str, Any]) -> None:
    """The HTML page has its charts inline, fetches nothing, and shows markup as text."""
    page = render(november, "html").decode("utf-8")
    assert "<svg" in page
    assert "@page { size: A4" in page
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in page
    assert "<script" not in page
    assert "<b>布洛芬" not in page
    assert "&lt;b&gt;布洛芬|" in page


def test_text_lists_every_figure_with_the_change(november: dict[str, Any]) -> None:
    """The terminal table shows this month, the month before and the change for each figure."""
    text = render(november, "text").decode("utf-8")
    assert "Monthly service summary · 银根戍边夫妻警务室 · November 2026" in text
    line = next(line for line in text.splitlines() if line.startswith("Water litres"))
    assert line.split()[-3:] == ["800", "0", "+800"]


# -- the command line ----------------------------------------------------------------------


def test_report_command_json_is_valid(book: Logbook, station_dir: Path) -> None:
    """`outpost report --format json` prints a document valid against the summary schema."""
    book.add("water_delivery", {"household": "hh-0007", "litres": 800}, "2026-11-03")
    book.close()
    result = run_cli("report", "--month", "2026-11", "--format", "json", data_dir=station_dir)
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    validate("summary", doc)
    assert doc["stations"][0]["water"]["litres"] == 800


def test_report_command_refuses_a_bad_month(book: Logbook, station_dir: Path) -> None:
    """`--month 2026-13` is exit 2 with one line, in Chinese when asked."""
    book.close()
    result = run_cli("report", "--month", "2026-13", data_dir=station_dir, lang="zh")
    assert result.returncode == 2
    assert result.stderr.strip() == "outpost: --month：2026-13 不是形如 2026-11 的月份"


def test_report_command_writes_html_to_a_file(
    book: Logbook, station_dir: Path, tmp_path: Path
) -> None:
    """`--out summary.html` writes the HTML page and says where."""
    book.close()
    out = tmp_path / "summary.html"
    result = run_cli("report", "--month", "2026-11", "--out", str(out), data_dir=station_dir)
    assert result.returncode == 0, result.stderr
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert result.stdout == ""
    assert str(out) in result.stderr


def test_summary_months_match_the_model_months() -> None:
    """The summary's fast month reading agrees with `outpost.model.month_of` across zones."""
    from outpost.model import month_of
    from outpost.reports.summary import months_of

    times = ["2026-10-31T17:30:00Z", "2026-11-01T00:00:00+08:00", "2026-03-08T07:59:00Z"]
    for name in ("Asia/Shanghai", "America/Chicago", "UTC"):
        tz = zone(name)
        entries = [
            {"id": str(i), "kind": "water_delivery", "occurred_at": at}
            for i, at in enumerate(times)
        ]
        assert months_of(entries, tz) == {str(i): month_of(at, tz) for i, at in enumerate(times)}
