"""An archive from before `packets.via` and `inbox_events` is brought up to date on opening."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hq_tui_helpers import add_station, make_hq

from outpost.brigade import station_rows
from outpost.hq import HqArchive
from outpost.hq.schema import SCHEMA_VERSION


def test_an_archive_from_before_via_learns_how_its_packets_came(tmp_path: Path, clock: Any) -> None:
    """Schema 2 (no `via`, no `inbox_events`): opened, each packet reads "net" when the server
    brought it (its source says so) and "stick" otherwise, and the version is the current one."""
    folder = tmp_path / "hq"
    make_hq(folder, clock)
    add_station(folder, tmp_path / "s", clock, entries=2).close()
    with HqArchive.open(folder, clock) as old:
        old.db.execute("ALTER TABLE packets DROP COLUMN via")
        old.db.execute("DROP TABLE inbox_events")
        old.db.execute("UPDATE packets SET source = 'net:yingen-couple-post'")
        old.db.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    with HqArchive.open(folder, clock) as archive:
        assert archive.db.execute("SELECT DISTINCT via FROM packets").fetchall() == [("net",)]
        version = archive.db.execute("SELECT value FROM meta WHERE key = 'schema_version'")
        assert version.fetchone() == (str(SCHEMA_VERSION),)
        [row] = station_rows(archive)
        assert row["last_packet_via"] == "net" and row["acks_undelivered"] == 0
