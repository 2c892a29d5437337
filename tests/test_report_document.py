"""A summary is a document to sign: the brigade's or station's name in the title, signature
lines, times as people write them, page numbers and whole rows in print, charts that tell
stations apart."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import run_cli

from outpost.brigade.summary import brigade_summary
from outpost.hq import HqArchive, import_packet
from outpost.i18n import set_language
from outpost.logbook import Logbook
from outpost.model import times
from outpost.model.schema import validate
from outpost.reports import Furniture, MonthFigures, MonthlySummary, StationMonth, render
from outpost.reports.html import chart_labels
from outpost.sync.station import export

TEXTS = ("text", "md", "html")


@pytest.fixture
def delivered(
    hq: HqArchive, linked_book: Logbook, monkeypatch: pytest.MonkeyPatch
) -> Iterator[HqArchive]:
    """HQ holding the station's November (one water delivery), its clock at 06:00 UTC on
    10 December: 14:00 in the brigade's zone."""
    linked_book.add("water_delivery", {"household": "hh-0007", "litres": 800}, "2026-11-03")
    for packet in export(linked_book).packets:
        import_packet(hq, packet.read_bytes())
    monkeypatch.setenv("OUTPOST_NOW", "2026-12-10T06:00:00+00:00")
    times._clock_shift.cache_clear()
    yield hq
    times._clock_shift.cache_clear()


def test_the_brigade_summary_is_titled_by_the_brigade(delivered: HqArchive) -> None:
    """`月度服务汇总 · 阿拉善左旗边境管理大队 · 2026年11月` heads every format; the total row
    stays."""
    set_language("zh")
    doc = brigade_summary(delivered, "2026-11").to_json()
    validate("summary", doc)
    for fmt in TEXTS:
        text = render(doc, fmt).decode()
        assert "月度服务汇总 · 阿拉善左旗边境管理大队 · 2026年11月" in text, fmt
        assert "大队合计" in text, fmt


def test_one_station_at_hq_is_titled_by_it_without_a_brigade_total(delivered: HqArchive) -> None:
    """`hq report --station X` is X's document: its name in the title, no 大队合计 row."""
    set_language("zh")
    doc = brigade_summary(delivered, "2026-11", "yingen-couple-post").to_json()
    validate("summary", doc)
    for fmt in (*TEXTS, "csv"):
        text = render(doc, fmt).decode("utf-8-sig")
        assert "大队合计" not in text, fmt
        if fmt != "csv":
            assert "月度服务汇总 · 银根戍边夫妻警务室 · 2026年11月" in text, fmt


def test_signature_lines_carry_the_names_given_or_kept(delivered: HqArchive) -> None:
    """制表人 / 审核人 / 负责人 print the names given; one not given is a line to sign on;
    names kept at HQ come back in the next summary; the date line is the day it was made."""
    set_language("zh")
    names = {"prepared_by": "张伟", "approved_by": "王建国", "checked_by": ""}
    doc = brigade_summary(delivered, "2026-11", None, names, keep_names=True).to_json()
    for fmt in TEXTS:
        text = render(doc, fmt).decode()
        assert "制表人" in text and "张伟" in text and "审核人" in text, fmt
        assert "负责人" in text and "王建国" in text, fmt
        assert "制表日期：2026年12月10日" in text, fmt
    assert "制表人：张伟　审核人：＿＿＿＿＿＿　负责人：王建国" in render(doc, "text").decode()
    again = brigade_summary(delivered, "2026-11", None, {"checked_by": "李娜"}).to_json()
    assert again["document"]["prepared_by"] == "张伟"
    assert again["document"]["checked_by"] == "李娜"


def test_times_print_as_people_write_them_in_the_documents_zone(delivered: HqArchive) -> None:
    """HQ's 06:00 UTC prints as 2026年12月10日 14:00 (zh), 10 Dec 2026 14:00 (en); no raw
    ISO stamp in text, Markdown or HTML."""
    doc = brigade_summary(delivered, "2026-11").to_json()
    for lang, when in (("zh", "2026年12月10日 14:00"), ("en", "10 Dec 2026 14:00")):
        set_language(lang)
        for fmt in TEXTS:
            text = render(doc, fmt).decode()
            assert when in text, (lang, fmt)
            assert not re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d", text), (lang, fmt)


