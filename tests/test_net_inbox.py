"""The network road against a real `outpost hq serve` on 127.0.0.1 (docs/sync-protocol.md)."""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import re
import signal
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import run_cli
from net_helpers import (
    PASSPHRASE,
    STATION,
    Served,
    add,
    entries_at_hq,
    send,
    serve,
    set_up,
    signed_headers,
)

from outpost.sync import wire
from outpost.sync.limits import MAX_PACKET_BYTES


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Path, Path, Served]]:
    """An HQ, its enrolled station, and the HQ's inbox server running (plain HTTP)."""
    monkeypatch.setenv("OUTPOST_HQ_PASSPHRASE", PASSPHRASE)
    hq, station = set_up(tmp_path)
    served = serve(hq)
    try:
        yield hq, station, served
    finally:
        assert served.stop() == 0, served.log()
    assert "inbox server stopped" in served.log()


def export(station: Path) -> list[Path]:
    assert run_cli("export", data_dir=station).returncode == 0
    return sorted((station / "outbox").glob("*.opk"))


def put(served: Served, station: Path, raw: bytes, offset: int = 0) -> tuple[int, dict]:
    digest = hashlib.sha256(raw).hexdigest()
    path = f"{wire.packet_path(digest)}?offset={offset}&length={len(raw)}"
    body = raw[offset:]
    return send(served, "PUT", path, body, signed_headers(station, "PUT", path, body))


def test_sync_uploads_and_applies_the_ack_in_one_run(world: tuple[Path, Path, Served]) -> None:
    """`outpost sync` exports, uploads, and applies the ack that came back: all acknowledged."""
    hq, station, served = world
    add(station, "water_delivery", {"household": "hh-0007", "litres": 800})
    done = run_cli("sync", "--url", served.url, data_dir=station)
    assert done.returncode == 0, done.stderr
    assert "sent 1 packet(s), 0 already held; acknowledged through entry 2" in done.stdout
    assert "plain HTTP" in done.stderr
    assert entries_at_hq(hq) == 2
    again = run_cli("sync", data_dir=station)  # the URL is remembered
    assert again.returncode == 0 and "sent 0 packet(s)" in again.stdout
    status = json.loads(run_cli("status", "--json", data_dir=station).stdout)
    assert status["acknowledged_through"] == 2 and status["unacknowledged"] == 0
    assert served.logged(f" {STATION} PUT /v1/packets/")
    # Each request's line starts with its time in the brigade's zone (Asia/Shanghai), never UTC.
    [line] = [ln for ln in served.log().splitlines() if f" {STATION} PUT /v1/packets/" in ln][:1]
    assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00 ", line), line


def test_the_same_packet_twice_is_held_and_imported_once(world: tuple[Path, Path, Served]) -> None:
    """Sending a packet HQ holds answers 200 "held" with an ack, and changes nothing."""
    hq, station, served = world
    [packet] = export(station)
    raw = packet.read_bytes()
    first, body = put(served, station, raw)
    assert (first, body["state"], body["new_entries"]) == (200, "new", 1)
    again, body = put(served, station, raw)
    assert (again, body["state"]) == (200, "held")
    assert body["ack"].startswith(b"OUTPOST-ACK")
    assert entries_at_hq(hq) == 1


