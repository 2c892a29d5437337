"""A full disk refuses the next save in one clear line and loses nothing saved before it.

The disk is a real small filesystem (a 1 MiB tmpfs) when this machine lets the tests mount one
(root on Linux); elsewhere a simulated one of the same size: `files.write_step` refuses the
bytes beyond its capacity with ENOSPC, and a subprocess gets a real kernel refusal from a file
size limit (RLIMIT_FSIZE, EFBIG). TinyDB's stock JSONStorage, for contrast, loses its whole file.
The station's tests run on a clear station and on a sealed one (tests/sealed_stores.py).
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import Clock
from sealed_stores import STORES, new_book, process_env
from tinydb import TinyDB

from outpost.errors import StorageFailed
from outpost.logbook import Logbook
from outpost.model import GENESIS, entry_hash
from outpost.store import files

SIZE = 1024 * 1024
WATER = {"household": "hh-0007", "litres": 800, "note": "旱情，第二次送水"}


class SmallDisk:
    """A 1 MiB disk holding `root`: a real tmpfs, or a simulated one (`real` says which)."""

    def __init__(self, root: Path, real: bool, monkeypatch: pytest.MonkeyPatch) -> None:
        self.root = root
        self.real = real
        self.capacity = SIZE
        self._monkeypatch = monkeypatch
        if not real:
            refuse_beyond_capacity = self._write_within_capacity
            monkeypatch.setattr(files, "write_step", refuse_beyond_capacity)

    def used(self) -> int:
        return sum(p.stat().st_size for p in self.root.rglob("*") if p.is_file())

    def _write_within_capacity(self, fd: int, data: Any) -> int:
        room = self.capacity - self.used()
        if len(data) > room:
            if room > 0:
                os.write(fd, bytes(data[:room]))
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return os.write(fd, data)

    def fill(self, leave: int) -> None:
        """Take all the space but about `leave` bytes, as other files on a laptop do."""
        filler = self.root / "filler.bin"
        if not self.real:
            self.capacity = self.used() + leave
            return
        fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o644)
        try:
            with contextlib.suppress(OSError):
                while os.write(fd, b"\0" * 65536):
                    pass
        finally:
            os.close(fd)
        os.truncate(filler, max(0, filler.stat().st_size - leave))

    def free(self) -> None:
        """Delete the filler: the officer made room."""
        self.capacity = SIZE
        with contextlib.suppress(FileNotFoundError):
            (self.root / "filler.bin").unlink()

    def size_limit(self, path: Path) -> int | None:
        """For a subprocess on the simulated disk: no file may grow past `path`'s size."""
        return None if self.real else path.stat().st_size


def mount_tmpfs(folder: Path) -> bool:
    """Mount a 1 MiB tmpfs on `folder` when allowed (root on Linux); False otherwise."""
    if sys.platform != "linux" or os.geteuid() != 0 or not shutil.which("mount"):
        return False
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={SIZE}", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
        timeout=60,
    )
    return done.returncode == 0


IN_NAMESPACE = "OUTPOST_TEST_IN_NAMESPACE"
"""Set in a test run again inside a user and mount namespace (`tmpfs_here_or_in_namespace`)."""


