"""Corrections at HQ: keeping each corrected entry's current data, time, void and amendments.

An amendment or void names its target; the archive keeps the target's row current (the current
view of docs/data-model.md), so the summaries read it with a WHERE clause. A correction may
arrive before its target (a later packet first), so a packet filling a gap refreshes the
targets it brings too.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from typing import Any

from outpost.errors import InputRefused, InvalidEntry
from outpost.model import KINDS, canonical_bytes, month_of, validate_data

CORRECTIONS = ("amendment", "void")
"""The kinds that correct another entry, named by `data.target`."""


def apply_corrections(
    db: sqlite3.Connection, header: dict[str, Any], ids: list[str], targets: set[str], tz: Any
) -> None:
    """Keep `data`, the time, `voided` and `amendments` current for every entry a correction
    touches, given the ids of the entries the packet brings and the targets of its corrections.

    Corrections in the packet touch their targets; and when the packet fills a gap, entries
    it brings may be targets of corrections that arrived earlier in a later packet."""
    station = header["station"]
    newest_held = db.execute(
        "SELECT MAX(seq) FROM entries WHERE station = ? AND log_id = ?",
        (station, header["log_id"]),
    ).fetchone()[0]
    if newest_held is not None and newest_held > header["last_seq"]:
        for chunk in _chunks(ids, 500):
            marks = ",".join("?" * len(chunk))
            targets.update(
                row[0]
                for row in db.execute(
                    "SELECT DISTINCT target FROM entries"
                    f" WHERE station = ? AND target IS NOT NULL AND target IN ({marks})",
                    (station, *chunk),
                )
            )
    for target in targets:
        _refresh(db, station, target, tz)


def _refresh(db: sqlite3.Connection, station: str, target: str, tz: Any) -> None:
    """Recompute the current data of `target`. A correction the station's own rules refuse
    (of another correction, or new data its target's kind refuses) refuses the packet: the
    transaction rolls back and HQ never shows data no station could have recorded."""
    row = db.execute(
        "SELECT body FROM entries WHERE station = ? AND id = ?", (station, target)
    ).fetchone()
    if row is None:
        return  # the target is in a range still missing; its arrival refreshes it
    original = json.loads(row[0])
    kind, data, occurred = original["kind"], original["data"], original["occurred_at"]
    voided = 0
    amendments = 0
    corrections = db.execute(
        "SELECT log_id, seq, kind, body FROM entries WHERE station = ? AND target IS NOT NULL"
        " AND target = ?",
        (station, target),
    ).fetchall()
    corrections.sort()  # in log order; sorting here keeps the lookup on entries_target
    for _log, seq, correction, body in corrections:
        if KINDS[kind].correction:
            refusal = InvalidEntry(
                f"entry.{correction}_of_correction", field="target", target=target, kind=kind
            )
            raise InputRefused("packet.bad_entry", seq=seq, reason=refusal.message())
        if correction == "amendment":
            amendment = json.loads(body)["data"]
            data = amendment["data"]
            occurred = amendment.get("occurred_at") or occurred  # it moved in time
            try:
                validate_data(kind, data, tz, prefix="data")
            except InvalidEntry as exc:
                raise InputRefused("packet.bad_entry", seq=seq, reason=exc.message()) from None
            amendments += 1
        elif correction == "void":
            voided = 1
    db.execute(
        "UPDATE entries SET data = ?, voided = ?, amendments = ?, occurred_at = ?, month = ?"
        " WHERE station = ? AND id = ?",
        (
            canonical_bytes(data).decode("utf-8"),
            voided,
            amendments,
            occurred,
            month_of(occurred, tz),
            station,
            target,
        ),
    )


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for at in range(0, len(items), size):
        yield items[at : at + size]
