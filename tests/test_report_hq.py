"""HQ's monthly summary: SQL over a real archive filled by real packets, and `outpost hq report`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import Clock, run_cli

from outpost.hq import HqArchive, import_packet, make_ack
from outpost.hq.report_sql import hq_summary
from outpost.logbook import Logbook
from outpost.model.schema import validate
from outpost.reports import station_summary
from outpost.sync.identity import read_card
from outpost.sync.station import export, own_card_path, set_hq_card
from outpost.sync.station_acks import apply_ack
from outpost.sync.status import SyncBook

PASSPHRASE = b"correct horse battery staple"


class Brigade:
    """A real HQ archive on disk, and stations that send it real sealed packets."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.archive = HqArchive.create(
            folder / "hq", hq_id="alxa-brigade", name="阿拉善边境管理大队", passphrase=PASSPHRASE
        )

    def station(
        self,
        station_id: str,
        clock: Clock,
        *,
        name: str | None = None,
        timezone: str = "Asia/Shanghai",
        households: tuple[str, ...] = ("hh-0007",),
    ) -> Logbook:
        """A new station enrolled at this HQ, with `households` registered."""
        book = Logbook.create(
            self.folder / station_id,
            station_id=station_id,
            name=name or station_id,
            officers=["张伟"],
            timezone=timezone,
            clock=clock,
        )
        set_hq_card(book, self.archive.card)
        self.archive.enroll(read_card(own_card_path(book), "outpost-station"))
        for household in households:
            book.add("household", {"household_id": household, "head": "巴特尔"}, "2026-01-01")
        return book

    def deliver(self, book: Logbook, *, ack: bool = True) -> list[Path]:
        """Export the station's backlog, import every packet at HQ, and bring the ack back."""
        packets = export(book).packets
        for packet in packets:
            import_packet(self.archive, packet.read_bytes())
        if ack and packets:  # nothing new sent, nothing new to acknowledge
            raw, _name = make_ack(self.archive, book.config.station_id)
            apply_ack(book, raw)
        return packets

    def close(self) -> None:
        self.archive.close()


def figures(row: dict[str, Any]) -> dict[str, Any]:
    """A station row without its coverage (the only part that differs by side)."""
    return {k: v for k, v in row.items() if k != "coverage"}


def station_doc(book: Logbook, month: str) -> dict[str, Any]:
    return station_summary(
        list(book.entries()),
        station=book.config.station_id,
        name=book.config.name,
        month=month,
        tz=book.tz,
        state=book.state,
        log_id=book.config.log_id,
        acknowledged_through=SyncBook.of(book).acknowledged_through,
    ).to_json()


@pytest.fixture
def brigade(tmp_path: Path) -> Iterator[Brigade]:
    hq = Brigade(tmp_path / "world")
    yield hq
    hq.close()


def record_november(book: Logbook) -> None:
    """A month of work, with a correction of each sort and a patrol over the month end."""
    book.add(
        "patrol",
        {
            "started_at": "2026-10-31T21:00",
            "ended_at": "2026-11-01T02:30",
            "route": "界桩 101-105",
            "distance_km": 23.4,
            "markers": ["101", "102", "101"],
        },
    )
    water = book.add("water_delivery", {"household": "hh-0007", "litres": 800}, "2026-11-03")
    book.add("water_delivery", {"household": "hh-0007", "litres": 500}, "2026-11-10")
    wrong = book.add("herder_visit", {"household": "hh-0007", "purpose": "mediation"}, "2026-11-12")
    book.amend(water.entries[0]["id"], {"household": "hh-0007", "litres": 1000}, "读数错")
    book.void(wrong.entries[0]["id"], "记错了")
    book.add(
        "medicine_stock",
        {"items": [{"medicine": "布洛芬", "quantity": 100, "unit": "片"}]},
        "2026-10-02",
    )
    book.add(
        "medicine_handout",
        {
            "recipient": "巴特尔",
            "people": 2,
            "items": [{"medicine": "布洛芬", "quantity": 12, "unit": "片"}],
        },
        "2026-11-15",
    )
    book.add("assistance", {"category": "parcel", "description": "代寄包裹"}, "2026-11-20")