def brigade_doc(names: list[str]) -> dict[str, Any]:
    rows = [
        StationMonth(
            f"st-{i}",
            name,
            "2026-11",
            MonthFigures(patrols=i + 1, km=10.0 * (i + 1)),
            MonthFigures(),
            {"side": "hq", "log_id": None, "may_be_incomplete": False},
        )
        for i, name in enumerate(names)
    ]
    furniture = Furniture("阿拉善左旗边境管理大队", "Asia/Shanghai")
    return MonthlySummary("hq", "2026-11", rows, "2026-12-10T06:00:00+00:00", furniture).to_json()


ALIKE = ["策克口岸边境派出所额济纳旗第一警务室", "策克口岸边境派出所额济纳旗第二警务室", "乌力吉"]


def test_chart_labels_tell_stations_apart() -> None:
    """Two names sharing their first 20 columns get labels that differ; a short name stays;
    names alike to the end fall back to the station id."""
    labels = chart_labels([(f"st-{i}", n) for i, n in enumerate(ALIKE)])
    assert len(set(labels)) == 3
    assert labels[2] == "乌力吉"
    assert "一" in labels[0] and "二" in labels[1]
    assert chart_labels([("a", "同名站"), ("b", "同名站")]) == ["a", "b"]


def test_html_charts_name_stations_in_full_and_note_their_scale() -> None:
    """Each label carries the full name as its tooltip, a legend lists the shortened ones, and
    every chart says how it is scaled."""
    set_language("zh")
    page = render(brigade_doc(ALIKE), "html").decode()
    for name in ALIKE[:2]:
        assert f"<title>{name}</title>" in page
        assert f"= {name}</li>" in page
    assert page.count("各站同一比例：最长的条为") == 4
    assert "每项单独缩放" in page


def test_html_prints_page_numbers_unbroken_headers_and_whole_rows() -> None:
    """@page numbers pages 第 x 页 共 y 页; headers never break inside a word; no row splits."""
    set_language("zh")
    page = render(brigade_doc(ALIKE), "html").decode()
    assert '@bottom-center { content: "第 " counter(page) " 页 共 " counter(pages) " 页"' in page
    th = re.search(r"\bth \{([^}]*)\}", page)
    assert th and "word-break: keep-all" in th.group(1)
    assert re.search(r"tr, td, th \{ break-inside: avoid;", page)
    set_language("en")
    assert (
        '"Page " counter(page) " of " counter(pages)' in render(brigade_doc(ALIKE), "html").decode()
    )


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(
    not (CHROMIUM and shutil.which("pdftotext")), reason="needs chromium, pdftotext"
)
def test_the_printed_page_numbers_every_page(tmp_path: Path) -> None:
    """Printed to A4 by headless Chromium, every page says 第 x 页 共 y 页."""
    set_language("zh")
    html = tmp_path / "summary.html"
    html.write_bytes(render(brigade_doc(ALIKE * 4), "html"))
    pdf = tmp_path / "summary.pdf"
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
    flags += ["--disable-background-networking", "--no-pdf-header-footer"]
    subprocess.run(
        [str(CHROMIUM), *flags, f"--print-to-pdf={pdf}", html.as_uri()],
        capture_output=True,
        timeout=60,
        check=True,
    )
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, timeout=30
    ).stdout
    found = re.findall(r"第\s*(\d+)\s*页\s*共\s*(\d+)\s*页", text)
    pages = int(found[0][1])
    assert [int(x) for x, _ in found] == list(range(1, pages + 1))
    assert "制表人" in text


def test_hq_report_help_names_the_hq_folder_variable() -> None:
    """`outpost hq report --help` says the default folder comes from $OUTPOST_HQ_HOME."""
    result = run_cli("hq", "report", "--help")
    assert result.returncode == 0
    assert "$OUTPOST_HQ_HOME" in result.stdout
    assert "$OUTPOST_HOME " not in result.stdout.replace("\n", " ")


def test_the_station_report_keeps_names_from_its_options(book: Logbook, station_dir: Path) -> None:
    """`outpost report --prepared-by 张伟 --keep-names` signs this summary and the next."""
    book.close()
    first = run_cli(
        "report", "--month", "2026-11", "--prepared-by", "张伟", "--keep-names",
        "--format", "json", data_dir=station_dir,
    )  # fmt: skip
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)["document"]["prepared_by"] == "张伟"
    second = run_cli("report", "--month", "2026-11", data_dir=station_dir, lang="zh")
    assert "制表人：张伟" in second.stdout
    assert "月度服务汇总 · 银根戍边夫妻警务室 · 2026年11月" in second.stdout
