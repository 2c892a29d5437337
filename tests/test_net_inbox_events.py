"""What `outpost hq serve` keeps for HQ's inbox screen: bounded, and cheap under a flood."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest
from hq_tui_helpers import make_hq
from net_helpers import PASSPHRASE, run_outpost_sync, send, serve, set_up, signed_headers

from outpost.hq import HqArchive
from outpost.hq.inbox_events import INBOX_EVENTS_KEPT, InboxEvent, recent_events, record_events
from outpost.sync import wire


def test_events_are_pruned_to_the_latest_kept(tmp_path: Path, clock: Any) -> None:
    """Past INBOX_EVENTS_KEPT rows the oldest go, in the same write."""
    make_hq(tmp_path / "hq", clock)
    with HqArchive.open(tmp_path / "hq", clock) as archive:
        events = [InboxEvent(f"s{i}", 401, "bad_signature") for i in range(INBOX_EVENTS_KEPT + 10)]
        record_events(archive.db, "2026-11-26T01:00:00+00:00", events)
        (rows,) = archive.db.execute("SELECT COUNT(*) FROM inbox_events").fetchone()
        assert rows == INBOX_EVENTS_KEPT
        assert recent_events(archive.db, 1)[0]["station"] == f"s{INBOX_EVENTS_KEPT + 9}"


def test_a_flood_of_forged_requests_is_counted_in_a_few_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """300 requests signed with another key are all refused and all counted, in a handful of
    rows; the station's own upload afterwards goes through and is recorded with its bytes."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    monkeypatch.setenv("OUTPOST_HQ_PASSPHRASE", PASSPHRASE)
    hq, station = set_up(tmp_path)
    served = serve(hq)
    try:
        path = wire.packet_path("b" * 64)
        other = Ed25519PrivateKey.generate()
        for _ in range(300):
            status, _ = send(
                served, "GET", path, headers=signed_headers(station, "GET", path, key=other)
            )
            assert status == 401
        done = run_outpost_sync("--url", served.url, "--data-dir", str(station))
        assert done.returncode == 0, done.stderr
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            db = sqlite3.connect(f"file:{hq / 'archive.sqlite'}?mode=ro", uri=True)
            try:
                rows = db.execute(
                    "SELECT code, count, bytes, skew FROM inbox_events ORDER BY id"
                ).fetchall()
            finally:
                db.close()
            if rows and rows[-1][0] == "ok":
                break
            time.sleep(0.1)
    finally:
        assert served.stop() == 0
    refused = [r for r in rows if r[0] == "bad_signature"]
    assert sum(r[1] for r in refused) == 300 and len(refused) <= 5
    assert rows[-1][0] == "ok" and rows[-1][2] > 0 and rows[-1][3] is not None
