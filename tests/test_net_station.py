"""The station's side of the network road: TLS pinned, `--watch` until acknowledged, signing."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import run_cli
from net_helpers import PASSPHRASE, add, entries_at_hq, free_port, run_outpost_sync, serve, set_up

from outpost.station.upload import next_wait
from outpost.sync import wire


def test_tls_with_the_pin_uploads_and_another_pin_sends_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Over TLS with HQ's own certificate, `outpost sync` (a real process) uploads when the pin
    matches; with another pin it refuses before sending (exit 3), and HQ holds nothing new."""
    monkeypatch.setenv("OUTPOST_HQ_PASSPHRASE", PASSPHRASE)
    hq, station = set_up(tmp_path)
    served = serve(hq, tls=True)
    try:
        assert served.url.startswith("https://") and served.pin and len(served.pin) == 64
        wrong = "0" * 64
        refused = run_outpost_sync("--url", served.url, "--pin", wrong, "--data-dir", str(station))
        assert refused.returncode == 3, refused.stderr
        assert "does not match the pin" in refused.stderr
        assert entries_at_hq(hq) == 0 and " PUT " not in served.log()
        done = run_outpost_sync(
            "--url", served.url, "--pin", served.pin, "--data-dir", str(station)
        )
        assert done.returncode == 0, done.stderr
        assert "acknowledged through entry 1" in done.stdout and "plain" not in done.stderr
        assert entries_at_hq(hq) == 1
        assert (hq / "tls.key").stat().st_mode & 0o077 == 0
    finally:
        assert served.stop() == 0


def test_watch_keeps_trying_until_hq_answers_and_acknowledges(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`outpost sync --watch` started while HQ is unreachable says so, waits, and ends once the
    server is up and every packet acknowledged."""
    monkeypatch.setenv("OUTPOST_HQ_PASSPHRASE", PASSPHRASE)
    hq, station = set_up(tmp_path)
    add(station, "water_delivery", {"household": "hh-0007", "litres": 800})
    port = free_port()
    argv = [sys.executable, "-m", "outpost", "sync", "--watch", "--wait-cap", "0.4"]
    argv += ["--url", f"http://127.0.0.1:{port}", "--data-dir", str(station)]
    env = dict(os.environ, OUTPOST_LANG="en")
    watching = subprocess.Popen(
        argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    try:
        time.sleep(1.0)
        assert watching.poll() is None
        served = serve(hq, port=port)
        try:
            out, err = watching.communicate(timeout=60)
        finally:
            assert served.stop() == 0
    finally:
        if watching.poll() is None:
            watching.kill()
            watching.wait(timeout=10)
    assert watching.returncode == 0, err
    assert "no connection to HQ" in err and "trying again in 0 s" in err
    assert "acknowledged through entry 2" in out
    status = json.loads(run_cli("status", "--json", data_dir=station).stdout)
    assert status["acknowledged_through"] == 2 and status["unacknowledged"] == 0


def test_waits_grow_to_the_cap_with_jitter() -> None:
    """Retries wait 5 s doubling, each drawn from the upper half, never past the cap."""
    rng = random.Random(7)
    waits = [next_wait(n, 300.0, rng) for n in range(1, 10)]
    assert 2.5 <= waits[0] <= 5 and 5 <= waits[1] <= 10
    assert all(150 <= w <= 300 for w in waits[6:])
    assert len({round(w, 3) for w in waits}) == len(waits)


def test_a_signature_covers_hq_method_path_time_nonce_and_body() -> None:
    """Changing any signed part of a request breaks its signature."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = Ed25519PrivateKey.generate()
    parts = {"hq_id": "alxa", "method": "PUT", "path": "/v1/packets/ab?offset=0&length=9"}
    headers = wire.sign_request(
        key, station="st-1", body_sha256=wire.EMPTY_BODY, time=1_800_000_000, **parts
    )
    claim = wire.read_claim(headers)
    assert claim is not None and wire.verify_claim(claim, key.public_key(), **parts)
    for name, other in (
        ("hq_id", "gobi"),
        ("method", "GET"),
        ("path", "/v1/packets/ab?offset=1&length=9"),
    ):
        assert not wire.verify_claim(claim, key.public_key(), **{**parts, name: other})
    station, time, nonce, body, signature = headers[wire.HEADER].split(" ")
    for changed in (
        f"{station} {int(time) + 1} {nonce} {body} {signature}",
        f"{station} {time} {'f' * 22} {body} {signature}",
        f"{station} {time} {nonce} {wire.body_digest(b'x')} {signature}",
    ):
        claim = wire.read_claim({wire.HEADER: changed})
        assert claim is not None and not wire.verify_claim(claim, key.public_key(), **parts)
    for malformed in (
        f"{station} {time} {nonce} {body}",
        f"{station} {time} {nonce} {body} bm90IGEgc2lnbmF0dXJl",
        f"{station} {time} {nonce} {body} {signature} extra",
        f"{station} {time} {nonce[:-1]}+ {body} {signature}",
    ):
        assert wire.read_claim({wire.HEADER: malformed}) is None