def test_hq_summary_equals_station_summary_after_real_packets(
    brigade: Brigade, clock: Clock
) -> None:
    """Once HQ has imported a station's packets, its SQL summary equals the station's own, month
    by month, figure by figure."""
    book = brigade.station("yingen-couple-post", clock)
    record_november(book)
    brigade.deliver(book)
    for month in ("2026-10", "2026-11", "2026-12"):
        at_hq = hq_summary(brigade.archive.db, month, "yingen-couple-post").to_json()
        at_station = station_doc(book, month)
        assert figures(at_hq["stations"][0]) == figures(at_station["stations"][0])
        assert figures(at_hq["total"]) == figures(at_station["total"])
        validate("summary", at_hq)
    november = hq_summary(brigade.archive.db, "2026-11").to_json()["stations"][0]
    assert november["water"] == {"deliveries": 2, "litres": 1500, "households": 1}
    assert november["visits"]["count"] == 0
    assert november["patrols"]["count"] == 0
    assert november["previous"]["patrols"]["hours"] == 5.5
    book.close()


def test_brigade_totals_add_up_the_stations(brigade: Brigade, clock: Clock) -> None:
    """The brigade total is the sum of the station rows; households are counted per station."""
    first = brigade.station("yingen-couple-post", clock)
    second = brigade.station("wulan-post", clock, name="乌兰警务室")
    for book in (first, second):
        book.add("water_delivery", {"household": "hh-0007", "litres": 300}, "2026-11-04")
        brigade.deliver(book)
    doc = hq_summary(brigade.archive.db, "2026-11").to_json()
    assert [row["station"] for row in doc["stations"]] == ["wulan-post", "yingen-couple-post"]
    assert doc["total"]["water"] == {"deliveries": 2, "litres": 600, "households": 2}
    assert doc["total"]["households_served"] == 2
    validate("summary", doc)
    first.close()
    second.close()


def test_gap_at_hq_says_the_month_may_be_incomplete(brigade: Brigade, clock: Clock) -> None:
    """When a packet is missing, HQ's coverage names the missing seq range and warns."""
    book = brigade.station("yingen-couple-post", clock)
    book.add("water_delivery", {"household": "hh-0007", "litres": 300}, "2026-11-04")
    lost = export(book).packets
    book.add("water_delivery", {"household": "hh-0007", "litres": 200}, "2026-11-05")
    later = export(book).packets
    for packet in later:
        import_packet(brigade.archive, packet.read_bytes())
    assert lost and later
    coverage = hq_summary(brigade.archive.db, "2026-11").to_json()["stations"][0]["coverage"]
    assert coverage["held_through"] == 0
    assert coverage["missing"] == [[1, 2]]
    assert coverage["may_be_incomplete"] is True
    assert "gaps" in coverage["reasons"]
    book.close()


def test_month_long_settled_is_complete_at_hq(brigade: Brigade, clock: Clock) -> None:
    """An entry recorded after the month end (a signed head), with no gap, marks the month
    complete; the month still running waits for a head signed after it ends."""
    book = brigade.station("yingen-couple-post", clock)
    book.add("water_delivery", {"household": "hh-0007", "litres": 300}, "2026-10-04")
    brigade.deliver(book)
    coverage = hq_summary(brigade.archive.db, "2026-10").to_json()["stations"][0]["coverage"]
    assert coverage["may_be_incomplete"] is False
    assert coverage["held_through"] == 2
    fresh = hq_summary(brigade.archive.db, "2026-11").to_json()["stations"][0]["coverage"]
    assert (fresh["status"], fresh["reasons"]) == ("waiting", ["waiting"])
    book.close()


