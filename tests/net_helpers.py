"""A real `outpost hq serve` process for the network tests, and signed requests sent by hand."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from conftest import run_cli

from outpost.sync import wire
from outpost.sync.identity import load_station_key

PASSPHRASE = "dune-well-camel-27"
STATION = "yingen-couple-post"


def set_up(tmp_path: Path) -> tuple[Path, Path]:
    """An HQ and a station (one household registered) enrolled with each other."""
    hq, station = tmp_path / "hq", tmp_path / "station"
    assert os.environ.get("OUTPOST_HQ_PASSPHRASE") == PASSPHRASE, "set by the test's fixture"
    assert (
        run_cli("hq", "init", "--id", "alxa-brigade", "--name", "HQ", data_dir=hq).returncode == 0
    )
    init = run_cli(
        "init", "--station-id", STATION, "--name", "银根", "--officer", "张伟",
        "--hq-card", str(hq / "hq.card.json"), data_dir=station,
    )  # fmt: skip
    assert init.returncode == 0, init.stderr
    assert run_cli("hq", "enroll", str(station / "station.card.json"), data_dir=hq).returncode == 0
    add(station, "household", {"household_id": "hh-0007", "head": "巴特尔"})
    return hq, station


def add(station: Path, kind: str, data: dict[str, Any]) -> None:
    done = run_cli("add", kind, "--data", json.dumps(data), data_dir=station)
    assert done.returncode == 0, done.stderr


@dataclass
class Served:
    """A running `outpost hq serve`: its process, URL, TLS pin and output file."""

    proc: subprocess.Popen[bytes]
    url: str
    pin: str | None
    out: Path

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1])

    def log(self) -> str:
        return self.out.read_text()

    def logged(self, text: str, within: float = 10.0) -> bool:
        """Whether the server's log shows `text` within `within` seconds (a request's line is
        written after its answer went out)."""
        deadline = time.monotonic() + within
        while text not in self.log():
            if time.monotonic() > deadline:
                return False
            time.sleep(0.05)
        return True

    def stop(self) -> int:
        """SIGTERM, then the exit status (killed after 10 s: a test never waits for ever)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)
            raise


def serve(hq: Path, *, tls: bool = False, port: int = 0, logs: Path | None = None) -> Served:
    """Start `outpost hq serve` on 127.0.0.1 (a free port unless given), its output in `logs`
    (else beside `hq`); it stops by itself after 60 s should the test die before stopping it."""
    out = (logs or hq.parent) / f"serve-{time.monotonic_ns()}.out"
    argv = [sys.executable, "-m", "outpost", "hq", "serve", "--listen", f"127.0.0.1:{port}"]
    argv += ["--tls" if tls else "--plain", "--exit-after", "60", "--data-dir", str(hq)]
    env = dict(os.environ, OUTPOST_HQ_PASSPHRASE=PASSPHRASE, OUTPOST_LANG="en")
    # HQ's clock starts at this process's (unless the test set one): under `faketime -f @TIME`
    # each new process starts at TIME again, HQ behind by this one's age (docs/architecture.md).
    env.setdefault("OUTPOST_NOW", datetime.now(UTC).isoformat())
    with out.open("wb") as sink:
        proc = subprocess.Popen(argv, stdout=sink, stderr=subprocess.STDOUT, env=env)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        lines = out.read_text().splitlines()
        if lines and lines[0].startswith("listening on ") and (not tls or len(lines) > 1):
            pin = lines[1].split(": ", 1)[1].replace(" ", "") if tls else None
            return Served(proc, lines[0].removeprefix("listening on "), pin, out)
        if proc.poll() is not None:
            break
        time.sleep(0.05)
    proc.kill()
    proc.wait(timeout=10)
    raise AssertionError(f"the server did not start: {out.read_text()}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def run_outpost_sync(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """`outpost sync ARGS` in a real process."""
    argv = [sys.executable, "-m", "outpost", "sync", *args]
    env = dict(os.environ, OUTPOST_LANG="en")
    return subprocess.run(argv, capture_output=True, text=True, env=env, timeout=timeout)


def signed_headers(
    station_dir: Path, method: str, path: str, body: bytes = b"", **over: Any
) -> dict[str, str]:
    """The headers a station signs for this request (`over` replaces any of them)."""
    key = over.pop("key", None) or load_station_key(station_dir)
    assert key is not None
    headers = wire.sign_request(
        key,
        hq_id="alxa-brigade",
        station=over.pop("station", STATION),
        method=method,
        path=path,
        body_sha256=wire.body_digest(body),
        time=over.pop("time", None) or int(time.time()),
    )
    headers.update(over)
    return headers


def send(
    served: Served, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None
) -> tuple[int, dict[str, Any]]:
    """One request over plain HTTP; its status and JSON answer (a binary answer, the ack: its
    state, entries added and `ack` bytes)."""
    conn = http.client.HTTPConnection("127.0.0.1", served.port, timeout=10)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        raw = response.read()
        if response.getheader("content-type") == "application/json":
            return response.status, json.loads(raw)
        state, added = (response.getheader(wire.STATE) or "held 0").split(" ")
        return response.status, {"state": state, "new_entries": int(added), "ack": raw}
    finally:
        conn.close()


def entries_at_hq(hq: Path) -> int:
    import sqlite3

    db = sqlite3.connect(f"file:{hq / 'archive.sqlite'}?mode=ro", uri=True)
    try:
        return int(db.execute("SELECT COUNT(*) FROM entries").fetchone()[0])
    finally:
        db.close()


HEADER = "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"
DEFAULT = "wwan0\t00000000\t0101A8C0\t0003\t0\t0\t0\t00000000\t0\t0\t0\n"
LOCAL = "eth0\t0001A8C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n"


def machine(root: Path, wwan: str = "down", routes: str = LOCAL) -> Path:
    """`root` laid out as a laptop's network files: loopback, a wired link up, a modem."""
    for name, state in (("lo", "unknown"), ("eth0", "up"), ("wwan0", wwan)):
        (root / "sys/class/net" / name).mkdir(parents=True, exist_ok=True)
        (root / "sys/class/net" / name / "operstate").write_text(f"{state}\n")
    (root / "proc/net").mkdir(parents=True, exist_ok=True)
    (root / "proc/net/route").write_text(HEADER + routes)
    return root
