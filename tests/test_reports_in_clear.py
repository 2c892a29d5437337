"""A summary written out of a sealed station stays in clear (to be read and printed) and says
so: one line on the summary screen's export and on `outpost report` to a file, none on a clear
station."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import run_cli
from tui_helpers import make_station, open_app, unlock_with

from outpost.logbook import Logbook
from outpost.store import atrest

PASSPHRASE = "camel-well-saxaul-41"
IN_CLEAR_EN = "The report is not encrypted and names herders"
IN_CLEAR_ZH = "报表未加密，含牧户姓名；用完请删除或妥善保管"


def make_sealed_station(folder: Path, clock: Any) -> None:
    """A sealed station: 巴特尔's household and a water delivery in November, key forgotten."""
    book = Logbook.create(
        folder,
        station_id="yingen-couple-post",
        name="银根戍边夫妻警务室",
        officers=["张伟"],
        clock=clock,
        passphrase=PASSPHRASE.encode(),
    )
    book.add("household", {"household_id": "hh-0007", "head": "巴特尔"})
    book.add("water_delivery", {"household": "hh-0007", "litres": 800}, "2026-11-03")
    book.close()
    atrest.lock(folder)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_report_to_a_file_from_a_sealed_station_says_it_is_in_clear(
    station_dir: Path, clock: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """`outpost report --out` on a sealed station writes a readable file naming the herder,
    and a line on stderr says it is not encrypted; a redirect (stdout not a terminal) too."""
    make_sealed_station(station_dir, clock)
    monkeypatch.setenv("OUTPOST_PASSPHRASE", PASSPHRASE)
    out = tmp_path / "nov.html"
    args = ("report", "--month", "2026-11", "--out", str(out))
    result = run_cli(*args, data_dir=station_dir, lang=lang)
    assert result.returncode == 0, result.stderr
    assert "巴特尔" in out.read_text(encoding="utf-8")
    lines = result.stderr.splitlines()
    assert len(lines) == 2
    assert (IN_CLEAR_EN if lang == "en" else IN_CLEAR_ZH) in lines[1]
    piped = run_cli("report", "--month", "2026-11", "--format", "csv", data_dir=station_dir)
    assert piped.returncode == 0 and "巴特尔" in piped.stdout
    assert IN_CLEAR_EN in piped.stderr


def test_report_from_a_clear_station_says_nothing_more(
    station_dir: Path, clock: Any, tmp_path: Path
) -> None:
    """On a clear station (its whole folder is as readable) the report adds no such line."""
    make_station(station_dir, clock)
    out = tmp_path / "nov.md"
    result = run_cli("report", "--month", "2026-11", "--out", str(out), data_dir=station_dir)
    assert result.returncode == 0, result.stderr
    assert out.exists() and "not encrypted" not in result.stderr
    assert result.stderr.count("\n") == 1


async def export_on_screen(app: Any, pilot: Any) -> str:
    """Open the summary screen, press `e`, and return what the toasts said."""
    await pilot.press("u")
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.press("e")
    await app.workers.wait_for_complete()
    await pilot.pause()
    return "\n".join(str(n.message) for n in app._notifications)


async def test_the_summary_screen_export_on_a_sealed_station_says_it_is_in_clear(
    station_dir: Path, clock: Any
) -> None:
    """`e` on a sealed station's summary screen writes reports/ in clear (the herder's name
    readable), and the toast says where and that the files are not encrypted."""
    make_sealed_station(station_dir, clock)
    app = open_app(station_dir, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock_with(pilot, PASSPHRASE)
        said = await export_on_screen(app, pilot)
    app.book.close()
    assert "summary saved in" in said and IN_CLEAR_EN in said
    page = station_dir / "reports" / "summary-yingen-couple-post-2026-11.html"
    assert "巴特尔" in page.read_text(encoding="utf-8")


async def test_the_summary_screen_export_on_a_clear_station_says_nothing_more(
    station_dir: Path, clock: Any
) -> None:
    """The same export on a clear station says where the files are, and nothing of clear."""
    make_station(station_dir, clock)
    app = open_app(station_dir, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        said = await export_on_screen(app, pilot)
    app.book.close()
    assert "summary saved in" in said and "not encrypted" not in said
