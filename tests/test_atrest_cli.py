"""The station passphrase on the command line: init seals, every command unlocks, a wrong one
changes nothing, `outpost passphrase` keeps the log, `outpost encrypt` seals a clear station."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from outpost.store import atrest
from outpost.store.vault import converting_mark, read_unlock, write_unlock
from tests.conftest import run_cli, run_outpost

PASSPHRASE = "camel-well-saxaul-41"
INIT = ("init", "--station-id", "yingen-couple-post", "--name", "银根戍边夫妻警务室")
HOUSEHOLD = json.dumps({"household_id": "hh-0007", "head": "巴特尔", "phone": "13904831234"})


def snapshot(folder: Path) -> dict[str, tuple[int, bytes]]:
    return {
        p.relative_to(folder).as_posix(): (p.stat().st_mtime_ns, p.read_bytes())
        for p in folder.rglob("*")
        if p.is_file()
    }


@pytest.fixture
def sealed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A station made by `outpost init` with OUTPOST_PASSPHRASE set, one household added."""
    folder = tmp_path / "station"
    monkeypatch.setenv("OUTPOST_PASSPHRASE", PASSPHRASE)
    assert run_cli(*INIT, "--officer", "张伟", data_dir=folder).returncode == 0
    assert run_cli("add", "household", "--data", HOUSEHOLD, data_dir=folder).returncode == 0
    monkeypatch.delenv("OUTPOST_PASSPHRASE")
    atrest.lock(folder)
    return folder


def test_init_with_a_passphrase_seals_the_station(sealed: Path) -> None:
    """`outpost init` with OUTPOST_PASSPHRASE leaves no name in clear, an unlock file beside."""
    assert (sealed / "unlock.json").exists()
    pages = [p.relative_to(sealed).as_posix() for p in (sealed / "log").iterdir()]
    for name in ("station.json", "state.json", "station.key", *pages):
        assert (sealed / name).read_bytes().startswith(atrest.MAGIC), name
    assert not any("巴特尔".encode() in blob for _, blob in snapshot(sealed).values())


def test_a_sealed_station_without_a_passphrase_is_one_line_exit_3(sealed: Path) -> None:
    """A script with no passphrase and no terminal gets one line naming how to give it."""
    result = run_outpost("log", data_dir=sealed)
    assert result.returncode == 3
    assert result.stderr.count("\n") == 1 and "OUTPOST_PASSPHRASE" in result.stderr


def test_a_wrong_passphrase_is_exit_3_and_touches_nothing(sealed: Path, tmp_path: Path) -> None:
    """A wrong passphrase in a real process: one line, exit 3, every file as it was."""
    before = snapshot(sealed)
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not-the-passphrase\n", encoding="utf-8")
    result = run_outpost(
        "add", "household", "--data", HOUSEHOLD, "--passphrase-file", str(wrong), data_dir=sealed
    )
    assert (result.returncode, result.stderr.count("\n")) == (3, 1)
    assert "wrong station passphrase" in result.stderr
    assert snapshot(sealed) == before


def test_the_right_passphrase_from_a_file_opens_every_command(sealed: Path, tmp_path: Path) -> None:
    """--passphrase-file unlocks: the log shows the household recorded before."""
    right = tmp_path / "right.txt"
    right.write_text(PASSPHRASE + "\n", encoding="utf-8")
    result = run_outpost("log", "--passphrase-file", str(right), data_dir=sealed)
    assert result.returncode == 0, result.stderr
    assert "巴特尔" in result.stdout


def test_changing_the_passphrase_keeps_the_log_and_rewrites_no_page(
    sealed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`outpost passphrase` rewrites only unlock.json (and its backup copy); the new one opens,
    the old one not."""
    before = snapshot(sealed)
    monkeypatch.setenv("OUTPOST_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("OUTPOST_NEW_PASSPHRASE", "gobi-stars-at-night-9")
    result = run_cli("passphrase", data_dir=sealed)
    assert result.returncode == 0, result.stderr
    after = snapshot(sealed)
    changed = {n for n in after if after[n] != before.get(n)} - {".lock"}
    assert changed == {"unlock.json", "unlock.json.bak"}
    atrest.lock(sealed)
    monkeypatch.delenv("OUTPOST_NEW_PASSPHRASE")
    assert run_cli("log", data_dir=sealed).returncode == 3
    monkeypatch.setenv("OUTPOST_PASSPHRASE", "gobi-stars-at-night-9")
    shown = run_cli("log", data_dir=sealed)
    assert shown.returncode == 0 and "巴特尔" in shown.stdout


def test_encrypt_seals_a_clear_station_and_resumes_after_a_cut(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`outpost encrypt` on a clear station seals every file; a run cut after the unlock file
    and half the files (what a kill leaves) is finished by running it again."""
    folder = tmp_path / "station"
    assert run_cli(*INIT, "--officer", "张伟", "--no-encryption", data_dir=folder).returncode == 0
    assert run_cli("add", "household", "--data", HOUSEHOLD, data_dir=folder).returncode == 0
    (page,) = (folder / "log").iterdir()
    assert "巴特尔".encode() in page.read_bytes()
    monkeypatch.setenv("OUTPOST_PASSPHRASE", PASSPHRASE)
    result = run_cli("encrypt", data_dir=folder)
    assert result.returncode == 0, result.stderr
    assert not any("巴特尔".encode() in blob for _, blob in snapshot(folder).values())
    # The cut: the unlock file marked converting, one page put back clear.
    fields = read_unlock(folder)
    clear = atrest.key_for(folder)
    assert clear is not None
    write_unlock(folder, {**fields, "converting": converting_mark(clear)})
    page.write_bytes(clear.open(f"log/{page.name}", page.read_bytes()))
    atrest.lock(folder)
    assert run_cli("log", data_dir=folder).returncode == 0  # a half-sealed station still reads
    again = run_cli("encrypt", data_dir=folder)
    assert again.returncode == 0, again.stderr
    assert page.read_bytes().startswith(atrest.MAGIC)
    assert "converting" not in read_unlock(folder)
    assert run_cli("check", data_dir=folder).returncode == 0
    assert run_cli("encrypt", data_dir=folder).returncode == 2  # already sealed
