"""Files are the owner's alone (folders 0700, files 0600, the crash log too, without values), and
a folder this account may not write or read is named in one line; a look needs no write access."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import exit_status, run_cli

from outpost.cli import main
from outpost.errors import DataDirLocked, UsageError
from outpost.logbook import Logbook

PASSPHRASE = "dune-well-camel"
NOBODY = 65534
IS_ROOT = os.geteuid() == 0


def modes(folder: Path) -> dict[str, int]:
    """The permission bits of `folder` and of everything under it, by relative path."""
    found = {".": stat.S_IMODE(folder.stat().st_mode)}
    for path in folder.rglob("*"):
        found[str(path.relative_to(folder))] = stat.S_IMODE(path.lstat().st_mode)
    return found


@pytest.fixture
def wide_umask() -> Iterator[None]:
    """The usual umask (022), under which an unguarded file is readable by every account."""
    before = os.umask(0o022)
    yield
    os.umask(before)


@pytest.fixture
def base() -> Iterator[Path]:
    """A folder every account may pass through (pytest's own is its owner's only)."""
    folder = Path(tempfile.mkdtemp(prefix="outpost-access-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def set_up(base: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """An HQ and a station, enrolled, two entries exported and imported, the ack applied."""
    monkeypatch.setenv("OUTPOST_HQ_PASSPHRASE", PASSPHRASE)
    hq, station = base / "hq", base / "station"
    assert (
        run_cli("hq", "init", "--id", "alxa-brigade", "--name", "大队", data_dir=hq).returncode == 0
    )
    init = run_cli(
        "init", "--station-id", "yingen-couple-post", "--name", "银根",
        "--officer", "张伟", "--hq-card", str(hq / "hq.card.json"), data_dir=station,
    )  # fmt: skip
    assert init.returncode == 0, init.stderr
    assert run_cli("hq", "enroll", str(station / "station.card.json"), data_dir=hq).returncode == 0
    household = json.dumps({"household_id": "hh-0007", "head": "巴特尔"})
    assert run_cli("add", "household", "--data", household, data_dir=station).returncode == 0
    assert run_cli("export", data_dir=station).returncode == 0
    acks = base / "acks"
    done = run_cli("hq", "import", str(station / "outbox"), "--acks-out", str(acks), data_dir=hq)
    assert done.returncode == 0, done.stderr
    assert run_cli("ack", str(acks), data_dir=station).returncode == 0
    return hq, station


def test_every_file_of_a_station_and_of_hq_is_the_owners_alone(
    base: Path, monkeypatch: pytest.MonkeyPatch, wide_umask: None
) -> None:
    """Under umask 022, every folder a station or HQ makes is 0700 and every file 0600: log
    pages, state, station.json, keys, cards, outbox, archive.sqlite, the lock, the acks."""
    hq, station = set_up(base, monkeypatch)
    for folder in (station, hq, base / "acks"):
        for name, mode in modes(folder).items():
            wanted = 0o700 if (folder / name).is_dir() else 0o600
            assert mode == wanted, (folder, name, oct(mode))
    assert {"log", "outbox", "state.json", "station.key"} <= set(modes(station))
    assert {"archive.sqlite", "hq.json", "hq-signing.key"} <= set(modes(hq))


def test_sqlite_side_files_are_made_private_while_hq_is_open(
    tmp_path: Path, wide_umask: None
) -> None:
    """archive.sqlite's -wal and -shm files (made by SQLite as the database's) are 0600."""
    from outpost.hq import HqArchive

    archive = HqArchive.create(
        tmp_path / "hq", hq_id="alxa-brigade", name="大队", passphrase=PASSPHRASE.encode()
    )
    try:
        side = [p for p in (tmp_path / "hq").iterdir() if p.name.startswith("archive.sqlite-")]
        assert side
        assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in side)
    finally:
        archive.close()


def test_files_an_older_version_left_open_are_narrowed_on_the_next_open(
    base: Path, monkeypatch: pytest.MonkeyPatch, wide_umask: None
) -> None:
    """Folders at 0755 and files at 0644 (as an older version made them) are 0700 and 0600
    after a look at the station and at HQ; a link inside is left alone."""
    hq, station = set_up(base, monkeypatch)
    outside = base / "outside"
    outside.write_text("not outpost's")
    outside.chmod(0o644)
    (station / "log" / "link.json").symlink_to(outside)
    for folder in (station, hq):
        for path in [folder, *folder.rglob("*")]:
            if not path.is_symlink():
                path.chmod(0o755 if path.is_dir() else 0o644)

    assert run_cli("log", data_dir=station).returncode == 0
    assert run_cli("hq", "stations", data_dir=hq).returncode == 0

    for folder in (station, hq):
        for name, mode in modes(folder).items():
            if name.endswith("link.json"):
                continue
            assert mode == (0o700 if (folder / name).is_dir() else 0o600), (name, oct(mode))
    assert stat.S_IMODE(outside.stat().st_mode) == 0o644


def test_the_crash_log_is_private_and_keeps_no_value(tmp_path: Path) -> None:
    """An internal error writes the crash log 0600 (an older, wider one is narrowed) with the
    command and its option names, and none of the values given or quoted by the error."""
    log = tmp_path / "home" / "state" / "outpost" / "log" / "crash.log"
    log.parent.mkdir(parents=True)
    log.write_text("--- an older crash\n")
    log.chmod(0o644)
    program = (
        "import sys, click\n"
        "from outpost.cli import cli, main\n"
        "@cli.command('boom')\n"
        "@click.option('--data')\n"
        "@click.argument('where')\n"
        "def boom(data: str, where: str) -> None:\n"
        "    raise ValueError('bad route ' + data + where)\n"
        "sys.argv = ['outpost', 'boom', '--data', '{\"route\": \"marker 107\"}', 'camp-9']\n"
        "main()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program],
        capture_output=True,
        text=True,
        env=dict(os.environ, OUTPOST_LANG="en"),
        timeout=60,
    )
    assert done.returncode == 1 and "ValueError" in done.stderr
    text = log.read_text(encoding="utf-8")
    assert "outpost boom --data\n" in text and "ValueError" in text
    assert "marker 107" not in text and "camp-9" not in text and "route" not in text
    assert stat.S_IMODE(log.stat().st_mode) == 0o600


def run_as_other(*argv: str) -> subprocess.CompletedProcess[str]:
    """`outpost ARGV` in a forked copy of this process running as another account (nobody):
    the interpreter and the modules are those already loaded (run the command once before)."""
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        code = 1
        try:
            os.close(out_r)
            os.close(err_r)
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            sys.stdout = open(out_w, "w", encoding="utf-8")  # noqa: SIM115 - closed by _exit
            sys.stderr = open(err_w, "w", encoding="utf-8")  # noqa: SIM115 - closed by _exit
            try:
                main(list(argv))
                code = 0
            except SystemExit as exc:
                code = exit_status(exc.code)
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)
    os.close(out_w)
    os.close(err_w)
    with open(out_r, encoding="utf-8") as out, open(err_r, encoding="utf-8") as err:
        stdout, stderr = out.read(), err.read()
    _, status = os.waitpid(pid, 0)
    return subprocess.CompletedProcess(
        list(argv), os.waitstatus_to_exitcode(status), stdout, stderr
    )


needs_root = pytest.mark.skipif(not IS_ROOT, reason="another account is needed (run as root)")


def one_line(done: subprocess.CompletedProcess[str], code: int, *words: str) -> None:
    assert done.returncode == code, (done.returncode, done.stdout, done.stderr)
    assert done.stderr.startswith("outpost: ") and done.stderr.count("\n") == 1, done.stderr
    for word in words:
        assert word in done.stderr, done.stderr


@needs_root
def test_a_folder_another_account_may_not_enter_is_named_in_one_line(
    base: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another account's station and HQ folders (0700), named by OUTPOST_HOME and
    OUTPOST_HQ_HOME: `log`, `add` and `hq stations` say which folder it may not read, exit 3,
    never an internal error (given as --data-dir, click says so first, exit 2)."""
    hq, station = set_up(base, monkeypatch)
    assert run_cli("log", data_dir=station).returncode == 0
    assert run_cli("hq", "stations", data_dir=hq).returncode == 0
    monkeypatch.setenv("OUTPOST_HOME", str(station))
    monkeypatch.setenv("OUTPOST_HQ_HOME", str(hq))
    data = json.dumps({"household_id": "hh-0008", "head": "其其格"})
    for argv in (("log",), ("add", "household", "--data", data)):
        one_line(run_as_other(*argv), 3, str(station), "cannot read this folder")
    one_line(run_as_other("hq", "stations"), 3, str(hq), "cannot read this folder")
    given = run_as_other("log", "--data-dir", str(station))
    one_line(given, 2, str(station), "not readable")