def tmpfs_here_or_in_namespace(folder: Path, request: pytest.FixtureRequest) -> bool:
    """Mount the real 1 MiB tmpfs on `folder` and say True; where this process may not mount
    one (not root), run this very test again in a child pytest inside a new user and mount
    namespace (`unshare -Urm`: root there, so the mount is real), require it to pass, and say
    False: the caller's test is then done. Skipped only where neither is possible."""
    if mount_tmpfs(folder):
        return True
    if os.environ.get(IN_NAMESPACE):
        pytest.fail("inside its own user namespace the test still could not mount a tmpfs")
    unshare = ["unshare", "--user", "--map-root-user", "--mount"]
    if sys.platform != "linux" or not shutil.which("unshare") or not shutil.which("mount"):
        pytest.skip("no tmpfs: neither root nor unshare here (the simulated twins still run)")
    probe = subprocess.run([*unshare, "true"], capture_output=True, check=False, timeout=60)
    if probe.returncode != 0:
        pytest.skip("no tmpfs: neither root nor user namespaces here (the simulated twins run)")
    basetemp = folder.parent / "in-namespace"
    argv = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider"]
    argv += ["-n", "0", f"--basetemp={basetemp}", request.node.nodeid]
    done = subprocess.run(
        [*unshare, *argv],
        cwd=Path(__file__).resolve().parents[1],
        env=dict(os.environ, **{IN_NAMESPACE: "1"}),
        capture_output=True,
        text=True,
        check=False,
        timeout=280,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert " passed" in done.stdout and "skipped" not in done.stdout, done.stdout[-2000:]
    return False


@pytest.fixture(params=["tmpfs", "simulated"])
def disk(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[SmallDisk]:
    """A small disk: a real tmpfs where mounting is allowed (else simulated), and a simulated
    one always, so that both ways run wherever root can mount."""
    root = tmp_path / "disk"
    root.mkdir()
    real = request.param == "tmpfs" and mount_tmpfs(root)
    try:
        yield SmallDisk(root, real, monkeypatch)
    finally:
        if real:
            subprocess.run(["umount", "-l", str(root)], check=False, timeout=60)


@pytest.fixture(params=STORES)
def store(request: pytest.FixtureRequest) -> str:
    """How the station keeps its files: clear, or sealed at rest."""
    return str(request.param)


def new_station(folder: Path, clock: Clock, store: str) -> Logbook:
    book = new_book(folder, clock, store, officers=["张伟"])
    book.add("household", {"household_id": "hh-0007", "head": "巴特尔"})
    return book


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob(f"*{files.TEMP_SUFFIX}"))


def chain_ids(book: Logbook) -> list[str]:
    """The ids of the log in seq order, after checking seq and prev link every entry."""
    prev, ids = GENESIS, []
    for seq, entry in enumerate(book.entries(), start=1):
        assert entry["seq"] == seq
        assert entry["prev"] == prev
        prev = entry_hash(entry)
        ids.append(entry["id"])
    return ids


def add_until_refused(book: Logbook, clock: Clock) -> tuple[list[str], StorageFailed]:
    """Save deliveries until the disk refuses one; the ids of every save that succeeded."""
    saved = []
    for _ in range(5000):
        clock.advance(minutes=1)
        try:
            saved.append(book.add("water_delivery", WATER).entries[0]["id"])
        except StorageFailed as refused:
            return saved, refused
    raise AssertionError("the disk never filled up")


def test_full_disk_refuses_the_add_and_keeps_every_saved_entry(
    disk: SmallDisk, clock: Clock, store: str
) -> None:
    """Adding until the disk is full ends in StorageFailed saying so; every entry saved before
    is still there after reopening, the chain verifies and no temporary file is left."""
    station = disk.root / "station"
    book = new_station(station, clock, store)
    first = book.state.last_hash
    disk.fill(leave=40_000)
    saved, refused = add_until_refused(book, clock)
    assert len(saved) >= 5, "the disk should take a few entries before it is full"
    assert "the disk is full" in refused.message()
    assert "nothing was saved" in refused.message()
    book.close()

    book = Logbook.open(station, clock=clock)  # opens on a full disk
    try:
        ids = chain_ids(book)
        assert ids[1:] == saved
        assert book.entries().__next__()["prev"] == GENESIS
        assert entry_hash(next(iter(book.entries()))) == first
        report = book.check()
        assert report.entries == len(saved) + 1
        assert leftovers(station) == []
        with pytest.raises(StorageFailed):
            book.add("water_delivery", WATER)

        disk.free()
        clock.advance(minutes=1)
        again = book.add("water_delivery", WATER).entries[0]
        assert again["seq"] == len(saved) + 2
        assert chain_ids(book)[1:] == [*saved, again["id"]]
    finally:
        book.close()


def run_outpost(
    disk: SmallDisk, station: Path, clock: Clock, *args: str, limit_of: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """`python -m outpost ARGS --data-dir STATION` at the test's clock (on the simulated disk: a
    file size limit)."""
    limit = disk.size_limit(limit_of) if limit_of is not None else None

    def small_files() -> None:
        if limit is not None:
            import resource

            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # refuse the write, do not kill
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.RLIM_INFINITY))

    argv = [sys.executable, "-m", "outpost", *args, "--data-dir", str(station)]
    env = dict(os.environ, OUTPOST_LANG="en", **process_env(clock))
    return subprocess.run(
        argv, capture_output=True, text=True, env=env, preexec_fn=small_files, timeout=120
    )


