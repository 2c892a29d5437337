"""One process at a time owns a data directory (a station's or HQ's): a lock on `DATA/.lock`.

A command that only reads (a look at the log, the status, a summary, HQ's station listing)
takes the lock shared, so that several looks go together and none runs beside a writer. A
folder the account may read but not write (a read-only mount, a copy handed over on a disc,
another account's folder opened to read) has a lock file this account cannot open or make; a
look there goes without the lock: whatever could write there is not this account.
"""

from __future__ import annotations

import contextlib
import errno
import os
import time
from pathlib import Path

from outpost.errors import DataDirLocked, InputRefused
from outpost.i18n import t

LOCK_NAME = ".lock"
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
_DENIED = (errno.EACCES, errno.EPERM, errno.EROFS)


def refuse_no_access(folder: Path, exc: OSError, *, write: bool) -> InputRefused:
    """The one line for a folder this account may not read (or write to): which folder, which
    access, and why (permission denied, a read-only file system)."""
    access = t("store.access_write" if write else "store.access_read")
    return InputRefused(
        "store.no_access", path=str(folder), access=access, reason=exc.strerror or "?"
    )


def check_readable(folder: Path) -> None:
    """Refuse (InputRefused, exit 3) a folder this account may not look into; a missing one is
    let be (its opener says there is nothing there)."""
    try:
        os.stat(folder)
        if os.path.isdir(folder):
            os.scandir(folder).close()
    except FileNotFoundError:
        return
    except OSError as exc:
        if exc.errno in _DENIED:
            raise refuse_no_access(folder, exc, write=False) from None
        raise


class DirectoryLock:
    """A non-blocking lock on a data directory, released on close or process exit: exclusive
    for a process that may write, `shared` for a look."""

    def __init__(self, folder: Path, *, shared: bool = False) -> None:
        self.folder = folder
        self.path = folder / LOCK_NAME
        self.shared = shared
        self._fd: int | None = None

    def acquire(self) -> DirectoryLock:
        try:
            fd = self._open()
        except OSError as exc:
            if self.shared and exc.errno in _DENIED:
                return self  # a look where nothing of this account's can write: no lock
            if exc.errno in _DENIED:
                raise refuse_no_access(self.folder, exc, write=not self.shared) from None
            raise
        try:
            _lock(fd, self.shared)
        except OSError:
            holder = ""
            with contextlib.suppress(OSError):
                holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
            os.close(fd)
            raise DataDirLocked("store.locked", path=str(self.folder), pid=holder or "?") from None
        if not self.shared:
            # The pid only helps the message of a second opener: on a full disk the station
            # must still open (to read its log, or to save once space is freed), so a refusal
            # is fine.
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
                os.pwrite(fd, str(os.getpid()).encode(), 0)
        self._fd = fd
        return self

    def _open(self) -> int:
        if self.shared:
            with contextlib.suppress(FileNotFoundError):
                return os.open(self.path, os.O_RDONLY | _NOFOLLOW)
        return os.open(self.path, os.O_RDWR | os.O_CREAT | _NOFOLLOW, 0o600)

    def release(self) -> None:
        if self._fd is not None:
            if not self.shared:
                with contextlib.suppress(OSError):
                    os.ftruncate(self._fd, 0)
            os.close(self._fd)  # closing drops the lock
            self._fd = None

    def __enter__(self) -> DirectoryLock:
        return self.acquire()

    def __exit__(self, *_: object) -> None:
        self.release()


WRITE_WAIT = 120.0
"""Seconds a writer waits for another's `WriteLock` before giving up (exit 5)."""


class WriteLock:
    """A short exclusive lock beside a data directory's own, for writers that share the folder
    (HQ's inbox server and `outpost hq import`): held for one packet or ack, waited for."""

    def __init__(self, path: Path, wait: float = WRITE_WAIT) -> None:
        self.path = path
        self.wait = wait
        self._fd: int | None = None

    def __enter__(self) -> WriteLock:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | _NOFOLLOW, 0o600)
        deadline = time.monotonic() + self.wait
        pause = 0.005
        while True:
            try:
                _lock(fd, False)
                break
            except OSError:
                if time.monotonic() > deadline:
                    os.close(fd)
                    raise DataDirLocked(
                        "store.locked", path=str(self.path.parent), pid="?"
                    ) from None
                time.sleep(pause)
                pause = min(pause * 2, 0.1)
        self._fd = fd
        return self

    def __exit__(self, *_: object) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


if os.name == "posix":
    import fcntl

    def _lock(fd: int, shared: bool) -> None:
        fcntl.flock(fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)

else:  # pragma: no cover - Windows laptops
    import msvcrt

    def _lock(fd: int, shared: bool) -> None:
        # msvcrt has no shared lock: a look takes it whole, as every opener did before.
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]  # Windows only
