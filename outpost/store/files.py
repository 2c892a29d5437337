"""Crash-safe files: write a temporary file, fsync it, rename it over the old one, fsync the folder.

Every file written this way is, after any crash or a full disk, either the old version or the
new one. The steps are module functions so tests can fail each one in turn.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
from pathlib import Path
from typing import Any

from outpost.errors import StorageFailed
from outpost.i18n import t

TEMP_SUFFIX = ".tmp"


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":  # Windows cannot open a folder for fsync; NTFS journals renames.
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# The steps of a write, named so a test can make any one of them fail.
write_step = os.write
fsync_step = os.fsync
replace_step = os.replace
dir_fsync_step = _fsync_dir


def temp_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}{TEMP_SUFFIX}")


def atomic_write(path: Path, payload: bytes, mode: int = 0o644) -> None:
    """Replace `path` with `payload` so that a crash leaves the old or the new file, nothing else.

    Raises StorageFailed (the old file untouched) when the disk refuses.
    """
    tmp = temp_path(path)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
        try:
            view = memoryview(payload)
            while view:
                written = write_step(fd, view)
                view = view[written:]
            fsync_step(fd)
        finally:
            os.close(fd)
        replace_step(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise storage_failed(path, exc) from exc
    try:
        dir_fsync_step(path.parent)
    except OSError as exc:
        raise storage_failed(path, exc) from exc


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
            leftover.unlink()


def dump_json(obj: Any) -> bytes:
    """Compact UTF-8 JSON, Chinese kept readable."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def write_json(path: Path, obj: Any, mode: int = 0o644) -> None:
    """`atomic_write` of `obj` as JSON."""
    atomic_write(path, dump_json(obj), mode)


def read_json(path: Path) -> Any:
    """Parse a JSON file; OSError or ValueError when it cannot be read."""
    with path.open("rb") as fh:
        return json.loads(fh.read())


def failure_reason(exc: BaseException) -> str:
    """Why a file could not be read, in the few words a `store.unreadable` message carries."""
    if isinstance(exc, OSError):
        return exc.strerror or type(exc).__name__
    return str(exc) or type(exc).__name__