def test_cli_add_on_a_full_disk_fails_in_one_line_and_the_log_still_reads(
    disk: SmallDisk, clock: Clock, store: str
) -> None:
    """`outpost add` on a full disk exits 1 with one line saying the disk refused and nothing was
    saved; `outpost check` and `outpost log` still work and show every earlier entry."""
    station = disk.root / "station"
    book = new_station(station, clock, store)
    for _ in range(3):
        clock.advance(minutes=1)
        book.add("water_delivery", WATER)
    book.close()
    month = next((station / "log").glob("*.json"))
    before = month.read_bytes()
    disk.fill(leave=0)

    data = json.dumps({"household": "hh-0007", "litres": 500})
    done = run_outpost(
        disk, station, clock, "add", "water_delivery", "--data", data, limit_of=month
    )
    assert done.returncode == 1, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "nothing was saved" in lines[0]
    assert ("the disk is full" if disk.real else "File too large") in lines[0]
    assert "Traceback" not in done.stderr
    assert month.read_bytes() == before
    assert leftovers(station) == []

    checked = run_outpost(disk, station, clock, "check")
    assert checked.returncode == 0, checked.stderr
    listed = run_outpost(disk, station, clock, "log", "--json")
    assert listed.returncode == 0, listed.stderr
    assert sorted(e["seq"] for e in json.loads(listed.stdout)) == [1, 2, 3, 4]


@contextlib.contextmanager
def file_size_limit(limit: int | None) -> Iterator[None]:
    """On the simulated disk, a kernel limit on file size stands in for the full disk."""
    if limit is None:
        yield
        return
    import resource

    old_limit = resource.getrlimit(resource.RLIMIT_FSIZE)
    old_handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, old_limit[1]))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, old_limit)
        signal.signal(signal.SIGXFSZ, old_handler)


def test_stock_tinydb_storage_loses_the_whole_file_on_a_full_disk(disk: SmallDisk) -> None:
    """For contrast: TinyDB's stock JSONStorage overwrites its file in place, so the insert the
    full disk refuses leaves a file no JSON reader opens, and every earlier document is lost."""
    path = disk.root / "stock.json"
    entry = {"id": "", "kind": "water_delivery", "data": WATER, "note": "巴特尔家，第二次送水"}
    with TinyDB(path) as db:
        for _ in range(100):
            db.insert(dict(entry, id=str(uuid.uuid4())))
    assert len(TinyDB(path)) == 100
    disk.fill(leave=0)

    with file_size_limit(disk.size_limit(path)):
        db = TinyDB(path)
        try:
            with pytest.raises(OSError) as refused:
                for _ in range(1000):
                    db.insert(dict(entry, id=str(uuid.uuid4())))
        finally:
            with contextlib.suppress(OSError):  # its close flushes the refused bytes again
                db.close()
    assert refused.value.errno in (errno.ENOSPC, errno.EFBIG)

    with pytest.raises(ValueError):
        json.loads(path.read_bytes())
    with pytest.raises(ValueError), TinyDB(path) as db:
        db.all()
