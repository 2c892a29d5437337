"""Shared fixtures: every path, language and terminal variable points into the test's tmp_path;
`run_cli` runs the command line in-process, `run_outpost` in a real subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from outpost import i18n
from outpost.cli import main
from outpost.i18n import language, set_language
from outpost.logbook import Logbook
from outpost.model import times, zone


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No test reads or writes the real user's folders; messages are in English unless asked."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("OUTPOST_HOME", str(tmp_path / "station"))
    monkeypatch.setenv("OUTPOST_HQ_HOME", str(tmp_path / "hq"))
    monkeypatch.setenv("OUTPOST_DEMO_HOME", str(tmp_path / "demo"))
    monkeypatch.setenv("OUTPOST_LANG", "en")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    set_language("en")
    times._clock_shift.cache_clear()  # a test may set OUTPOST_NOW: read it afresh
    yield
    times._clock_shift.cache_clear()
    set_language(None)


@pytest.fixture(autouse=True)
def lasting_notifications(monkeypatch: pytest.MonkeyPatch) -> None:
    """Toasts stay while a test reads them: on a loaded machine a test can take longer than a
    toast's 5 seconds between showing one and looking at it."""
    from textual.app import App

    monkeypatch.setattr(App, "NOTIFICATION_TIMEOUT", 3600.0)


@pytest.fixture(autouse=True)
def strict_messages() -> Iterator[None]:
    """A message key missing from the catalogue fails the test (users would see the bare key)."""
    i18n.strict = True
    i18n.missing.clear()
    yield
    i18n.strict = False
    asked, i18n.missing[:] = list(i18n.missing), []
    if asked:
        pytest.fail(f"t() was asked for keys not in the catalogue: {sorted(set(asked))}")


class Clock:
    """A laptop clock the test moves by hand."""

    def __init__(self, start: str = "2026-11-26T09:00:00+08:00") -> None:
        self.moment = datetime.fromisoformat(start)

    def __call__(self) -> datetime:
        return self.moment

    def advance(self, **delta: float) -> None:
        self.moment += timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def station_dir(tmp_path: Path) -> Path:
    return tmp_path / "station"


@pytest.fixture
def book(station_dir: Path, clock: Clock) -> Iterator[Logbook]:
    """A new station log with one household registered, on disk in tmp_path."""
    logbook = Logbook.create(
        station_dir,
        station_id="yingen-couple-post",
        name="银根戍边夫妻警务室",
        officers=["张伟", "李娜"],
        clock=clock,
    )
    logbook.add("household", {"household_id": "hh-0007", "head": "巴特尔", "gacha": "查干嘎查"})
    yield logbook
    logbook.close()


TZ = zone("Asia/Shanghai")


def cli_argv(args: tuple[str, ...], data_dir: Path | None) -> list[str]:
    return [*args, "--data-dir", str(data_dir)] if data_dir is not None else list(args)


def run_cli(
    *args: str, data_dir: Path | None = None, input: str | None = None, lang: str = "en"
) -> subprocess.CompletedProcess[str]:
    """Run `outpost ARGS` in this process as a fresh `outpost` process would: the same `main`,
    exit code and the two streams apart, stdin from `input`, OUTPOST_LANG=`lang`, the clock
    (OUTPOST_NOW) read afresh; the test's language is restored after."""
    argv = cli_argv(args, data_dir)
    before = language()
    times._clock_shift.cache_clear()
    try:
        with CliRunner().isolation(input=input, env={"OUTPOST_LANG": lang}) as (out, err, _):
            try:
                main(argv)
                code = 0
            except SystemExit as exc:
                code = exit_status(exc.code)
            sys.stdout.flush()
            sys.stderr.flush()
            stdout, stderr = out.getvalue().decode(), err.getvalue().decode()
    finally:
        times._clock_shift.cache_clear()
        set_language(before)
    return subprocess.CompletedProcess(["outpost", *argv], code, stdout, stderr)


def exit_status(code: object) -> int:
    """The status a process exiting with `sys.exit(code)` gives its parent."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    sys.stderr.write(f"{code}\n")  # as Python itself prints a message given to sys.exit
    return 1


def run_outpost(
    *args: str, data_dir: Path | None = None, input: str | None = None, lang: str = "en"
) -> subprocess.CompletedProcess[str]:
    """Run `python -m outpost ARGS` in a real subprocess, as a user would."""
    env = dict(os.environ, OUTPOST_LANG=lang)
    argv = [sys.executable, "-m", "outpost", *cli_argv(args, data_dir)]
    return subprocess.run(argv, capture_output=True, text=True, env=env, input=input, timeout=120)


HQ_PASSPHRASE = b"saxaul-dune-camel-well-27"
"""The passphrase of the `hq` fixture's keys."""


@pytest.fixture(autouse=True, scope="session")
def cheap_hq_keys() -> Iterator[None]:
    """HQ key files made in this process are wrapped at Argon2's smallest cost: the tests make
    hundreds of HQs (outpost.sync.keyfile.cheap_keys_for_tests). A real `outpost` process, such
    as `run_outpost` starts, never is."""
    from outpost.sync.keyfile import cheap_keys_for_tests

    with cheap_keys_for_tests():
        yield


@pytest.fixture
def hq(tmp_path: Path, clock: Clock) -> Iterator[Any]:
    """An HQ archive in tmp_path/hq with its keys unlocked (outpost.hq.HqArchive)."""
    from outpost.hq import HqArchive

    archive = HqArchive.create(
        tmp_path / "hq",
        hq_id="alxa-brigade",
        name="阿拉善左旗边境管理大队",
        passphrase=HQ_PASSPHRASE,
        clock=clock,
    )
    yield archive
    archive.close()


@pytest.fixture
def linked_book(book: Logbook, hq: Any) -> Logbook:
    """The `book` station holding HQ's card, enrolled at `hq` (ready to export and import)."""
    from outpost.sync.identity import read_card
    from outpost.sync.station import own_card_path, set_hq_card

    set_hq_card(book, hq.card)
    hq.enroll(read_card(own_card_path(book), "outpost-station"))
    return book