def test_a_cut_upload_resumes_from_the_bytes_hq_holds(world: tuple[Path, Path, Served]) -> None:
    """Half a packet, then the line drops: HQ keeps the half (0600, never imported), says so,
    and `outpost sync` (a real process) sends the rest and ends acknowledged."""
    hq, station, served = world
    batch = station.parent / "batch.jsonl"
    lines = [
        {"kind": "water_delivery", "data": {"household": "hh-0007", "litres": n, "note": "x" * 40}}
        for n in range(100, 400)
    ]
    batch.write_text("".join(json.dumps(line) + "\n" for line in lines))
    assert run_cli("add", "--batch", str(batch), data_dir=station).returncode == 0
    [packet] = export(station)
    raw = packet.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    path = f"{wire.packet_path(digest)}?offset=0&length={len(raw)}"
    headers = signed_headers(station, "PUT", path, raw)
    sock = socket.create_connection(("127.0.0.1", served.port), timeout=10)
    head = f"PUT {path} HTTP/1.1\r\nHost: hq\r\nContent-Length: {len(raw)}\r\n"
    head += "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
    half = len(raw) // 2
    sock.sendall(head.encode() + raw[:half])
    time.sleep(0.2)
    sock.close()  # the line drops
    state_path = wire.packet_path(digest)
    for _ in range(100):
        status, body = send(
            served, "GET", state_path, b"", signed_headers(station, "GET", state_path)
        )
        if body.get("offset") == half:
            break
        time.sleep(0.05)
    assert (status, body["state"], body["offset"]) == (200, "partial", half)
    part = hq / "spool" / STATION / f"{digest}.part"
    assert stat.S_IMODE(part.stat().st_mode) == 0o600
    assert entries_at_hq(hq) == 0  # a partial packet is never imported
    env = dict(os.environ, OUTPOST_LANG="en")
    argv = [
        sys.executable,
        "-m",
        "outpost",
        "sync",
        "--url",
        served.url,
        "--data-dir",
        str(station),
    ]
    done = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "acknowledged through entry 301" in done.stdout
    assert entries_at_hq(hq) == 301 and not part.exists()
    assert f"?offset={half}" not in served.log()  # the log shows paths, not queries
    # This station never began that upload itself, so it sent from the start: HQ answered from
    # the head with its offset, and the rest went.
    assert served.logged(" 409 offset_mismatch ") and served.log().count(" PUT ") == 3


def test_a_fork_is_409_and_recorded_as_for_a_stick(
    world: tuple[Path, Path, Served], tmp_path: Path
) -> None:
    """A station restored from an old backup uploads a fork: 409, and HQ records the incident."""
    import shutil

    hq, station, served = world
    backup = tmp_path / "backup"
    shutil.copytree(station, backup)
    add(station, "water_delivery", {"household": "hh-0007", "litres": 800})
    assert run_cli("sync", "--url", served.url, data_dir=station).returncode == 0
    add(backup, "water_delivery", {"household": "hh-0007", "litres": 300})
    shutil.rmtree(backup / "outbox", ignore_errors=True)
    forked = run_cli("sync", "--url", served.url, data_dir=backup)
    assert forked.returncode == 4, forked.stderr
    assert "a fork" in forked.stderr and "Traceback" not in forked.stderr
    [row] = json.loads(run_cli("hq", "stations", "--json", data_dir=hq).stdout)
    assert row["incidents"][0]["kind"] == "fork" and row["entries"] == 2
    assert served.logged(" 409 fork ")


