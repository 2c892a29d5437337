"""Sealing a station at rest: `outpost encrypt`, `outpost passphrase`, the screens' lock."""

from __future__ import annotations

from pathlib import Path

from outpost.errors import NotInitialised, UsageError
from outpost.logbook.config import CONFIG_NAME
from outpost.store.atrest import is_sealed, lock
from outpost.store.lock import DirectoryLock, check_readable
from outpost.store.vault import change_passphrase, open_vault, seal_folder


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


def station_is_sealed(folder: Path) -> bool:
    """True when the station in `folder` keeps its files sealed (it has an unlock file)."""
    return is_sealed(folder)


def unlock_station(folder: Path, passphrase: bytes) -> None:
    """Unlock the sealed station again in this process (the screens after an idle lock);
    InputRefused for a wrong passphrase, nothing touched."""
    open_vault(folder, passphrase)


def lock_station(folder: Path) -> None:
    """Forget the station's data key in this process: its files are refused until unlocked."""
    lock(folder)
