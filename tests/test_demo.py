"""`outpost demo`: three months of a border station's work and one delivery round to HQ."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from conftest import TZ, run_cli

from outpost.demo import MARKER, PASSPHRASE, build_demo
from outpost.logbook import Logbook
from outpost.station.home import low_stock
from outpost.sync.status import sync_status

TODAY = datetime(2026, 11, 26, 18, 0, tzinfo=TZ)
KEY = PASSPHRASE.encode()


def test_demo_spans_three_months_with_every_sync_state(tmp_path: Path) -> None:
    """The demo's log covers three months of recorded_at, herders with Mongolian names, a
    drought's water, a medicine running low, and entries acknowledged, waiting and unexported."""
    made = build_demo(base=tmp_path / "demo", today=TODAY)
    with Logbook.open(made.station, passphrase=KEY) as book:
        entries = list(book.entries())
        heads = {d["head"] for d in book.state.registry().values()}
        status = sync_status(book)
        low = low_stock(book)
        kinds = dict(book.state.kinds)
        settings = dict(book.config.settings)
    months = {e["recorded_at"][:7] for e in entries}
    assert len(months) >= 3
    assert {"巴特尔", "其其格", "额尔敦", "乌云", "朝鲁", "斯琴"} <= heads
    assert kinds["water_delivery"] > kinds["patrol"] > 10
    assert kinds["amendment"] == 1 and kinds["void"] == 1
    assert any(r["medicine"] == "布洛芬缓释胶囊" for r in low)
    assert status["acknowledged_through"] > 0
    assert status["unacknowledged"] > 0 and status["unexported"] > 0
    assert settings["last_route"]
    assert (made.base / MARKER).exists() and list(made.usb.glob("*.oack"))


def test_demo_command_builds_it_once_and_keeps_what_a_visitor_recorded(tmp_path: Path) -> None:
    """`outpost demo --no-tui` builds the demo in OUTPOST_DEMO_HOME and says where; building
    again keeps what the visitor recorded, and `fresh` starts over."""
    result = run_cli("demo", "--no-tui")
    assert result.returncode == 0, result.stderr
    base = tmp_path / "demo"
    assert str(base / "station") in result.stdout
    assert (base / "hq" / "hq.json").exists()
    with Logbook.open(base / "station", passphrase=KEY) as book:
        book.add("household", {"household_id": "hh-0999", "head": "访客"})
        count = book.state.last_seq
    build_demo(base=base)
    with Logbook.open(base / "station", passphrase=KEY) as book:
        assert book.state.last_seq == count
    build_demo(base=base, fresh=True)
    with Logbook.open(base / "station", passphrase=KEY) as book:
        assert book.state.household("hh-0999") is None
