"""An archive from before `refused_packets` (schema 3) is brought to schema 4 on opening, and
read as it stands when only looked at."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hq_tui_helpers import add_station, make_hq

from outpost.brigade import station_detail
from outpost.hq import HqArchive
from outpost.hq.schema import SCHEMA_VERSION


def old_archive(tmp_path: Path, clock: Any) -> Path:
    """An HQ holding one station's packet, its archive taken back to schema 3."""
    folder = tmp_path / "hq"
    make_hq(folder, clock)
    add_station(folder, tmp_path / "s", clock, entries=2).close()
    with HqArchive.open(folder, clock) as old:
        old.db.execute("DROP TABLE refused_packets")
        old.db.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
    return folder


def test_an_archive_at_schema_3_gains_refused_packets_on_opening(
    tmp_path: Path, clock: Any
) -> None:
    """Opened to write, the archive has an empty `refused_packets` and says schema 4."""
    folder = old_archive(tmp_path, clock)
    with HqArchive.open(folder, clock) as archive:
        assert archive.db.execute("SELECT COUNT(*) FROM refused_packets").fetchone() == (0,)
        version = archive.db.execute("SELECT value FROM meta WHERE key = 'schema_version'")
        assert version.fetchone() == (str(SCHEMA_VERSION),) == ("4",)
        assert station_detail(archive, "yingen-couple-post")["gaps"] == []


def test_an_archive_at_schema_3_looked_at_reads_no_refused_packets(
    tmp_path: Path, clock: Any
) -> None:
    """Opened read-only (never migrated), the detail still reads: no packet refused."""
    folder = old_archive(tmp_path, clock)
    with HqArchive.open(folder, clock, read_only=True) as archive:
        assert archive.refused_packets("yingen-couple-post", "x") == []
        assert station_detail(archive, "yingen-couple-post")["entries"] == 3
    with HqArchive.open(folder, clock, read_only=True) as archive:
        version = archive.db.execute("SELECT value FROM meta WHERE key = 'schema_version'")
        assert version.fetchone() == ("3",)
