"""What `outpost status` reports about a station: card, log head, households, stock, delivery."""

from __future__ import annotations

from typing import Any

from outpost.logbook import Logbook
from outpost.station.setup import station_card_if_made
from outpost.sync.status import sync_status


def station_status(book: Logbook) -> dict[str, Any]:
    """The station, its log's head, households and stock, and the sync fields, as plain data
    (JSON-ready)."""
    state = book.state
    last = None
    if state.last_seq:
        newest = max(state.months, key=lambda m: state.months[m][1])
        tail = [e for e in book.month_entries(newest) if e["seq"] == state.last_seq]
        last = tail[0] if tail else None
    card = station_card_if_made(book)
    return {
        **sync_status(book),
        "card_path": str(card.path) if card else None,
        "card_fingerprint": card.fingerprint if card else None,
        "station": book.config.station_id,
        "name": book.config.name,
        "officers": book.config.officers,
        "timezone": book.config.timezone,
        "log_id": book.config.log_id,
        "data_dir": str(book.folder),
        "entries": state.last_seq,
        "last_seq": state.last_seq,
        "last_hash": state.last_hash,
        "last_recorded_at": last["recorded_at"] if last else None,
        "kinds": dict(sorted(state.kinds.items())),
        "households": len(state.households),
        "stock": state.stock_levels(),
        "deficits": [row for row in state.stock_levels() if row["balance"] < 0],
    }
