"""Sealing a station at rest: `outpost encrypt` of a clear station, `outpost passphrase`."""

from __future__ import annotations

from pathlib import Path

from outpost.errors import NotInitialised, UsageError
from outpost.logbook.config import CONFIG_NAME
from outpost.store.atrest import is_sealed
from outpost.store.lock import DirectoryLock, check_readable
from outpost.store.vault import change_passphrase, seal_folder


def _station_lock(folder: Path) -> DirectoryLock:
    """The station's lock, to take with `with` (refused when no station is set up here)."""
    check_readable(folder)
    if not (folder / CONFIG_NAME).exists():
        raise NotInitialised("store.not_initialised", path=str(folder))
    return DirectoryLock(folder)


def encrypt_station(folder: Path, passphrase: bytes) -> int:
    """Seal the clear station in `folder` (or finish sealing it after a kill); how many files
    were sealed now."""
    with _station_lock(folder):
        return seal_folder(folder, passphrase)


def change_station_passphrase(folder: Path, old: bytes, new: bytes) -> None:
    """Wrap the sealed station's data key under `new`: no log file is rewritten."""
    with _station_lock(folder):
        if not is_sealed(folder):
            raise UsageError("atrest.not_sealed", path=str(folder))
        change_passphrase(folder, old, new)
