"""HQ's summaries screen at 80×24: a month picked with [ and ], exported in every format."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from conftest import HQ_PASSPHRASE
from hq_tui_helpers import add_station, make_hq
from tui_helpers import screen_text, type_into

from outpost.tui.hq import build_hq_app
from outpost.tui.hq.summaries import SummariesScreen


async def test_summary_of_a_picked_month_is_exported_in_every_format(
    tmp_path: Path, clock: Any
) -> None:
    """The screen opens on this month with the station's figures; ] and [ move the month; X
    writes txt, md, csv, html, json and xlsx of the month shown into the typed folder."""
    folder = tmp_path / "hq"
    make_hq(folder, clock)
    add_station(folder, tmp_path / "a", clock, name="[bold]银根[/bold]").close()
    app = build_hq_app(folder, HQ_PASSPHRASE, clock=clock)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("u")
            await pilot.pause()
            assert isinstance(app.screen, SummariesScreen)
            assert "2026-11" in screen_text(app) and "[bold]银根[/bold]" in screen_text(app)
            await pilot.press("right_square_bracket")
            await pilot.pause()
            assert "2026-12" in screen_text(app)
            await pilot.press("left_square_bracket")
            await pilot.press("x")
            await pilot.pause()
            await type_into(pilot, "#export-path", str(tmp_path / "out"))
            await pilot.press("enter")
            await pilot.pause()
            assert "6 files written" in screen_text(app)
    finally:
        assert app.archive is not None
        app.archive.close()
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == [
        f"brigade-summary-2026-11.{s}" for s in ("csv", "html", "json", "md", "txt", "xlsx")
    ]
    doc = json.loads((tmp_path / "out" / "brigade-summary-2026-11.json").read_text("utf-8"))
    assert doc["month"] == "2026-11"
