"""HQ knows a quiet station from one that is behind: every packet carries the station's signed
head, a quiet station sends its head alone, and the summaries say where the month is short
(issue 13, findings 2 and 3)."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from conftest import HQ_PASSPHRASE, Clock

from outpost.errors import Conflict, InputRefused
from outpost.hq import HqArchive, import_packet, make_ack
from outpost.hq.report_sql import hq_summary
from outpost.hq.schema import SCHEMA_VERSION
from outpost.i18n import set_language
from outpost.logbook import Logbook
from outpost.model.schema import validate
from outpost.reports.render import FORMATS, render
from outpost.sync.identity import create_station_key, read_card
from outpost.sync.packet import read_packet, seal_head
from outpost.sync.station import copy_packets, export, own_card_path, set_hq_card, station_key
from outpost.sync.station_acks import apply_ack

QUIET, GAPPED = "bayan-post", "wuliji-post"


def enrolled(hq: HqArchive, folder: Path, station_id: str, name: str, clock: Clock) -> Logbook:
    """A new station holding HQ's card, enrolled at `hq`, with one household (seq 1)."""
    book = Logbook.create(
        folder / station_id, station_id=station_id, name=name, officers=["张伟"], clock=clock
    )
    set_hq_card(book, hq.card)
    hq.enroll(read_card(own_card_path(book), "outpost-station"))
    book.add("household", {"household_id": "hh-0007", "head": "巴特尔"}, "2026-01-01")
    return book


def deliver(hq: HqArchive, packets: list[Path]) -> list[Any]:
    return [import_packet(hq, p.read_bytes()) for p in packets]


def water(book: Logbook, n: int, day: str = "2026-11-10") -> None:
    for _ in range(n):
        book.add("water_delivery", {"household": "hh-0007", "litres": 100}, day)


# -- the station's export ------------------------------------------------------------------------


def test_export_makes_a_head_only_packet_only_when_the_last_is_a_day_old(
    linked_book: Logbook, hq: HqArchive, clock: Clock, tmp_path: Path
) -> None:
    """Entry packets carry the head; with nothing due, export seals the head alone once the last
    packet is over a day old, never twice for the same quiet day, and no copy once acked."""
    water(linked_book, 2)
    sent = export(linked_book)
    header = read_packet(sent.packets[0].read_bytes()).header
    assert (header["head_seq"], header["head_hash"]) == (3, linked_book.state.last_hash)
    deliver(hq, sent.packets)
    apply_ack(linked_book, make_ack(hq, linked_book.config.station_id)[0])
    clock.advance(hours=23)
    assert export(linked_book).packets == []
    clock.advance(hours=2)
    quiet = export(linked_book)
    assert quiet.head is not None and quiet.packets == [quiet.head] and quiet.entries == 0
    head = read_packet(quiet.head.read_bytes()).header
    assert (head["type"], head["head_seq"], head["head_hash"]) == (
        "head",
        3,
        linked_book.state.last_hash,
    )
    assert export(linked_book).packets == []
    assert copy_packets(linked_book, tmp_path / "stick") == [tmp_path / "stick" / quiet.head.name]
    [result] = deliver(hq, [quiet.head])
    assert (result.status, result.last_seq) == ("head", 3)
    apply_ack(linked_book, make_ack(hq, linked_book.config.station_id)[0])
    assert copy_packets(linked_book, tmp_path / "stick2") == []


def test_an_empty_log_or_a_fresh_export_makes_no_head_packet(
    linked_book: Logbook, clock: Clock
) -> None:
    """A station whose last packet is recent sends nothing more; one never exported neither."""
    clock.advance(days=3)
    assert export(linked_book).packets  # the household, never sent: an entry packet
    clock.advance(hours=12)
    assert export(linked_book).head is None


# -- HQ's checks ---------------------------------------------------------------------------------


def test_hq_refuses_a_forged_head(
    linked_book: Logbook, hq: HqArchive, clock: Clock, tmp_path: Path
) -> None:
    """A head signed by another key is refused; one signed by the station's key that disagrees
    with the entry HQ holds at its seq is a fork, recorded, and kept nowhere."""
    water(linked_book, 2)
    deliver(hq, export(linked_book).packets)
    station = linked_book.config.station_id
    args: dict[str, Any] = {
        "log_id": linked_book.config.log_id,
        "hq_card": hq.card,
        "created_at": "2026-12-09T10:00:00+08:00",
    }
    (tmp_path / "stranger").mkdir()
    stranger = create_station_key(tmp_path / "stranger")
    forged = seal_head(station, (3, "ab" * 32), station_key=stranger, **args)
    with pytest.raises(InputRefused):
        import_packet(hq, forged)
    lying = seal_head(station, (3, "ab" * 32), station_key=station_key(linked_book), **args)
    with pytest.raises(Conflict):
        import_packet(hq, lying)
    assert hq.db.execute("SELECT kind, seq FROM incidents").fetchall() == [("fork", 3)]
    assert hq.db.execute("SELECT seq, signed_at FROM heads").fetchall() == [
        (3, "2026-11-26T09:00:00+08:00")
    ]


