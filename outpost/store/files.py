"""Crash-safe files that cannot be redirected: a fresh temporary file, fsync, rename, folder fsync.

Every file written this way is, after any crash or a full disk, either the old version or the
new one. The folder may be a courier's stick: the temporary file gets a random name and is
created exclusively without following a link, and both it and the rename are resolved against
the folder held open, so a link planted at the temporary name or at the final name never sends
the bytes anywhere else (a link at the final name is replaced, not followed). The steps are
module functions so tests can fail each one in turn.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import secrets
import stat
from pathlib import Path
from typing import Any

from outpost.errors import StorageFailed
from outpost.i18n import t
from outpost.store.atrest import open_for, seal_for

TEMP_SUFFIX = ".tmp"
FILE_MODE = 0o600
"""Every file outpost writes: a station's log and HQ's archive are nobody else's to read."""
DIR_MODE = 0o700

_POSIX = os.name == "posix"
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)


def _fsync_dir(folder_fd: int) -> None:
    if _POSIX:  # Windows cannot open a folder for fsync; NTFS journals renames.
        os.fsync(folder_fd)


def _rename_in(folder_fd: int, tmp_name: str, name: str) -> None:
    if _POSIX:
        # rename(2) replaces whatever is at `name`, a link included, and never follows it.
        os.rename(tmp_name, name, src_dir_fd=folder_fd, dst_dir_fd=folder_fd)
    else:  # pragma: no cover - Windows laptops: no dir_fd there, the names are whole paths
        os.replace(tmp_name, name)


# The steps of a write, named so a test can make any one of them fail.
write_step = os.write
fsync_step = os.fsync
replace_step = _rename_in
dir_fsync_step = _fsync_dir


def temp_name(name: str) -> str:
    """A temporary name next to `name` that nobody can guess ahead (a stick is a courier's)."""
    return f".{name}.{secrets.token_hex(8)}{TEMP_SUFFIX}"


def open_folder(folder: Path) -> int:
    """A descriptor of `folder` to resolve names against (the folder itself may be a link: a
    mount point of the stick often is; the names inside it are what a courier can plant)."""
    if not _POSIX:  # pragma: no cover - Windows laptops
        return -1
    return os.open(folder, os.O_RDONLY | _DIRECTORY | _CLOEXEC)


def atomic_write(path: Path, payload: bytes, mode: int = FILE_MODE) -> None:
    """Replace `path` with `payload` so that a crash leaves the old or the new file, nothing else.

    Raises StorageFailed (the old file untouched) when the disk refuses. Inside a station
    folder unlocked in this process, the bytes written are `payload` sealed (outpost.store.atrest).
    """
    folder, name = path.parent, path.name
    try:
        payload = seal_for(path, payload)
    except OSError as exc:  # a station locked again: refused, never written clear
        raise storage_failed(path, exc) from exc
    try:
        folder_fd = open_folder(folder)
    except OSError as exc:
        raise storage_failed(path, exc) from exc
    try:
        _write_in(folder_fd, folder, name, payload, mode)
    finally:
        if folder_fd >= 0:
            os.close(folder_fd)


def _write_in(folder_fd: int, folder: Path, name: str, payload: bytes, mode: int) -> None:
    tmp = temp_name(name)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC
    where = folder / name
    try:
        if _POSIX:
            fd = os.open(tmp, flags, mode, dir_fd=folder_fd)
        else:  # pragma: no cover - Windows laptops
            fd = os.open(folder / tmp, flags | getattr(os, "O_BINARY", 0), mode)
    except OSError as exc:
        raise storage_failed(where, exc) from exc
    try:
        try:
            if _POSIX:
                os.fchmod(fd, mode)  # exactly `mode`, whatever the umask made of it
            view = memoryview(payload)
            while view:
                written = write_step(fd, view)
                view = view[written:]
            fsync_step(fd)
        finally:
            os.close(fd)
        if _POSIX:
            replace_step(folder_fd, tmp, name)
        else:  # pragma: no cover - Windows laptops
            replace_step(folder_fd, str(folder / tmp), str(where))
    except OSError as exc:
        with contextlib.suppress(OSError):
            if _POSIX:
                os.unlink(tmp, dir_fd=folder_fd)
            else:  # pragma: no cover - Windows laptops
                os.unlink(folder / tmp)
        raise storage_failed(where, exc) from exc
    try:
        dir_fsync_step(folder_fd)
    except OSError as exc:
        raise storage_failed(where, exc) from exc