def test_unsigned_foreign_and_replayed_requests_are_refused(
    world: tuple[Path, Path, Served],
) -> None:
    """No signature, another key, an unknown station, a replay, a stale clock: each refused
    with its code, the archive unchanged."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    hq, station, served = world
    [packet] = export(station)
    raw = packet.read_bytes()
    path = f"{wire.packet_path(hashlib.sha256(raw).hexdigest())}?offset=0&length={len(raw)}"
    cases = {
        "unsigned": {},
        "bad_signature": signed_headers(
            station, "PUT", path, raw, key=Ed25519PrivateKey.generate()
        ),
        "unknown_station": signed_headers(station, "PUT", path, raw, station="nobody-here"),
        "clock": signed_headers(station, "PUT", path, raw, time=1000),
    }
    for code, headers in cases.items():
        status, body = send(served, "PUT", path, raw, headers)
        assert body["code"] == code, (code, body)
        assert status == (403 if code == "unknown_station" else 401)
    good = signed_headers(station, "PUT", path, raw)
    assert send(served, "PUT", path, raw, good)[0] == 200
    assert send(served, "PUT", path, raw, good) == (
        401,
        {"code": "replayed", "message": "this request was seen before"},
    )
    assert send(served, "GET", "/v1/../../etc/passwd")[0] in (401, 404)
    status, body = send(served, "GET", "/v1/packets/..%2F..%2Fx", b"", {})
    assert status == 404 and body["code"] == "not_found"
    dotted = "/v1/packets/..." + "0" * 61
    status, body = send(served, "GET", dotted, b"", signed_headers(station, "GET", dotted))
    assert status == 400 and body["code"] == "bad_digest"
    assert entries_at_hq(hq) == 1
    codes = [
        send(served, "GET", wire.ACK_PATH, b"", signed_headers(station, "GET", wire.ACK_PATH))
        for _ in range(40)
    ]
    assert codes[-1][0] == 429 and codes[-1][1]["code"] == "too_many"  # the station's bucket


def test_a_station_whose_request_bucket_ran_dry_waits_it_out_and_syncs(
    world: tuple[Path, Path, Served],
) -> None:
    """HQ's 429 with a wait of a second or two is waited out by `outpost sync` itself, which
    then uploads as usual (a station syncing often must not see "try later" for that)."""
    hq, station, served = world
    add(station, "water_delivery", {"household": "hh-0007", "litres": 800})
    for _ in range(40):  # empty the station's bucket
        send(served, "GET", wire.ACK_PATH, b"", signed_headers(station, "GET", wire.ACK_PATH))
    done = run_cli("sync", "--url", served.url, data_dir=station)
    assert done.returncode == 0, done.stderr
    assert entries_at_hq(hq) == 2
    assert served.logged(" 429 too_many")


def test_a_body_over_the_packet_cap_is_refused_before_it_is_read(
    world: tuple[Path, Path, Served],
) -> None:
    """A PUT announcing 100 MiB gets 413 from its head alone; no byte is kept."""
    hq, station, served = world
    size = 100 * 1024 * 1024
    digest = "ab" * 32
    path = f"{wire.packet_path(digest)}?offset=0&length={size}"
    headers = signed_headers(station, "PUT", path, b"")
    conn = http.client.HTTPConnection("127.0.0.1", served.port, timeout=10)
    conn.putrequest("PUT", path)
    conn.putheader("Content-Length", str(size))
    for name, value in headers.items():
        conn.putheader(name, value)
    conn.endheaders()
    conn.send(b"x" * 1024)  # a little of the body, then the answer is read
    response = conn.getresponse()
    assert response.status == 413 and json.loads(response.read())["code"] == "too_large"
    conn.close()
    assert size > MAX_PACKET_BYTES
    assert not (hq / "spool" / STATION / f"{digest}.part").exists()


def test_hq_import_from_a_stick_runs_while_the_server_serves(
    world: tuple[Path, Path, Served], tmp_path: Path
) -> None:
    """`outpost hq import` (a second real process) imports a stick while the server takes an
    upload: neither is told the folder is in use, and HQ holds both."""
    hq, station, served = world
    other = tmp_path / "other"
    init = run_cli(
        "init", "--station-id", "ejina-post", "--name", "额济纳", "--officer", "王",
        "--hq-card", str(hq / "hq.card.json"), data_dir=other,
    )  # fmt: skip
    assert init.returncode == 0
    assert run_cli("hq", "enroll", str(other / "station.card.json"), data_dir=hq).returncode == 0
    for n in range(3):
        add(other, "household", {"household_id": f"hh-{n:04d}", "head": "巴特尔"})
        export(other)
    add(station, "water_delivery", {"household": "hh-0007", "litres": 800})
    env = dict(os.environ, OUTPOST_LANG="en", OUTPOST_HQ_PASSPHRASE=PASSPHRASE)
    argv = [sys.executable, "-m", "outpost", "hq", "import", str(other / "outbox")]
    importing = subprocess.Popen(
        [*argv, "--data-dir", str(hq)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    uploaded = run_cli("sync", "--url", served.url, data_dir=station)
    out, err = importing.communicate(timeout=60)
    assert importing.returncode == 0, err
    assert uploaded.returncode == 0, uploaded.stderr
    assert out.count(": ejina-post: ") == 3, out
    assert entries_at_hq(hq) == 2 + 3


def test_no_connection_is_its_own_line_and_exit_6(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With nothing listening at HQ's address, `outpost sync` says so in one line, exit 6."""
    monkeypatch.setenv("OUTPOST_HQ_PASSPHRASE", PASSPHRASE)
    _hq, station = set_up(tmp_path)
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    done = run_cli("sync", "--url", f"http://127.0.0.1:{port}", data_dir=station)
    assert done.returncode == 6
    [line] = done.stderr.strip().splitlines()[-1:]
    assert line.startswith("outpost: no connection to HQ (") and "Traceback" not in done.stderr
    status = json.loads(run_cli("status", "--json", data_dir=station).stdout)
    assert status["unexported"] == 0  # exported all the same: the packet waits in the outbox


