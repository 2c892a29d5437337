"""A courier's stick is hostile: links planted there redirect no write, and FIFOs, devices,
links and folders named like packets, acks or cards are refused on one line each, never
waited on."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import run_cli

from outpost.store import atomic_write, read_regular
from outpost.store.reading import NotRegularFile

PASSPHRASE = "dune-well-camel"
STATION_ID = "yingen-couple-post"


@pytest.fixture
def dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """An HQ and a station enrolled with each other, the station holding two entries sealed in
    one packet in its outbox."""
    monkeypatch.setenv("OUTPOST_HQ_PASSPHRASE", PASSPHRASE)
    hq, station = tmp_path / "hq", tmp_path / "station"
    made = run_cli("hq", "init", "--id", "alxa-brigade", "--name", "大队", data_dir=hq)
    assert made.returncode == 0, made.stderr
    init = run_cli(
        "init", "--station-id", STATION_ID, "--name", "银根戍边夫妻警务室",
        "--officer", "张伟", "--hq-card", str(hq / "hq.card.json"), data_dir=station,
    )  # fmt: skip
    assert init.returncode == 0, init.stderr
    assert run_cli("hq", "enroll", str(station / "station.card.json"), data_dir=hq).returncode == 0
    for data in ({"household_id": "hh-0007", "head": "巴特尔"}, {"household": "hh-0007"}):
        kind = "household" if "head" in data else "water_delivery"
        if kind == "water_delivery":
            data = {**data, "litres": 800}
        added = run_cli("add", kind, "--data", json.dumps(data), data_dir=station)
        assert added.returncode == 0, added.stderr
    assert run_cli("export", data_dir=station).returncode == 0
    return hq, station


def month_file(station: Path) -> Path:
    [page] = sorted((station / "log").glob("*.json"))
    return page


def plant_links(folder: Path, name: str, target: Path) -> list[Path]:
    """Links at `name` and at every temporary name an older outpost used for it (this process's
    pid and its neighbours), all pointing at `target`."""
    folder.mkdir(parents=True, exist_ok=True)
    links = [folder / name]
    links += [folder / f".{name}.{pid}.tmp" for pid in range(os.getpid() - 3, os.getpid() + 4)]
    for link in links:
        link.symlink_to(target)
    return links


def snapshot(paths: list[Path]) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in paths}


def test_links_on_the_stick_redirect_no_copy_of_a_packet(
    dirs: tuple[Path, Path], tmp_path: Path
) -> None:
    """`export --copy-to STICK` with links planted at the packet's name and its temporary names,
    pointing at the month file and at station.json, leaves both byte-identical."""
    _, station = dirs
    stick = tmp_path / "stick"
    [packet] = (station / "outbox").glob("*.opk")
    targets = [month_file(station), station / "station.json"]
    before = snapshot(targets)
    links = plant_links(stick, packet.name, targets[0])
    (stick / f".{packet.name}.{os.getpid()}.tmp").unlink()
    (stick / f".{packet.name}.{os.getpid()}.tmp").symlink_to(targets[1])

    done = run_cli("export", "--copy-to", str(stick), data_dir=station)

    assert done.returncode == 0, done.stderr
    assert snapshot(targets) == before
    copy = stick / packet.name
    assert not copy.is_symlink() and copy.read_bytes() == packet.read_bytes()
    assert all(link.is_symlink() for link in links[1:])  # left alone, never written through
    assert run_cli("check", data_dir=station).returncode == 0


def test_links_on_the_stick_redirect_no_ack(dirs: tuple[Path, Path], tmp_path: Path) -> None:
    """`hq import … --acks-out STICK/acks` with links at the ack's name and its temporary names
    pointing at hq.json and at the station's month file leaves both byte-identical, and the
    station applies the ack written."""
    hq, station = dirs
    acks = tmp_path / "stick" / "acks"
    log_id = json.loads((station / "station.json").read_text(encoding="utf-8"))["log_id"]
    name = f"{STATION_ID}-{log_id[:8]}-000001.oack"
    targets = [hq / "hq.json", month_file(station)]
    before = snapshot(targets)
    plant_links(acks, name, targets[0])
    (acks / f".{name}.{os.getpid() + 1}.tmp").unlink()
    (acks / f".{name}.{os.getpid() + 1}.tmp").symlink_to(targets[1])

    done = run_cli("hq", "import", str(station / "outbox"), "--acks-out", str(acks), data_dir=hq)

    assert done.returncode == 0, done.stderr
    assert snapshot(targets) == before
    assert not (acks / name).is_symlink()
    applied = run_cli("ack", str(acks / name), data_dir=station)
    assert applied.returncode == 0, applied.stderr
    assert run_cli("hq", "stations", data_dir=hq).returncode == 0


def test_a_write_replaces_a_link_at_its_name_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    """atomic_write over a link puts a regular 0600 file in the link's place; the link's target
    is untouched and no temporary file is left."""
    target = tmp_path / "precious"
    target.write_bytes(b"keep me")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "f").symlink_to(target)

    atomic_write(tmp_path / "out" / "f", b"new")

    assert target.read_bytes() == b"keep me"
    written = tmp_path / "out" / "f"
    assert not written.is_symlink() and written.read_bytes() == b"new"
    assert written.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["f"]


def run_timed(*args: str, data_dir: Path, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    """`outpost ARGS` in a real process that must end by itself: a hang fails the test."""
    argv = [sys.executable, "-m", "outpost", *args, "--data-dir", str(data_dir)]
    env = dict(os.environ, OUTPOST_LANG="en")
    return subprocess.run(argv, capture_output=True, text=True, env=env, timeout=timeout)


def test_ack_with_a_fifo_and_a_folder_in_the_acks_folder_returns_and_applies_the_rest(
    dirs: tuple[Path, Path], tmp_path: Path
) -> None:
    """`outpost ack STICK/acks` holding a FIFO, a link and a folder named like acks (sorted
    before the real one) refuses each on its line, applies the real ack, and does not wait."""
    hq, station = dirs
    acks = tmp_path / "stick" / "acks"
    done = run_cli("hq", "import", str(station / "outbox"), "--acks-out", str(acks), data_dir=hq)
    assert done.returncode == 0, done.stderr
    os.mkfifo(acks / "0-fifo.oack")
    (acks / "1-folder.oack").mkdir()
    (acks / "2-link.oack").symlink_to(next(acks.glob(f"{STATION_ID}*.oack")))

    applied = run_timed("ack", str(acks), data_dir=station)

    assert applied.returncode == 3, applied.stderr
    errors = applied.stderr.splitlines()
    assert len(errors) == 3 and "Traceback" not in applied.stderr
    assert "0-fifo.oack" in errors[0] and "named pipe" in errors[0]
    assert "1-folder.oack" in errors[1] and "a folder" in errors[1]
    assert "2-link.oack" in errors[2] and "symbolic link" in errors[2]
    assert "ack no. 1 applied" in applied.stdout
    status = json.loads(run_cli("status", "--json", data_dir=station).stdout)
    assert status["acknowledged_through"] == 2


def test_hq_import_of_a_fifo_returns_and_imports_the_other_packets(
    dirs: tuple[Path, Path], tmp_path: Path
) -> None:
    """`hq import` given a FIFO named like a packet, and a folder holding two more and a folder
    so named, refuses each on one line and imports the real packet."""
    hq, station = dirs
    stick = tmp_path / "stick"
    stick.mkdir()
    os.mkfifo(stick / "a.opk")
    (stick / "inner").mkdir()
    os.mkfifo(stick / "inner" / "b.opk")
    (stick / "c.opk").mkdir()
    given_fifo = tmp_path / "given.opk"
    os.mkfifo(given_fifo)
    [packet] = (station / "outbox").glob("*.opk")

    done = run_timed("hq", "import", str(given_fifo), str(stick), str(packet), data_dir=hq)

    assert done.returncode == 3
    refused = [line for line in done.stdout.splitlines() if "named pipe" in line]
    assert len(refused) == 3, done.stdout + done.stderr
    assert "c.opk" in done.stdout and "a folder" in done.stdout
    assert "new, 2 entries" in done.stdout


def test_hq_enroll_of_a_fifo_card_returns_at_once(dirs: tuple[Path, Path], tmp_path: Path) -> None:
    """A FIFO given as a station card is refused in one line (exit 3), not waited on."""
    hq, _ = dirs
    card = tmp_path / "card.json"
    os.mkfifo(card)
    done = run_timed("hq", "enroll", str(card), data_dir=hq)
    assert done.returncode == 3 and "named pipe" in done.stderr
    assert len(done.stderr.splitlines()) == 1


def test_reading_refuses_a_device_without_opening_it(tmp_path: Path) -> None:
    """read_regular refuses /dev/zero (it would never end) and a link to a regular file."""
    with pytest.raises(NotRegularFile):
        read_regular(Path("/dev/zero"), 10)
    (tmp_path / "real").write_bytes(b"x")
    (tmp_path / "link").symlink_to(tmp_path / "real")
    with pytest.raises(NotRegularFile):
        read_regular(tmp_path / "link", 10)
    assert read_regular(tmp_path / "real", 10) == b"x"
