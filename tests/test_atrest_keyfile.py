"""The key file `unlock.json` and its backup copy: a cut while the passphrase changes never locks
the station out, and a lost or damaged key file is replaced by its backup, said in one line."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from test_durability_crash import STEPS, FailingStep, PowerCut

from outpost.errors import InputRefused
from outpost.logbook import Logbook
from outpost.store import atrest
from outpost.store.vault import change_passphrase, read_unlock
from tests.conftest import Clock, run_cli

OLD = b"camel-well-saxaul-41"
NEW = b"gobi-stars-at-night-9"


@pytest.fixture
def sealed(station_dir: Path, clock: Clock) -> Path:
    """A sealed station (its key file at the tests' cheap Argon2id cost), one household."""
    book = Logbook.create(
        station_dir,
        station_id="yingen-couple-post",
        name="银根戍边夫妻警务室",
        officers=["张伟"],
        clock=clock,
        passphrase=OLD,
    )
    book.add("household", {"household_id": "hh-0007", "head": "巴特尔"})
    book.close()
    atrest.lock(station_dir)
    return station_dir


def opens_with(folder: Path, passphrase: bytes) -> bool:
    """Whether a fresh process state (the key forgotten) opens the station with `passphrase`,
    and then reads its log whole."""
    atrest.lock(folder)
    try:
        book = Logbook.open(folder, passphrase=passphrase)
    except InputRefused as refused:
        assert refused.key == "atrest.bad_passphrase", refused.message()
        return False
    try:
        assert book.check().entries == 1
    finally:
        book.close()
        atrest.lock(folder)
    return True


def test_a_new_key_file_has_its_backup_beside_it(sealed: Path) -> None:
    """Sealing a station writes `unlock.json.bak` as well, the same bytes, left clear."""
    backup = sealed / "unlock.json.bak"
    assert backup.read_bytes() == (sealed / "unlock.json").read_bytes()
    assert not backup.read_bytes().startswith(atrest.MAGIC)


@pytest.mark.parametrize("target", ["backup", "file"])
@pytest.mark.parametrize("step", STEPS)
def test_a_cut_at_any_step_of_a_passphrase_change_opens_with_old_or_new(
    sealed: Path, monkeypatch: pytest.MonkeyPatch, step: str, target: str
) -> None:
    """A power cut at each step of either write (the backup copy first, then the file) leaves
    a station that opens with the old passphrase or the new one, never neither; once the
    backup copy is in place the new one always opens."""
    nth = ["backup", "file"].index(target) + 1
    FailingStep(monkeypatch, step, nth, PowerCut)
    with pytest.raises(PowerCut):
        change_passphrase(sealed, OLD, NEW)
    monkeypatch.undo()
    old, new = opens_with(sealed, OLD), opens_with(sealed, NEW)
    assert old or new
    backup_in_place = target == "file" or step == "dir_fsync_step"
    assert new is backup_in_place


@pytest.mark.parametrize(
    "damage",
    ["missing", "empty", "truncated", "bit_flipped", "garbage"],
)
def test_a_lost_or_damaged_key_file_opens_from_its_backup_in_one_line(
    sealed: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    """With unlock.json gone, cut short, one bit of its wrapped key flipped or overwritten,
    a command still opens the station from the backup copy and says so in one line on stderr;
    one that may write puts the backup back in place (the next command opens without it)."""
    key_file = sealed / "unlock.json"
    raw = key_file.read_bytes()
    if damage == "missing":
        key_file.unlink()
    elif damage == "empty":
        key_file.write_bytes(b"")
    elif damage == "truncated":
        key_file.write_bytes(raw[: len(raw) // 2])
    elif damage == "bit_flipped":
        at = raw.index(b'"wrapped_key": "') + 20
        key_file.write_bytes(raw[:at] + bytes([raw[at] ^ 0x01]) + raw[at + 1 :])
    else:
        key_file.write_bytes(b"\x00\xff" * 100)
    monkeypatch.setenv("OUTPOST_PASSPHRASE", OLD.decode())
    look = run_cli("log", data_dir=sealed)  # a look opens, says so, and writes nothing
    assert look.returncode == 0 and "巴特尔" in look.stdout, look.stderr
    assert "backup copy" in look.stderr
    atrest.lock(sealed)
    shown = run_cli("check", data_dir=sealed)
    assert shown.returncode == 0, shown.stderr
    lines = shown.stderr.strip().splitlines()
    assert len(lines) == 1 and "backup copy unlock.json.bak" in lines[0], shown.stderr
    assert key_file.read_bytes() == raw
    atrest.lock(sealed)
    again = run_cli("log", data_dir=sealed)
    assert (again.returncode, again.stderr) == (0, "")


def test_a_wrong_passphrase_is_still_refused_with_both_files_tried(sealed: Path) -> None:
    """A wrong passphrase opens neither copy: one refusal, exit 3, nothing touched."""
    before = {p.name: p.read_bytes() for p in sealed.iterdir() if p.is_file()}
    assert not opens_with(sealed, b"not-the-passphrase")
    after = {p.name: p.read_bytes() for p in sealed.iterdir() if p.is_file()}
    assert after == before


def test_a_key_file_and_backup_both_lost_is_one_line(sealed: Path) -> None:
    """With both copies gone the station does not open: one line naming the key file."""
    os.replace(sealed / "unlock.json.bak", sealed / "unlock.json")
    (sealed / "unlock.json").write_bytes(b"{")
    with pytest.raises(InputRefused) as refused:
        Logbook.open(sealed, passphrase=OLD)
    assert refused.value.key == "store.unreadable"
    assert "unlock.json" in refused.value.message()


def start_change(folder: Path) -> subprocess.Popen[bytes]:
    """A real `outpost passphrase` process changing OLD to NEW (at the real Argon2id cost)."""
    env = dict(
        os.environ,
        OUTPOST_LANG="en",
        OUTPOST_PASSPHRASE=OLD.decode(),
        OUTPOST_NEW_PASSPHRASE=NEW.decode(),
    )
    argv = [sys.executable, "-m", "outpost", "passphrase", "--data-dir", str(folder)]
    return subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)


def kill_when(
    writer: subprocess.Popen[bytes], moment: Callable[[], bool], timeout: float = 30.0
) -> bool:
    """SIGKILL `writer` as soon as `moment()` holds (watched in a tight loop); False when the
    writer ended first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if moment():
            os.kill(writer.pid, signal.SIGKILL)
            writer.communicate(timeout=30)
            return True
        if writer.poll() is not None:
            writer.communicate(timeout=30)
            return False
    writer.kill()
    writer.communicate(timeout=30)
    raise AssertionError("the moment never came")


def test_outpost_passphrase_killed_at_each_moment_never_locks_the_station_out(
    sealed: Path, tmp_path: Path
) -> None:
    """A real `outpost passphrase` SIGKILLed at moments through its writes (before them, as the
    backup's temporary file appears, once the backup changed, as the key file's temporary file
    appears, once it changed) leaves a station that opens with the old passphrase or the new.

    About 5 s: each run pays the real Argon2id cost twice (a real process wraps at it)."""
    pristine = tmp_path / "pristine"
    shutil.copytree(sealed, pristine)
    first = (sealed / "unlock.json").read_bytes()
    log = sealed / "log"

    def temp_of(name: str) -> Callable[[], bool]:
        def seen() -> bool:
            dots = name.count(".") + 3  # .NAME.HEX.tmp
            return any(
                n.startswith(f".{name}.") and n.count(".") == dots for n in os.listdir(sealed)
            )

        return seen

    def changed(name: str) -> Callable[[], bool]:
        return lambda: (sealed / name).read_bytes() != first

    moments: list[tuple[str, Callable[[], bool]]] = [
        ("started", lambda: True),
        ("backup temp", temp_of("unlock.json.bak")),
        ("backup changed", changed("unlock.json.bak")),
        ("file temp", temp_of("unlock.json")),
        ("file changed", changed("unlock.json")),
    ]
    outcomes = []
    for name, moment in moments:
        shutil.rmtree(sealed)
        shutil.copytree(pristine, sealed)
        killed = kill_when(start_change(sealed), moment)
        old = opens_with(sealed, OLD)
        new = old or opens_with(sealed, NEW)  # the second only when needed: Argon2id costs
        assert new, f"killed at {name}: neither passphrase opens"
        outcomes.append((name, killed, old))
        assert sorted(os.listdir(log)) == ["2026-11.json"]
    print("\n" + "\n".join(f"{n}: killed={k} old opens={o}" for n, k, o in outcomes))
    assert read_unlock(sealed)["unlock_file"] == "outpost-station-unlock"