def test_stock_follows_a_correction_that_arrives_later(brigade: Brigade, clock: Clock) -> None:
    """A report counts the stock; an amendment of an old receipt arriving later changes it."""
    book = brigade.station("yingen-couple-post", clock)
    receipt = book.add(
        "medicine_stock",
        {"items": [{"medicine": "碘伏", "quantity": 10, "unit": "瓶"}]},
        "2026-09-02",
    )
    brigade.deliver(book)
    stock = hq_summary(brigade.archive.db, "2026-11").to_json()["stations"][0]["medicine"]["stock"]
    assert stock[0]["balance"] == 10
    fixed = {"items": [{"medicine": "碘伏", "quantity": 12, "unit": "瓶"}]}
    book.amend(receipt.entries[0]["id"], fixed, "点错")
    brigade.deliver(book)
    stock = hq_summary(brigade.archive.db, "2026-11").to_json()["stations"][0]["medicine"]["stock"]
    assert stock[0]["balance"] == 12
    assert station_doc(book, "2026-11")["stations"][0]["medicine"]["stock"] == stock
    book.close()


def test_station_that_sent_nothing_has_an_empty_row(brigade: Brigade, clock: Clock) -> None:
    """An enrolled station with nothing received yet gets a row of zeros, flagged incomplete."""
    book = brigade.station("yingen-couple-post", clock)
    doc = hq_summary(brigade.archive.db, "2026-11").to_json()
    row = doc["stations"][0]
    assert row["patrols"]["count"] == 0
    assert row["coverage"]["reasons"] == ["nothing_received"]
    assert doc["total"]["coverage"]["may_be_incomplete"] is True
    validate("summary", doc)
    book.close()


def test_station_learns_what_hq_acknowledged(brigade: Brigade, clock: Clock) -> None:
    """After the ack comes back, the station's coverage says the month is fully acknowledged."""
    book = brigade.station("yingen-couple-post", clock)
    book.add("water_delivery", {"household": "hh-0007", "litres": 300}, "2026-11-04")
    before = station_doc(book, "2026-11")["stations"][0]["coverage"]
    assert before["fully_acknowledged"] is False
    brigade.deliver(book)
    after = station_doc(book, "2026-11")["stations"][0]["coverage"]
    assert after["acknowledged_through"] == 2
    assert after["fully_acknowledged"] is True
    book.close()


def test_month_queries_read_through_the_month_index(brigade: Brigade, clock: Clock) -> None:
    """Every query over the month's entries (and over the year to date) seeks the `entries_month`
    index, and the one over medicine receipts the `entries_receipts` index: none scans the
    whole archive, however many years it holds."""
    from outpost.hq.report_counts import period_queries
    from outpost.hq.report_sections import section_queries

    book = brigade.station("yingen-couple-post", clock)
    book.close()
    sections, params = section_queries("2026-11", None)
    queries = {
        **period_queries("", None, "month", "month = :m1"),
        **{k: v for k, v in sections.items() if k != "stock_ly"},
    }
    params |= {"only": None, "m1": "2026-11", "m2": "2026-10"}
    for name, sql in queries.items():
        plan = " / ".join(
            row[-1] for row in brigade.archive.db.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        )
        if name == "expiring":  # the partial index holds receipts only: its scan reads no other
            assert plan == "SCAN entries USING INDEX entries_receipts", plan
            continue
        assert "USING INDEX entries_month " in plan, (name, plan)
        assert "SCAN entries" not in plan and "SCAN e " not in plan, (name, plan)


# -- the command line ---------------------------------------------------------------------


@pytest.fixture
def hq_folder(brigade: Brigade, clock: Clock) -> Path:
    """An HQ data directory holding one station's November, closed so a command can open it."""
    book = brigade.station("yingen-couple-post", clock, name="银根戍边夫妻警务室")
    record_november(book)
    brigade.deliver(book)
    book.close()
    brigade.close()
    return brigade.folder / "hq"