@needs_root
def test_a_folder_this_account_may_read_but_not_write_can_be_looked_at(
    base: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A station and an HQ readable by another account (0755/0644), not writable by it:
    `log`, `status`, `report` and `hq stations` work there (with a shared lock, or none when
    the lock file is not readable); `add` says it may not write to the folder, exit 3, and
    nothing changes."""
    hq, station = set_up(base, monkeypatch)
    for argv in (("log",), ("status",), ("report", "--month", "2026-12")):
        assert run_cli(*argv, data_dir=station).returncode == 0
    assert run_cli("hq", "stations", "--json", data_dir=hq).returncode == 0
    for folder in (station, hq):
        for path in [folder, *folder.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
    (station / ".lock").chmod(0o600)  # the station's look goes without a lock, HQ's shares it
    before = {p: p.read_bytes() for p in station.rglob("*") if p.is_file()}

    listed = run_as_other("log", "--json", "--data-dir", str(station))
    assert listed.returncode == 0, listed.stderr
    assert [e["kind"] for e in json.loads(listed.stdout)] == ["household"]
    for argv in (("status",), ("report", "--month", "2026-12")):
        done = run_as_other(*argv, "--data-dir", str(station))
        assert done.returncode == 0, done.stderr
    rows = run_as_other("hq", "stations", "--json", "--data-dir", str(hq))
    assert rows.returncode == 0, rows.stderr
    assert json.loads(rows.stdout)[0]["entries"] == 1
    data = json.dumps({"household_id": "hh-0008", "head": "其其格"})
    added = run_as_other("add", "household", "--data", data, "--data-dir", str(station))
    one_line(added, 3, str(station), "cannot write to this folder")
    assert {p: p.read_bytes() for p in station.rglob("*") if p.is_file()} == before


def test_looks_share_the_folder_and_a_writer_keeps_it_alone(book: Logbook) -> None:
    """Two looks open the station together; a look is refused while a writer holds it, a
    writer while a look does, and a look cannot save."""
    folder = book.folder
    with pytest.raises(DataDirLocked):
        Logbook.open(folder, read_only=True)
    book.close()
    first = Logbook.open(folder, read_only=True)
    second = Logbook.open(folder, read_only=True)
    try:
        assert first.state.last_seq == second.state.last_seq == 1
        with pytest.raises(DataDirLocked):
            Logbook.open(folder)
        with pytest.raises(UsageError):
            first.add("household", {"household_id": "hh-0009", "head": "其其格"})
    finally:
        first.close()
        second.close()
    Logbook.open(folder).close()
