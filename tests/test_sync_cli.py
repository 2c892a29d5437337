"""The whole sync loop from the command line: two data directories, one station, one HQ."""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

import pytest
from conftest import run_cli

PASSPHRASE = "dune-well-camel"


@pytest.fixture
def dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """An HQ and a station set up and enrolled with each other through the command line."""
    monkeypatch.setenv("OUTPOST_HQ_PASSPHRASE", PASSPHRASE)
    hq, station = tmp_path / "hq", tmp_path / "station"
    made = run_cli("hq", "init", "--id", "alxa-brigade", "--name", "阿拉善左旗边境管理大队",
                   data_dir=hq)  # fmt: skip
    assert made.returncode == 0, made.stderr
    init = run_cli(
        "init", "--station-id", "yingen-couple-post", "--name", "银根戍边夫妻警务室",
        "--officer", "张伟", "--hq-card", str(hq / "hq.card.json"), data_dir=station,
    )  # fmt: skip
    assert init.returncode == 0, init.stderr
    assert str(station / "station.card.json") in init.stdout
    enrolled = run_cli("hq", "enroll", str(station / "station.card.json"), data_dir=hq)
    assert enrolled.returncode == 0, enrolled.stderr
    return hq, station


def add_water(station: Path, litres: int) -> None:
    data = json.dumps({"household": "hh-0007", "litres": litres})
    done = run_cli("add", "water_delivery", "--data", data, data_dir=station)
    assert done.returncode == 0, done.stderr


def register_household(station: Path) -> None:
    data = json.dumps({"household_id": "hh-0007", "head": "巴特尔"})
    assert run_cli("add", "household", "--data", data, data_dir=station).returncode == 0


def test_whole_loop_from_the_command_line(dirs: tuple[Path, Path], tmp_path: Path) -> None:
    """init, enroll, add, export, import, ack and status leave HQ holding the whole log."""
    hq, station = dirs
    register_household(station)
    add_water(station, 800)
    exported = run_cli("export", "--copy-to", str(tmp_path / "usb"), data_dir=station)
    assert exported.returncode == 0, exported.stderr
    assert "2 entries sealed into 1 packet" in exported.stdout
    assert len(list((tmp_path / "usb").glob("*.opk"))) == 1
    nothing = run_cli("export", data_dir=station)
    assert nothing.returncode == 0 and "nothing to export" in nothing.stdout
    acks = tmp_path / "acks"
    imported = run_cli("hq", "import", str(tmp_path / "usb"), "--acks-out", str(acks), data_dir=hq)
    assert imported.returncode == 0, imported.stderr
    assert "new, 2 entries (1–2)" in imported.stdout
    again = run_cli("hq", "import", str(tmp_path / "usb"), data_dir=hq)
    assert again.returncode == 0 and "already held" in again.stdout
    applied = run_cli("ack", str(acks), data_dir=station)
    assert applied.returncode == 0, applied.stderr
    status = json.loads(run_cli("status", "--json", data_dir=station).stdout)
    assert status["entries"] == 2 and status["acknowledged_through"] == 2
    assert status["unexported"] == 0 and status["unacknowledged"] == 0
    assert status["gaps"] == [] and status["last_ack_at"]
    [row] = json.loads(run_cli("hq", "stations", "--json", data_dir=hq).stdout)
    assert (row["id"], row["entries"], row["contiguous_through"]) == ("yingen-couple-post", 2, 2)
    assert row["missing"] == [] and row["incidents"] == [] and row["last_packet_at"]
    assert "clock_skew_seconds" in row


def test_replayed_ack_exits_3_and_says_nothing_changed(
    dirs: tuple[Path, Path], tmp_path: Path
) -> None:
    """Applying an ack a second time is refused with exit 3 and one line."""
    hq, station = dirs
    register_household(station)
    run_cli("export", data_dir=station)
    out = tmp_path / "one.oack"
    made = run_cli("hq", "ack", "yingen-couple-post", "--out", str(out), data_dir=hq)
    assert made.returncode == 3  # nothing imported yet: refused
    run_cli("hq", "import", str(station / "outbox"), data_dir=hq)
    made = run_cli("hq", "ack", "yingen-couple-post", "--out", str(out), data_dir=hq)
    assert made.returncode == 0, made.stderr
    assert run_cli("ack", str(out), data_dir=station).returncode == 0
    replay = run_cli("ack", str(out), data_dir=station)
    assert replay.returncode == 3
    assert "nothing changed" in replay.stderr and "Traceback" not in replay.stderr