def test_an_archive_from_before_heads_is_migrated(hq: HqArchive, clock: Clock) -> None:
    """An archive at schema 1 (no `heads`) gets the table and the current version when opened."""
    folder = hq.folder
    hq.db.execute("DROP TABLE heads")
    hq.db.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    hq.close()
    again = HqArchive.open(folder, clock)
    try:
        version = again.db.execute("SELECT value FROM meta WHERE key = 'schema_version'")
        assert version.fetchone() == (str(SCHEMA_VERSION),)
        assert again.db.execute("SELECT COUNT(*) FROM heads").fetchone() == (0,)
    finally:
        again.close()
        hq.db = sqlite3.connect(":memory:")  # the fixture closes it once more


# -- the brigade summary -------------------------------------------------------------------------


@pytest.fixture
def brigade(hq: HqArchive, clock: Clock, tmp_path: Path) -> dict[str, Any]:
    """HQ with a quiet station (whole log sent in November, its head alone on 12-09) and one
    whose seqs 11-18 never arrived (a medicine receipt among them); both heads came on 12-09."""
    hq.unlock(HQ_PASSPHRASE)
    quiet = enrolled(hq, tmp_path, QUIET, "巴彦诺尔警务室", clock)
    gapped = enrolled(hq, tmp_path, GAPPED, "乌力吉警务室", clock)
    water(quiet, 3)
    deliver(hq, export(quiet).packets)
    water(gapped, 9)  # seqs 2-10
    deliver(hq, export(gapped).packets)
    gapped.add(
        "medicine_stock",
        {"items": [{"medicine": "碘伏", "quantity": 5, "unit": "瓶"}]},
        "2026-11-11",
    )
    water(gapped, 7)  # seqs 12-18
    lost = export(gapped).packets
    assert lost
    gapped.add(
        "medicine_handout",
        {"recipient": "巴特尔", "items": [{"medicine": "碘伏", "quantity": 1, "unit": "瓶"}]},
        "2026-11-20",
    )
    water(gapped, 6)  # seqs 20-25
    deliver(hq, export(gapped).packets)
    november = hq_summary(hq.db, "2026-11").to_json()
    clock.advance(days=13)  # 2026-12-09
    heads = [export(book).head for book in (quiet, gapped)]
    assert all(heads)
    deliver(hq, [h for h in heads if h is not None])
    yield {"before_heads": november, "doc": hq_summary(hq.db, "2026-11").to_json()}
    quiet.close()
    gapped.close()


