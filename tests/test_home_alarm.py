"""The home screen's alerts keep showing an ack that disagreed with the station's log."""

from __future__ import annotations

from typing import Any

import pytest

from outpost.errors import Conflict
from outpost.i18n import t
from outpost.logbook import Logbook
from outpost.model import entry_hash
from outpost.station.home import overview
from outpost.sync.ack import seal_ack
from outpost.sync.station_acks import apply_ack
from outpost.sync.status import sync_status


def test_disagreeing_ack_stays_in_the_home_alerts(linked_book: Logbook, hq: Any) -> None:
    """After a signed ack with another hash at seq 1, home names the ack and the entry."""
    raw = seal_ack(
        hq_id=hq.id,
        hq_key=hq.keys.signing,
        station=linked_book.config.station_id,
        log_id=linked_book.config.log_id,
        counter=1,
        created_at="2026-11-26T10:00:00+00:00",
        contiguous_through=1,
        hash_at="b" * 64,
        held_above=[],
    )
    assert entry_hash(next(linked_book.entries(1, 1))) != "b" * 64
    with pytest.raises(Conflict):
        apply_ack(linked_book, raw)
    alerts = overview(linked_book, sync_status(linked_book)).alerts
    shown = [t(a.key, **a.params) for a in alerts if a.key == "tui.alert.ack_alarm"]
    assert shown == [t("tui.alert.ack_alarm", counter=1, seq=1)]
    assert "entry 1" in shown[0]
