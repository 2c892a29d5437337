"""Reading files a courier may have planted: regular files only, never waited on, never a link.

A FIFO opened for reading blocks until someone writes to it, a device may never end, and a link
may point anywhere on the laptop; all of them can sit on a stick under a packet's or an ack's
name. Each is refused with an OSError whose reason says what it is, so that the caller's usual
"cannot read …" line names it and the next file is read.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from outpost.i18n import t

_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


class NotRegularFile(OSError):
    """A name that is a FIFO, a device, a socket, a link or a folder, not a file to read."""

    def __init__(self, path: Path, mode: int) -> None:
        super().__init__(errno.EINVAL, t("store.not_regular", kind=t(kind_key(mode))), str(path))


def kind_key(mode: int) -> str:
    """The message key naming what a non-regular `st_mode` is."""
    if stat.S_ISLNK(mode):
        return "store.kind_link"
    if stat.S_ISDIR(mode):
        return "store.kind_folder"
    if stat.S_ISFIFO(mode):
        return "store.kind_fifo"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "store.kind_device"
    return "store.kind_other"


def read_regular(path: Path, limit: int) -> bytes:
    """At most `limit + 1` bytes of the regular file `path` (one more than the cap, so the
    caller can tell an oversized file without reading it all).

    Raises NotRegularFile for anything else, and OSError when it cannot be read. The name is
    looked at first (a device is never opened), then opened without following a link and
    without waiting, and looked at again through the descriptor (it may have been swapped)."""
    mode = os.lstat(path).st_mode
    if not stat.S_ISREG(mode):
        raise NotRegularFile(path, mode)
    try:
        fd = os.open(path, _FLAGS)
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # swapped for a link after the look
            raise NotRegularFile(path, stat.S_IFLNK) from None
        raise
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFile(path, mode)
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def named_in(folder: Path, suffix: str, *, recursive: bool = False) -> list[Path]:
    """Every name in `folder` ending with `suffix` whatever it is (so that a FIFO or a folder
    named like a packet gets its own refusal when read), sorted by name; with `recursive`,
    those in its subfolders too (links to folders are not followed). OSError when `folder`
    cannot be listed; a subfolder that cannot be is passed over."""
    found: list[Path] = []
    with os.scandir(folder) as entries:
        listed = sorted(entries, key=lambda e: e.name)
    for entry in listed:
        if entry.name.endswith(suffix):
            found.append(Path(entry.path))
        elif recursive and entry.is_dir(follow_symlinks=False):
            try:
                found.extend(named_in(Path(entry.path), suffix, recursive=True))
            except OSError:
                continue
    return found