def by_station(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {row["station"]: row for row in doc["stations"]}


def test_coverage_is_complete_for_the_quiet_station_and_missing_for_the_gap(
    brigade: dict[str, Any],
) -> None:
    """The quiet station's head after the month's end makes its month complete; the other's
    head tells HQ it lacks 11-18; before the heads came the quiet one was waiting."""
    doc = brigade["doc"]
    validate("summary", doc)
    quiet, gapped = by_station(doc)[QUIET]["coverage"], by_station(doc)[GAPPED]["coverage"]
    assert (quiet["status"], quiet["missing_count"], quiet["head_seq"]) == ("complete", 0, 4)
    assert quiet["head_signed_at"] == "2026-12-09T09:00:00+08:00"
    assert (gapped["status"], gapped["missing"], gapped["missing_count"]) == (
        "missing",
        [[11, 18]],
        8,
    )
    assert gapped["previous"]["status"] == "missing"
    assert quiet["previous"] | {"month_end": ""} == {
        "month": "2026-10",
        "status": "complete",
        "missing": [],
        "missing_count": 0,
        "head_signed_at": "2026-12-09T09:00:00+08:00",
        "month_end": "",
    }
    assert doc["total"]["coverage"] | {"previous": None} == {
        "stations": 2,
        "may_be_incomplete": True,
        "status": "missing",
        "missing_count": 8,
        "previous": None,
    }
    before = by_station(brigade["before_heads"])
    assert before[QUIET]["coverage"]["status"] == "waiting"


@pytest.mark.parametrize(
    ("lang", "banner", "mark", "short"),
    [
        (
            "zh",
            "本月数据不完整：乌力吉警务室 缺 8 条记录，请重新发送第 11–18 条。",
            "乌力吉警务室（缺 8 条）",
            "（可能偏少：有记录缺失）",
        ),
        (
            "en",
            "This month is not complete: 乌力吉警务室 is missing 8 entries,"
            " please re-send seq 11–18.",
            "乌力吉警务室 (8 missing)",
            " (may be short: entries missing)",
        ),
    ],
)
def test_every_format_names_the_station_short_and_marks_its_row(
    brigade: dict[str, Any], lang: str, banner: str, mark: str, short: str
) -> None:
    """The banner names the station with the gap, its count and the seqs to re-send, and no
    other; its row carries the mark; the brigade's stock says it may be short; the CSV has the
    coverage columns; the quiet station is marked nowhere."""
    set_language(lang)
    doc = brigade["doc"]
    for fmt in FORMATS:
        if fmt == "xlsx":
            check_workbook(render(doc, fmt), lang, banner, short)
            continue
        text = render(doc, fmt).decode("utf-8-sig")
        if fmt == "json":
            assert json.loads(text) == doc
            continue
        if fmt == "csv":
            rows = list(csv.DictReader(io.StringIO(text)))
            status = "数据完整性" if lang == "zh" else "coverage"
            count = "缺失条数" if lang == "zh" else "entries missing"
            seqs = "缺失序号" if lang == "zh" else "seqs missing"
            got = {r[next(iter(r))]: (r[status], r[count], r[seqs]) for r in rows}
            done = "完整" if lang == "zh" else "complete"
            gone = "缺失" if lang == "zh" else "missing"
            assert got[QUIET] == (done, "0", "")
            assert got[GAPPED] == (gone, "8", "11-18")
            assert short in rows[-1][list(rows[-1])[-1]]
            continue
        assert banner in text, fmt
        assert mark in text, fmt
        assert "巴彦诺尔警务室（" not in text and "巴彦诺尔警务室 (" not in text, fmt
        assert short in text, fmt
    html = render(doc, "html").decode()
    assert "⚠ 乌力吉警务室" in html and "⚠ 巴彦诺尔警务室" not in html


def check_workbook(raw: bytes, lang: str, banner: str, short: str) -> None:
    """The workbook's banner, its per-station coverage columns and its stock note."""
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(raw))
    cells = [str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value]
    assert any(banner in c for c in cells)
    assert short.strip(" （）()") in cells
    rows = {r[0]: r[-3:] for r in wb.worksheets[1].iter_rows(min_row=3, values_only=True)}
    done, gone = ("完整", "缺失") if lang == "zh" else ("complete", "missing")
    assert (rows[QUIET], rows[GAPPED]) == ((done, 0, None), (gone, 8, "11-18"))


def test_a_quiet_station_with_a_recent_head_gets_no_banner(
    hq: HqArchive, clock: Clock, tmp_path: Path
) -> None:
    """A brigade whose only station is quiet, its head signed after the month, has no banner
    and no mark."""
    hq.unlock(HQ_PASSPHRASE)
    book = enrolled(hq, tmp_path, QUIET, "巴彦诺尔警务室", clock)
    water(book, 2)
    deliver(hq, export(book).packets)
    clock.advance(days=13)
    head = export(book).head
    assert head is not None
    deliver(hq, [head])
    doc = hq_summary(hq.db, "2026-11").to_json()
    set_language("zh")
    text = render(doc, "text").decode()
    assert "不完整" not in text and "待确认" not in text
    book.close()


def test_a_head_of_a_log_hq_holds_nothing_of_is_acked_and_the_log_sent_again(
    linked_book: Logbook, hq: HqArchive, clock: Clock
) -> None:
    """When only the head arrives (every entry packet lost), HQ acks it as holding nothing, its
    month is missing the whole log, and the station's next export seals the log again."""
    water(linked_book, 2)
    lost = export(linked_book).packets
    clock.advance(days=2)
    head = export(linked_book).head
    assert lost and head is not None
    deliver(hq, [head])
    coverage = hq_summary(hq.db, "2026-11").to_json()["stations"][0]["coverage"]
    assert (coverage["status"], coverage["missing"]) == ("missing", [[1, 3]])
    apply_ack(linked_book, make_ack(hq, linked_book.config.station_id)[0])
    again = export(linked_book)
    assert again.entries == 3 and again.head is None
