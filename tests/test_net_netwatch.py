"""`outpost sync --watch` takes "the network came up" as a hint to try at once, from a folder
laid out as Linux's /sys/class/net and /proc/net/route."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from net_helpers import (
    DEFAULT,
    HEADER,
    LOCAL,
    PASSPHRASE,
    add,
    entries_at_hq,
    free_port,
    machine,
    serve,
    set_up,
)

from outpost.station.netwatch import NetworkWatch, read_state


def test_the_state_reads_links_up_and_default_routes(tmp_path: Path) -> None:
    """Loopback aside, the links up and the default routes (to 0.0.0.0/0, flag up) are read;
    a folder without sys/class/net (not Linux) gives None."""
    state = read_state(machine(tmp_path / "m", wwan="up", routes=LOCAL + DEFAULT))
    assert state is not None
    assert state.up == {"eth0", "wwan0"} and state.routes == {"wwan0 0101A8C0"}
    assert read_state(tmp_path / "nothing") is None


def test_a_wait_ends_once_per_change_and_never_spins(tmp_path: Path) -> None:
    """With nothing changing a wait lasts its time, looking every `every` seconds; a modem
    coming up ends the wait that sees it, and only that one; a new default route ends one
    more; a link going down ends none."""
    root = machine(tmp_path / "m")
    looks: list[float] = []
    changes: dict[int, Callable[[], object]] = {}
    """What changes on the machine during the look of that number (as another process would)."""

    def sleep(seconds: float) -> None:
        looks.append(seconds)
        time.sleep(seconds)
        changes.pop(len(looks), lambda: None)()

    watch = NetworkWatch(root, every=0.05, sleep=sleep)
    started = time.monotonic()
    assert watch.wait(0.3) is False and time.monotonic() - started >= 0.3
    assert 5 <= len(looks) <= 7  # one look per 0.05 s: no busy loop
    operstate = root / "sys/class/net/wwan0/operstate"
    changes[len(looks) + 2] = lambda: operstate.write_text("up\n")
    before = len(looks)
    assert watch.wait(30) is True and len(looks) == before + 2
    assert watch.wait(0.2) is False  # the same change never ends a second wait
    route = root / "proc/net/route"
    changes[len(looks) + 1] = lambda: route.write_text(HEADER + LOCAL + DEFAULT)
    assert watch.wait(30) is True
    operstate.write_text("down\n")
    assert watch.wait(0.2) is False


def test_without_the_files_a_wait_is_the_backoff_alone(tmp_path: Path) -> None:
    """On a machine without /sys/class/net the wait is one sleep of the whole backoff."""
    looks: list[float] = []
    watch = NetworkWatch(tmp_path / "elsewhere", sleep=looks.append)
    assert watch.wait(42.0) is False and looks == [42.0]


def test_watch_uploads_as_soon_as_the_modem_comes_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A station whose first try found no HQ waits out a backoff of 30 s or more; HQ comes up,
    then the modem: the station tries at once (one try for the change) and everything is
    acknowledged long before the backoff would have ended."""
    monkeypatch.setenv("OUTPOST_HQ_PASSPHRASE", PASSPHRASE)
    hq, station = set_up(tmp_path)
    add(station, "water_delivery", {"household": "hh-0007", "litres": 800})
    root = machine(tmp_path / "machine")
    port = free_port()
    argv = [sys.executable, "-m", "outpost", "sync", "--watch", "--wait-base", "60"]
    argv += ["--net-root", str(root), "--url", f"http://127.0.0.1:{port}"]
    argv += ["--data-dir", str(station)]
    watching = subprocess.Popen(
        argv,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ, OUTPOST_LANG="en"),
    )
    try:
        assert watching.stderr is not None
        first = watching.stderr.readline()  # blocks until the first try failed
        assert "no connection to HQ" in first and "trying again in" in first
        backoff = int(first.rsplit("trying again in ", 1)[1].split()[0])
        assert backoff >= 29
        served = serve(hq, port=port)
        try:
            flipped = time.monotonic()
            (root / "sys/class/net/wwan0/operstate").write_text("up\n")
            out, err = watching.communicate(timeout=30)
            took = time.monotonic() - flipped
        finally:
            assert served.stop() == 0
    finally:
        if watching.poll() is None:
            watching.kill()
            watching.wait(timeout=10)
    assert watching.returncode == 0, err
    assert took < 15 < backoff
    assert err.count("the network came up: trying now") == 1
    assert "acknowledged through entry 2" in out and entries_at_hq(hq) == 2
