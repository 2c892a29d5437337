"""Sealing a station at rest: encrypt, passphrase, the screens' lock, recovery through HQ.

The sealing code (and so cryptography) is imported when it is needed, not with this module:
a clear station's screens open as fast as before.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from outpost.errors import InputRefused, NotInitialised, UsageError
from outpost.logbook import Logbook
from outpost.logbook.config import CONFIG_NAME
from outpost.store.atrest import is_sealed, key_for, lock
from outpost.store.files import atomic_write, failure_reason
from outpost.store.lock import DirectoryLock, check_readable
from outpost.store.reading import read_regular


def _station_lock(folder: Path) -> DirectoryLock:
    """The station's lock, to take with `with` (refused when no station is set up here)."""
    check_readable(folder)
    if not (folder / CONFIG_NAME).exists():
        raise NotInitialised("store.not_initialised", path=str(folder))
    return DirectoryLock(folder)


def encrypt_station(folder: Path, passphrase: bytes) -> int:
    """Seal the clear station in `folder` (or finish sealing it after a kill); how many files
    were sealed now."""
    from outpost.store.vault import seal_folder

    with _station_lock(folder):
        count = seal_folder(folder, passphrase)
    book = Logbook.open(folder)
    try:
        refresh_recovery(book)
    finally:
        book.close()
    return count


def change_station_passphrase(folder: Path, old: bytes, new: bytes) -> str | None:
    """Wrap the sealed station's data key under `new`: no log file is rewritten. Returns the
    line to show when only the key file's backup copy opened under `old` (both are rewritten)."""
    from outpost.store.vault import backup_note, change_passphrase

    with _station_lock(folder):
        if not is_sealed(folder):
            raise UsageError("atrest.not_sealed", path=str(folder))
        change_passphrase(folder, old, new)
    return backup_note(folder)


def key_file_note(book: Logbook) -> str | None:
    """The line to show when the station's key file did not serve and its backup copy did
    (once; None otherwise). A book open to write puts the backup back in its place."""
    if not is_sealed(book.folder):
        return None
    from outpost.store.vault import backup_note, restore_from_backup

    if not book.read_only:
        restore_from_backup(book.folder)
    return backup_note(book.folder)


def station_is_sealed(folder: Path) -> bool:
    """True when the station in `folder` keeps its files sealed (it has an unlock file)."""
    return is_sealed(folder)


def unlock_station(folder: Path, passphrase: bytes) -> None:
    """Unlock the sealed station again in this process (the screens after an idle lock);
    InputRefused for a wrong passphrase, nothing touched."""
    from outpost.store.vault import open_vault

    open_vault(folder, passphrase)


@contextmanager
def unlocking_aside() -> Iterator[None]:
    """Around an unlock in a screen's thread worker: Argon2id runs in a child process, so the
    screen keeps drawing (outpost.store.kdf_aside says why a thread is not enough)."""
    from outpost.store.kdf_aside import derivations_aside

    with derivations_aside():
        yield


def station_is_locked(folder: Path) -> bool:
    """True when the station in `folder` is sealed and its key is not in this process (before
    the unlock screen, or after the idle lock): nothing may read or write its files."""
    return is_sealed(folder) and key_for(folder) is None


def lock_station(folder: Path) -> None:
    """Forget the station's data key in this process: its files are refused until unlocked."""
    lock(folder)


def refresh_recovery(book: Logbook) -> None:
    """Keep the sealed station's data key sealed to the HQ card it holds (after init, a new HQ
    card, or `outpost encrypt`): HQ can then help when the passphrase is forgotten."""
    from outpost.sync.recovery import seal_to_hq
    from outpost.sync.status import SyncBook

    card = SyncBook.of(book).hq_card
    if card:
        seal_to_hq(book.folder, book.config.station_id, card)


def write_recovery_request(folder: Path, out: Path) -> None:
    """`outpost recovery-request`: the request file for HQ, written at `out` (a stick)."""
    from outpost.sync.recovery import recovery_request

    with _station_lock(folder):
        raw = recovery_request(folder)
    atomic_write(out, raw)


def recover_station(folder: Path, answer: Path, code: str, new: bytes) -> None:
    """`outpost recover`: HQ's answer and the code read out over the phone unlock the
    station, whose key is then wrapped under the `new` passphrase."""
    from outpost.sync.recovery import MAX_FILE_BYTES, recover

    try:
        raw = read_regular(answer, MAX_FILE_BYTES)
    except OSError as exc:
        raise InputRefused(
            "store.unreadable", path=str(answer), reason=failure_reason(exc)
        ) from None
    with _station_lock(folder):
        if not is_sealed(folder):
            raise UsageError("atrest.not_sealed", path=str(folder))
        recover(folder, raw, code, new, str(answer))