def test_hq_report_json_matches_station_report_json(hq_folder: Path, brigade: Brigade) -> None:
    """`outpost hq report` and `outpost report` print the same figures for the same month."""
    at_hq = run_cli("hq", "report", "--month", "2026-11", "--format", "json", data_dir=hq_folder)
    station = run_cli(
        "report",
        "--month",
        "2026-11",
        "--format",
        "json",
        data_dir=brigade.folder / "yingen-couple-post",
    )
    assert at_hq.returncode == 0, at_hq.stderr
    assert station.returncode == 0, station.stderr
    hq_doc, station_doc_ = json.loads(at_hq.stdout), json.loads(station.stdout)
    validate("summary", hq_doc)
    assert figures(hq_doc["stations"][0]) == figures(station_doc_["stations"][0])


def test_hq_report_text_has_a_row_per_station_and_the_total(hq_folder: Path) -> None:
    """The terminal table at HQ shows each station's name and the brigade total."""
    result = run_cli("hq", "report", "--month", "2026-11", data_dir=hq_folder, lang="zh")
    assert result.returncode == 0, result.stderr
    assert "银根戍边夫妻警务室" in result.stdout
    assert "大队合计" in result.stdout
    assert "1500" in result.stdout


def test_hq_report_of_unknown_station_is_refused(hq_folder: Path) -> None:
    """An unknown --station is one line naming the stations HQ knows, exit 3."""
    result = run_cli("hq", "report", "--month", "2026-11", "--station", "nope", data_dir=hq_folder)
    assert result.returncode == 3
    assert result.stderr.strip().splitlines() == [
        "outpost: unknown station nope: HQ has enrolled yingen-couple-post"
    ]


def test_hq_report_bad_month_is_a_usage_error(hq_folder: Path) -> None:
    """A month that is not YYYY-MM is exit 2 with one line."""
    result = run_cli("hq", "report", "--month", "11/2026", data_dir=hq_folder)
    assert result.returncode == 2
    assert "11/2026" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_hq_report_in_a_station_folder_is_refused(brigade: Brigade, clock: Clock) -> None:
    """Pointing `hq report` at a station's folder says it is not an HQ directory, exit 3."""
    book = brigade.station("yingen-couple-post", clock)
    book.close()
    result = run_cli(
        "hq", "report", "--month", "2026-11", data_dir=brigade.folder / "yingen-couple-post"
    )
    assert result.returncode == 3
    assert "not an HQ data directory" in result.stderr
    assert "Traceback" not in result.stderr


def test_hq_report_in_an_empty_folder_is_a_usage_error(tmp_path: Path) -> None:
    """A folder with no HQ in it is exit 2, one line saying how to set HQ up."""
    result = run_cli("hq", "report", "--month", "2026-11", data_dir=tmp_path / "nothing")
    assert result.returncode == 2
    assert "hq init" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_hq_report_of_a_quiet_month_is_a_valid_empty_summary(hq_folder: Path) -> None:
    """A month with no entries is a summary of zeros, not an error."""
    result = run_cli("hq", "report", "--month", "2025-03", "--format", "json", data_dir=hq_folder)
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    validate("summary", doc)
    assert doc["total"]["patrols"]["count"] == 0
    assert doc["stations"][0]["medicine"]["stock"] == []


def test_hq_report_writes_a_file_in_the_format_of_its_suffix(
    hq_folder: Path, tmp_path: Path
) -> None:
    """`--out summary.csv` writes a CSV with a BOM and the header in the chosen language."""
    out = tmp_path / "summary.csv"
    result = run_cli(
        "hq", "report", "--month", "2026-11", "--out", str(out), data_dir=hq_folder, lang="zh"
    )
    assert result.returncode == 0, result.stderr
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    header = raw.decode("utf-8-sig").splitlines()[0]
    assert header.startswith("警务站编号,警务站,月份,巡逻次数")
    assert str(out) in result.stderr