def test_fork_exits_4_and_shows_in_hq_stations(dirs: tuple[Path, Path], tmp_path: Path) -> None:
    """A station restored from an old backup makes a fork: import exits 4, hq stations shows it."""
    hq, station = dirs
    register_household(station)
    backup = tmp_path / "backup"
    shutil.copytree(station, backup)
    add_water(station, 800)
    run_cli("export", data_dir=station)
    assert run_cli("hq", "import", str(station / "outbox"), data_dir=hq).returncode == 0
    add_water(backup, 300)
    shutil.rmtree(backup / "outbox", ignore_errors=True)
    run_cli("export", data_dir=backup)
    forked = run_cli("hq", "import", str(backup / "outbox"), data_dir=hq)
    assert forked.returncode == 4
    assert "FORK" in forked.stdout and "Traceback" not in forked.stderr
    listing = run_cli("hq", "stations", data_dir=hq)
    assert "fork at entry 2" in listing.stdout
    [row] = json.loads(run_cli("hq", "stations", "--json", data_dir=hq).stdout)
    assert row["incidents"][0]["kind"] == "fork" and row["entries"] == 2


def test_tampered_packet_exits_3_with_one_line(dirs: tuple[Path, Path], tmp_path: Path) -> None:
    """A packet with a flipped byte is refused (exit 3) with its reason on one line."""
    hq, station = dirs
    register_household(station)
    run_cli("export", data_dir=station)
    [packet] = (station / "outbox").glob("*.opk")
    raw = bytearray(packet.read_bytes())
    raw[-70] ^= 0xFF
    bad = tmp_path / "bad.opk"
    bad.write_bytes(bytes(raw))
    result = run_cli("hq", "import", str(bad), data_dir=hq)
    assert result.returncode == 3
    assert result.stdout.strip() == "bad.opk: refused: " + (
        "the station's signature does not match: the packet was altered or forged"
    )


def test_key_files_are_private(dirs: tuple[Path, Path]) -> None:
    """Private key files are readable by their owner only; HQ's are Argon2id key files."""
    hq, station = dirs
    for path in (station / "station.key", hq / "hq-signing.key", hq / "hq-encryption.key"):
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert json.loads((hq / "hq-signing.key").read_bytes())["kdf"]["name"] == "argon2id"


def test_station_init_with_a_damaged_hq_card_creates_nothing(tmp_path: Path) -> None:
    """A bad --hq-card is refused (exit 3) before any station file is written."""
    card = tmp_path / "hq.card.json"
    card.write_text('{"card": "outpost-hq"}', encoding="utf-8")
    station = tmp_path / "new-station"
    result = run_cli(
        "init", "--station-id", "new-post", "--name", "新站", "--hq-card", str(card),
        data_dir=station,
    )  # fmt: skip
    assert result.returncode == 3 and "not a valid outpost card" in result.stderr
    assert not station.exists()


def test_hq_commands_refuse_a_wrong_passphrase(dirs: tuple[Path, Path], tmp_path: Path) -> None:
    """Import with a wrong passphrase file exits 3 and says the passphrase is wrong."""
    hq, station = dirs
    register_household(station)
    run_cli("export", data_dir=station)
    wrong = tmp_path / "pass.txt"
    wrong.write_text("not it\n", encoding="utf-8")
    result = run_cli(
        "hq", "import", str(station / "outbox"), "--passphrase-file", str(wrong), data_dir=hq
    )
    assert result.returncode == 3 and "wrong passphrase" in result.stderr
    [row] = json.loads(run_cli("hq", "stations", "--json", data_dir=hq).stdout)
    assert row["entries"] == 0


def test_acks_folder_with_old_acks_applies_the_new_one_quietly(
    dirs: tuple[Path, Path], tmp_path: Path
) -> None:
    """A folder of acks from several days applies the newest and skips the older ones, exit 0."""
    hq, station = dirs
    acks = tmp_path / "acks"
    register_household(station)
    run_cli("export", data_dir=station)
    run_cli("hq", "import", str(station / "outbox"), "--acks-out", str(acks), data_dir=hq)
    assert run_cli("ack", str(acks), data_dir=station).returncode == 0
    add_water(station, 800)
    run_cli("export", data_dir=station)
    run_cli("hq", "import", str(station / "outbox"), "--acks-out", str(acks), data_dir=hq)
    second = run_cli("ack", str(acks), data_dir=station)
    assert second.returncode == 0, second.stderr
    assert "skipped" in second.stdout and "ack no. 2 applied" in second.stdout
    assert (
        json.loads(run_cli("status", "--json", data_dir=station).stdout)["acknowledged_through"]
        == 2
    )