def storage_failed(path: Path, exc: OSError) -> StorageFailed:
    """The one-line error for a write the disk refused."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        reason = t("store.disk_full")
    else:
        reason = exc.strerror or type(exc).__name__
    return StorageFailed("store.write_failed", path=str(path), reason=reason)


def remove_stale_temps(folder: Path) -> None:
    """Delete temporary files a killed writer left behind (they were never renamed into place)."""
    if not folder.is_dir():
        return
    for leftover in folder.glob(f".*{TEMP_SUFFIX}"):
        with contextlib.suppress(OSError):
            leftover.unlink()  # unlink removes a link itself, never its target


def make_private_dir(folder: Path, *, parents: bool = False) -> None:
    """Make `folder` (0700) when it is missing, its missing parents with it when asked;
    OSError when that cannot be done."""
    if parents:
        folder.parent.mkdir(parents=True, exist_ok=True)
    try:
        folder.mkdir(DIR_MODE)
    except FileExistsError:
        if not folder.is_dir():
            raise


def tighten(folder: Path) -> None:
    """Make `folder` and its subfolders 0700 and the files in them 0600, where this account
    owns them (folders made by an older version were 0755 and their files 0644). Links are
    never followed, and nothing is said when it cannot be done (a read-only mount, another
    account's folder): the data is still there to read."""
    if not _POSIX:  # pragma: no cover - Windows laptops: ACLs, not modes
        return
    own = os.geteuid()
    with contextlib.suppress(OSError):
        st = os.stat(folder)
        if _wider(st, DIR_MODE, own):
            os.chmod(folder, stat.S_IMODE(st.st_mode) & DIR_MODE)
    _tighten_in(folder, own)


def _tighten_in(folder: Path, own: int) -> None:
    try:
        with os.scandir(folder) as found:
            entries = list(found)
    except OSError:
        return
    for entry in entries:
        with contextlib.suppress(OSError):
            st = entry.stat(follow_symlinks=False)
            if stat.S_ISDIR(st.st_mode):
                if _wider(st, DIR_MODE, own):
                    _narrow(Path(entry.path), DIR_MODE)
                _tighten_in(Path(entry.path), own)
            elif stat.S_ISREG(st.st_mode) and _wider(st, FILE_MODE, own):
                _narrow(Path(entry.path), FILE_MODE)


def _wider(st: os.stat_result, mode: int, own: int) -> bool:
    return st.st_uid == own and bool(stat.S_IMODE(st.st_mode) & ~mode)


def _narrow(path: Path, mode: int) -> None:
    # Through a descriptor opened without following a link: a link swapped in after the scan
    # is refused, not chmod-ed through.
    fd = os.open(path, os.O_RDONLY | _NOFOLLOW | os.O_NONBLOCK | _CLOEXEC)
    try:
        st = os.fstat(fd)
        if stat.S_ISREG(st.st_mode) or stat.S_ISDIR(st.st_mode):
            os.fchmod(fd, stat.S_IMODE(st.st_mode) & mode)
    finally:
        os.close(fd)


def dump_json(obj: Any) -> bytes:
    """Compact UTF-8 JSON, Chinese kept readable."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def write_json(path: Path, obj: Any, mode: int = FILE_MODE) -> None:
    """`atomic_write` of `obj` as JSON."""
    atomic_write(path, dump_json(obj), mode)


def read_json(path: Path) -> Any:
    """Parse a JSON file (opened when sealed); OSError or ValueError when it cannot be read."""
    return json.loads(read_bytes(path))


def read_bytes(path: Path) -> bytes:
    """A file's bytes as `atomic_write` was given them: opened when it is sealed (ValueError,
    `SealBroken`, when it does not open under its name); OSError when it cannot be read."""
    with path.open("rb") as fh:
        return open_for(path, fh.read())


def failure_reason(exc: BaseException) -> str:
    """Why a file could not be read, in the few words a `store.unreadable` message carries."""
    if isinstance(exc, OSError):
        return exc.strerror or type(exc).__name__
    return str(exc) or type(exc).__name__
