"""For the demo data, once HQ holds the whole log, station and HQ agree figure by figure in every
format (JSON, CSV, Markdown, text, HTML), through the real command line."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime

import pytest
from conftest import run_cli

from outpost.demo import TZ, DemoPlaces, build_demo

MONTHS = ("2026-08", "2026-09", "2026-10", "2026-11")
STATION = "yingen-couple-post"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoPlaces:
    """The demo, with everything the station recorded delivered to HQ and acknowledged."""
    base = tmp_path_factory.mktemp("report-demo") / "demo"
    where = build_demo(base=base, today=datetime(2026, 11, 26, 10, 0, tzinfo=TZ))
    passphrase = str(where.base / "hq-passphrase.txt")
    acks = str(where.base / "acks")
    incoming = [str(where.usb), str(where.station / "outbox")]
    unlock = ["--passphrase-file", str(where.base / "station-passphrase.txt")]  # sealed
    steps = [
        (["export", *unlock], where.station),
        (
            ["hq", "import", *incoming, "--acks-out", acks, "--passphrase-file", passphrase],
            where.hq,
        ),
        (["ack", acks, *unlock], where.station),
    ]
    for args, folder in steps:
        result = run_cli(*args, data_dir=folder)
        assert result.returncode == 0, (args, result.stderr)
    return where


def report(where: DemoPlaces, side: str, month: str, fmt: str, lang: str = "en") -> str:
    args = ["report", "--month", month, "--format", fmt]
    if side == "hq":
        args = ["hq", *args, "--station", STATION]
    if side == "station":
        args += ["--passphrase-file", str(where.base / "station-passphrase.txt")]  # sealed
    result = run_cli(*args, data_dir=where.hq if side == "hq" else where.station, lang=lang)
    assert result.returncode == 0, result.stderr
    return result.stdout


def month_table(text: str, month: str) -> list[str]:
    """The lines of the figures table (this month, the month before, the change)."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.lstrip("| ").startswith("Figure"))
    end = lines.index("", start)
    return lines[start:end]


def test_demo_station_and_hq_agree_in_every_format(demo: DemoPlaces) -> None:
    """Every demo month has the same JSON figures; a month's CSV row and tables are the same."""
    for month in MONTHS:
        station_doc = json.loads(report(demo, "station", month, "json"))
        hq_doc = json.loads(report(demo, "hq", month, "json"))
        mine, theirs = station_doc["stations"][0], hq_doc["stations"][0]
        assert mine.pop("coverage")["fully_acknowledged"] is True
        assert theirs.pop("coverage")["missing"] == []
        assert mine == theirs, month
        assert station_doc["total"]["water"] == hq_doc["total"]["water"]
    for month in ("2026-10",):  # the other formats render those same figures: one month will do
        station_csv = list(csv.reader(io.StringIO(report(demo, "station", month, "csv", "zh"))))
        hq_csv = list(csv.reader(io.StringIO(report(demo, "hq", month, "csv", "zh"))))
        assert station_csv[0] == hq_csv[0]
        assert station_csv[1] == hq_csv[1], month

        for fmt in ("text", "md"):
            assert month_table(report(demo, "station", month, fmt), month) == month_table(
                report(demo, "hq", month, fmt), month
            )
    november = json.loads(report(demo, "station", "2026-11", "json"))["stations"][0]
    assert november["patrols"]["count"] > 0 and november["water"]["litres"] > 0


def test_demo_html_at_hq_carries_the_station_figures(demo: DemoPlaces) -> None:
    """HQ's HTML page for a demo month holds the station's name, its litres and the charts."""
    page = report(demo, "hq", "2026-10", "html", "zh")
    doc = json.loads(report(demo, "station", "2026-10", "json"))
    assert "银根戍边夫妻警务室" in page
    assert f">{doc['stations'][0]['water']['litres']}<" in page
    assert page.count("<svg") >= 5
