"""Partial uploads in HQ's spool expire by age: at the server's start and now and then after."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from net_helpers import PASSPHRASE, STATION, send, serve, set_up

from outpost.hq.spool import MAX_AGE, Spool

DAY = 24 * 3600


def partial(spool: Spool, station: str, digest: str, age: float, reference: Path) -> Path:
    """A real partial file whose last write was `age` seconds before `reference`'s."""
    fd = spool.open_at(station, digest, 0)
    assert fd is not None
    os.write(fd, b"OUTPOST-PACKET/1 part")
    os.close(fd)
    path = spool.path(station, digest)
    moment = reference.stat().st_mtime - age
    os.utime(path, (moment, moment))
    return path


def test_partials_past_their_age_go_and_younger_or_busy_ones_stay(tmp_path: Path) -> None:
    """`expire` removes the partial files last written more than MAX_AGE ago (by their mtime),
    keeps a younger one and an old one being written, and touches nothing else."""
    spool = Spool(tmp_path)
    reference = tmp_path / "now"
    reference.write_text("now")  # the disk's clock, as the spool reads it
    old = partial(spool, "station-a", "a" * 64, MAX_AGE + DAY, reference)
    young = partial(spool, "station-a", "b" * 64, MAX_AGE - DAY, reference)
    writing = partial(spool, "station-b", "c" * 64, 30 * DAY, reference)
    other = spool.folder / "station-b" / "notes.txt"
    other.write_text("not a partial packet")
    os.utime(other, (0, 0))
    assert spool.expire({("station-b", "c" * 64)}) == 1
    assert not old.exists() and young.exists() and writing.exists() and other.exists()
    assert spool.expire(set()) == 1 and not writing.exists() and young.exists()


def test_a_spool_never_made_expires_nothing_and_stays_unmade(tmp_path: Path) -> None:
    """An HQ that never received over the network has no spool folder, and sweeping makes none."""
    spool = Spool(tmp_path)
    assert spool.expire(set()) == 0
    assert not spool.folder.exists()


def test_the_server_expires_old_partials_when_it_starts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`outpost hq serve` removes a station's week-old partial packet as it starts and keeps the
    one from yesterday (a station resumes it)."""
    monkeypatch.setenv("OUTPOST_HQ_PASSPHRASE", PASSPHRASE)
    hq, _station = set_up(tmp_path)
    spool = Spool(hq)
    reference = tmp_path / "now"
    reference.write_text("now")
    old = partial(spool, STATION, "d" * 64, MAX_AGE + 60, reference)
    young = partial(spool, STATION, "e" * 64, DAY, reference)
    served = serve(hq)
    try:
        assert not old.exists() and young.exists()
        assert send(served, "GET", "/v1/ack")[0] == 401  # serving (its stop signals set)
    finally:
        assert served.stop() == 0
    assert young.exists()
