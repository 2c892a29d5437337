"""The forked checker of `outpost hq import` never makes an import wait for ever: a checker that
hangs or dies hands the rest of the packets back to the importing process, and a process
running other threads never forks one."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from typing import Any

import pytest
from conftest import HQ_PASSPHRASE
from test_hq_import_many import daily_packets

from outpost.hq import importer
from outpost.logbook import Logbook

IMPORT = """
import json, os, sys, time
from pathlib import Path
from outpost.hq import HqArchive, importer

folder, passphrase, failure, *packets = sys.argv[1:]
archive = HqArchive.open(Path(folder))
archive.unlock(passphrase.encode())
importer.CHECK_WAIT = 2.0
checked_here = importer._check_file

def failing_checker(path):
    if failure == "hang":
        time.sleep(600)
    os._exit(9)

importer._check_file = failing_checker
print(json.dumps({"forks": importer.can_fork()}), flush=True)
for path, outcome in importer.import_packets(archive, [Path(p) for p in packets]):
    print(json.dumps({"path": str(path), "status": getattr(outcome, "status", repr(outcome))}))
archive.close()
"""


@pytest.mark.parametrize("failure", ["hang", "die"])
def test_a_checker_that_hangs_or_dies_leaves_the_packets_to_the_importer(
    linked_book: Logbook, hq: Any, failure: str
) -> None:
    """Every packet is imported, in order, within the wait for one answer."""
    import_with_a_failing_checker(linked_book, hq, failure)


@pytest.mark.skipif(shutil.which("faketime") is None, reason="libfaketime is not installed")
def test_a_hung_checker_is_left_under_libfaketime_too(linked_book: Logbook, hq: Any) -> None:
    """Under libfaketime (a year's end) the wait for the checker still ends: a lock's timeout
    would not (docs/architecture.md, Testing)."""
    faked = ("faketime", "-f", "@2026-12-31 16:00:30")
    import_with_a_failing_checker(linked_book, hq, "hang", faked, timeout=60)


def import_with_a_failing_checker(
    linked_book: Logbook, hq: Any, failure: str, prefix: tuple[str, ...] = (), timeout: float = 120
) -> None:
    """`importer.import_packets` of 4 packets in a child process whose checker hangs or dies
    (CHECK_WAIT 2 s): each is imported, in order."""
    packets = daily_packets(linked_book, 4)
    folder = hq.folder
    hq.close()
    argv = [*prefix, sys.executable, "-c", IMPORT, str(folder), HQ_PASSPHRASE.decode(), failure]
    done = subprocess.run(
        [*argv, *map(str, packets)], capture_output=True, text=True, timeout=timeout,
        env=dict(os.environ, OUTPOST_LANG="en"), stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    first, *lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert first == {"forks": True}
    assert [line["path"] for line in lines] == [str(p) for p in packets]
    assert [line["status"] for line in lines] == ["new"] * len(packets)


def test_a_process_running_other_threads_checks_in_its_own(
    linked_book: Logbook, hq: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a second thread alive (a screen's worker, a server), nothing is forked."""
    stop = threading.Event()
    other = threading.Thread(target=stop.wait, daemon=True)
    other.start()
    try:
        assert not importer.can_fork()

        def no_fork(*_: object) -> None:
            raise AssertionError("forked a checker beside another thread")

        monkeypatch.setattr(importer, "_import_checked_aside", no_fork)
        outcomes = list(importer.import_packets(hq, daily_packets(linked_book, 3)))
        assert [getattr(o, "status", o) for _, o in outcomes] == ["new"] * 3
    finally:
        stop.set()
        other.join()