def test_sigterm_lets_the_upload_under_way_finish_and_import(
    world: tuple[Path, Path, Served],
) -> None:
    """SIGTERM in the middle of a packet's body: the server takes no new request, the one under
    way is read to its end and imported whole, then the server exits 0."""
    hq, station, served = world
    add(station, "water_delivery", {"household": "hh-0007", "litres": 800})
    [packet] = export(station)
    raw = packet.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    path = f"{wire.packet_path(digest)}?offset=0&length={len(raw)}"
    headers = signed_headers(station, "PUT", path, raw)
    sock = socket.create_connection(("127.0.0.1", served.port), timeout=20)
    head = f"PUT {path} HTTP/1.1\r\nHost: hq\r\nContent-Length: {len(raw)}\r\n"
    head += "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
    sock.sendall(head.encode() + raw[:100])
    time.sleep(0.3)
    served.proc.send_signal(signal.SIGTERM)
    time.sleep(0.3)
    assert served.proc.poll() is None  # waiting for the request under way
    sock.sendall(raw[100:])
    answer = b""
    while b"OUTPOST-ACK" not in answer:
        chunk = sock.recv(65536)
        if not chunk:
            break
        answer += chunk
    sock.close()
    assert answer.startswith(b"HTTP/1.1 200"), answer[:200]
    assert served.proc.wait(timeout=20) == 0
    assert entries_at_hq(hq) == 2


class LineDropped(Exception):
    """The test's way of cutting the line part-way through a body."""


def test_the_stations_own_cut_upload_asks_hq_and_sends_only_the_rest(
    world: tuple[Path, Path, Served],
) -> None:
    """`sync_with_hq` cut after its first block: the next run asks HQ how much it holds, sends
    only the rest, and ends acknowledged, the entries held once."""
    from outpost.logbook import Logbook
    from outpost.station.upload import sync_with_hq

    hq, station, served = world
    batch = station.parent / "batch.jsonl"
    lines = [
        {
            "kind": "water_delivery",
            "data": {"household": "hh-0007", "litres": n, "note": os.urandom(60).hex()},
        }
        for n in range(1, 300)
    ]
    batch.write_text("".join(json.dumps(line) + "\n" for line in lines))
    assert run_cli("add", "--batch", str(batch), data_dir=station).returncode == 0
    sent: list[int] = []

    def cut(number: int, count: int, done: int, size: int) -> None:
        sent.append(done)
        if done >= 32 * 1024 and len(sent) == 2:
            time.sleep(0.5)  # HQ reads what reached it (uvicorn drops a body unread at a cut)
            raise LineDropped

    with Logbook.open(station) as book, pytest.raises(LineDropped):
        sync_with_hq(book, served.url, progress=cut)
    with Logbook.open(station) as book:
        outcome = sync_with_hq(book, progress=cut)
    assert (outcome.sent, outcome.acknowledged_through, outcome.waiting) == (1, 300, 0)
    assert sent[:2] == [16 * 1024, 32 * 1024] and min(sent[2:]) > 16 * 1024  # from HQ's offset
    assert served.logged(" GET /v1/packets/") and " 409 " not in served.log()
    assert entries_at_hq(hq) == 300


def test_a_station_enrolled_again_while_serving_is_heard_with_its_new_key(
    world: tuple[Path, Path, Served], tmp_path: Path
) -> None:
    """A reinstalled laptop (new log, new key) enrolled with `--replace` while the server runs
    is heard at once: the server reads the keys again (at most every 5 s, so this test waits
    that long) rather than refusing the new key until a restart."""
    hq, _station, served = world
    started = time.monotonic()
    fresh = tmp_path / "reinstalled"
    init = run_cli(
        "init", "--station-id", STATION, "--name", "银根", "--officer", "张伟",
        "--hq-card", str(hq / "hq.card.json"), data_dir=fresh,
    )  # fmt: skip
    assert init.returncode == 0
    card = str(fresh / "station.card.json")
    assert run_cli("hq", "enroll", "--replace", card, data_dir=hq).returncode == 0
    add(fresh, "household", {"household_id": "hh-0001", "head": "其其格"})
    time.sleep(max(0.0, 5.5 - (time.monotonic() - started)))
    done = run_cli("sync", "--url", served.url, data_dir=fresh)
    assert done.returncode == 0, done.stderr
    assert "acknowledged through entry 1" in done.stdout
