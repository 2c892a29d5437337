"""Packets on their way in over the network: the partial files of cut uploads, kept to resume.

`DATA/spool/STATION/DIGEST.part`, 0600 in 0700 folders. A partial file is only ever appended
to at the length HQ announced, and read back for import only once it is whole and its SHA-256 is
the digest it is named by (docs/sync-protocol.md). Nothing here touches the archive. A partial
file no byte was added to for MAX_AGE is removed (`expire`): its station sends it again from 0.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
from collections.abc import Container
from pathlib import Path

from outpost.store.files import make_private_dir

SPOOL = "spool"
PART = ".part"
MAX_PARTIALS = 8
"""Partial packets kept per station; starting a ninth drops the oldest."""
MAX_AGE = 7 * 24 * 3600
"""Seconds a partial packet is kept after its last byte came: a station that has not resumed
it within a week (a lost laptop, a packet it sent by stick) is sent it again from 0."""
NOW = ".now"
"""A file the spool writes to read the disk's own clock (see `expire`)."""

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


class Spool:
    """The spool folder of an HQ data directory. Station ids and digests are checked by the
    caller (outpost.sync.wire): neither can hold a `/` or `..`."""

    def __init__(self, hq_folder: Path) -> None:
        self.folder = hq_folder / SPOOL

    def path(self, station: str, digest: str) -> Path:
        return self.folder / station / f"{digest}{PART}"

    def offset(self, station: str, digest: str) -> int:
        """How many bytes of the packet HQ keeps (0 when none)."""
        try:
            return os.lstat(self.path(station, digest)).st_size
        except FileNotFoundError:
            return 0

    def open_at(self, station: str, digest: str, offset: int) -> int | None:
        """A descriptor to append to the partial file when it holds exactly `offset` bytes (a
        new one for offset 0); None when it holds another length (the client is told HQ's)."""
        folder = self.folder / station
        make_private_dir(self.folder, parents=True)
        make_private_dir(folder)
        path = self.path(station, digest)
        if offset == 0 and not path.exists():
            self._make_room(folder)
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | _NOFOLLOW
        fd = os.open(path, flags, 0o600)
        if os.fstat(fd).st_size != offset:
            os.close(fd)
            return None
        return fd

    def cut_back(self, station: str, digest: str, offset: int) -> None:
        """Drop what a refused request appended after `offset` (its body did not match)."""
        with contextlib.suppress(FileNotFoundError):
            os.truncate(self.path(station, digest), offset)

    def whole(self, station: str, digest: str) -> bytes | None:
        """The packet's bytes when the partial file is complete and its SHA-256 is `digest`;
        None (and the file removed) when its bytes are not that packet."""
        path = self.path(station, digest)
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW)
        with os.fdopen(fd, "rb") as fh:
            raw = fh.read()
        if hashlib.sha256(raw).hexdigest() != digest:
            self.drop(station, digest)
            return None
        return raw

    def drop(self, station: str, digest: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.path(station, digest))

    def expire(self, busy: Container[tuple[str, str]], max_age: float = MAX_AGE) -> int:
        """Remove the partial files whose last write (mtime) is older than `max_age` seconds,
        except those in `busy` (station, digest: being written now); how many went.

        The age is counted against the time the disk gives a file written now, not the
        process's clock: the two are the same clock on a sane machine, and a clock set wrong
        (or faked in a test) then never ages every partial file at once."""
        try:
            with os.scandir(self.folder) as found:
                stations = [e for e in found if e.is_dir(follow_symlinks=False)]
        except FileNotFoundError:
            return 0
        now = self._disk_now()
        gone = 0
        for station in stations:
            with os.scandir(station.path) as parts:
                for entry in parts:
                    digest = entry.name.removesuffix(PART)
                    if digest == entry.name or (station.name, digest) in busy:
                        continue
                    info = entry.stat(follow_symlinks=False)
                    if stat.S_ISREG(info.st_mode) and now - info.st_mtime > max_age:
                        with contextlib.suppress(FileNotFoundError):
                            os.unlink(entry.path)
                            gone += 1
        return gone

    def _disk_now(self) -> float:
        fd = os.open(self.folder / NOW, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | _NOFOLLOW, 0o600)
        try:
            os.write(fd, b".")
            return os.fstat(fd).st_mtime
        finally:
            os.close(fd)

    def _make_room(self, folder: Path) -> None:
        parts = sorted(
            (p for p in folder.iterdir() if p.name.endswith(PART)),
            key=lambda p: p.lstat().st_mtime,
        )
        for old in parts[: max(0, len(parts) - MAX_PARTIALS + 1)]:
            with contextlib.suppress(FileNotFoundError):
                old.unlink()
