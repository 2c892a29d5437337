"""`HTTP_PROXY`, `HTTPS_PROXY` and `NO_PROXY` honoured by `outpost sync`: a real process through
the real proxy of tests/http_proxy.py to a real `outpost hq serve`."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from http_proxy import HttpProxy
from net_helpers import PASSPHRASE, add, entries_at_hq, free_port, serve, set_up

PROXY_VARIABLES = ("http_proxy", "https_proxy", "no_proxy", "all_proxy")


def sync_via(station: Path, *args: str, **proxies: str) -> subprocess.CompletedProcess[str]:
    """`outpost sync ARGS` in a real process whose environment names exactly `proxies`
    (HTTP_PROXY=…, NO_PROXY=…): whatever the machine's own settings are, they are left out."""
    env = {k: v for k, v in os.environ.items() if k.lower() not in PROXY_VARIABLES}
    env.update(proxies, OUTPOST_LANG="en")
    argv = [sys.executable, "-m", "outpost", "sync", *args, "--data-dir", str(station)]
    done = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=60)
    assert "Traceback" not in done.stderr, done.stderr
    return done


@pytest.fixture
def proxy() -> Iterator[HttpProxy]:
    with HttpProxy() as running:
        yield running


def test_http_proxy_carries_a_plain_upload_and_no_proxy_goes_around_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, proxy: HttpProxy
) -> None:
    """With HTTP_PROXY set, every request of the sync goes through the proxy (absolute URIs,
    which HQ gets in origin form with its signature intact) and lands; a proxy that wants a
    login gets the one in the variable's URL (it used to be dropped: 407, "not HQ", exit 3);
    with NO_PROXY naming HQ's host, the next sync goes straight to HQ."""
    monkeypatch.setenv("OUTPOST_HQ_PASSPHRASE", PASSPHRASE)
    hq, station = set_up(tmp_path)
    served = serve(hq)
    try:
        done = sync_via(station, "--url", served.url, HTTP_PROXY=proxy.url)
        assert done.returncode == 0, done.stderr
        assert "acknowledged through entry 1" in done.stdout
        [put] = [r for r in proxy.forwarded if r.startswith("PUT ")]
        assert put.startswith(f"PUT {served.url}/v1/packets/")
        assert entries_at_hq(hq) == 1 and served.log().count(" PUT ") == 1
        assert proxy.tunnels == []

        proxy.login = "caravan:s%cret"  # now it wants a login: given in the URL, it is sent
        add(station, "water_delivery", {"household": "hh-0007", "litres": 800})
        named = f"http://caravan:s%25cret@127.0.0.1:{proxy.port}"
        done = sync_via(station, HTTP_PROXY=named)
        assert done.returncode == 0, done.stderr
        assert "acknowledged through entry 2" in done.stdout and proxy.refused == 0

        add(station, "water_delivery", {"household": "hh-0007", "litres": 900})
        through = len(proxy.forwarded)
        done = sync_via(station, HTTP_PROXY=named, NO_PROXY="localhost,127.0.0.1")
        assert done.returncode == 0, done.stderr
        assert "acknowledged through entry 3" in done.stdout
        assert len(proxy.forwarded) == through  # the proxy saw nothing of it
        assert entries_at_hq(hq) == 3 and served.log().count(" PUT ") == 3
    finally:
        assert served.stop() == 0


def test_https_proxy_tunnels_to_tls_hq_and_the_pin_is_checked_through_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, proxy: HttpProxy
) -> None:
    """With HTTPS_PROXY set (with a login, which goes in the CONNECT), the sync asks the proxy
    for a tunnel and speaks TLS to HQ through it: HQ's certificate is checked against the pin at
    the far end (another pin: exit 3, nothing sent), and with the right one the packet lands.
    The proxy never sees a request."""
    monkeypatch.setenv("OUTPOST_HQ_PASSPHRASE", PASSPHRASE)
    hq, station = set_up(tmp_path)
    served = serve(hq, tls=True)
    proxy.login = "caravan:dune"
    named = f"http://caravan:dune@127.0.0.1:{proxy.port}"
    try:
        assert served.pin is not None
        refused = sync_via(station, "--url", served.url, "--pin", "0" * 64, HTTPS_PROXY=named)
        assert refused.returncode == 3, refused.stderr
        assert "does not match the pin" in refused.stderr
        assert proxy.tunnels == [f"127.0.0.1:{served.port}"]
        assert " PUT " not in served.log() and entries_at_hq(hq) == 0

        done = sync_via(station, "--url", served.url, "--pin", served.pin, HTTPS_PROXY=named)
        assert done.returncode == 0, done.stderr
        assert "acknowledged through entry 1" in done.stdout
        assert len(proxy.tunnels) >= 2 and set(proxy.tunnels) == {f"127.0.0.1:{served.port}"}
        assert proxy.refused == 0  # the login went in the CONNECT (it used to be dropped)
        assert proxy.forwarded == []  # inside the tunnel: nothing the proxy could read
        assert entries_at_hq(hq) == 1 and served.log().count(" PUT ") == 1
    finally:
        assert served.stop() == 0


def test_a_dead_proxy_is_no_connection_and_exit_6(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A proxy named in the environment that nobody answers at: the documented one line "no
    connection to HQ" and exit 6, for http:// and https:// alike; HQ, reachable directly, is
    not tried behind the user's back and holds nothing."""
    monkeypatch.setenv("OUTPOST_HQ_PASSPHRASE", PASSPHRASE)
    hq, station = set_up(tmp_path)
    served = serve(hq)
    dead = f"http://127.0.0.1:{free_port()}"
    try:
        for done in (
            sync_via(station, "--url", served.url, HTTP_PROXY=dead),
            sync_via(station, "--url", "https://127.0.0.1:9", "--pin", "a" * 64, HTTPS_PROXY=dead),
        ):
            assert done.returncode == 6, done.stderr
            [line] = done.stderr.strip().splitlines()[-1:]
            assert line.startswith("outpost: no connection to HQ ("), done.stderr
        assert " /v1/" not in served.log() and entries_at_hq(hq) == 0
    finally:
        assert served.stop() == 0


def test_a_malformed_proxy_variable_is_one_line_and_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A proxy variable that is no address (a port that is not a number, a bracket left open,
    no host at all) is named in one line, exit 2 (it used to end in "internal error", exit 1,
    or go around the proxy the user asked for), without the password it may hold."""
    monkeypatch.setenv("OUTPOST_HQ_PASSPHRASE", PASSPHRASE)
    _hq, station = set_up(tmp_path)
    plain, tls = "http://127.0.0.1:9", ("https://127.0.0.1:9", "--pin", "a" * 64)
    for url, variable, value in (
        ((plain,), "HTTP_PROXY", "http://proxy.example:notaport"),
        (tls, "HTTPS_PROXY", "http://[::1"),
        ((plain,), "HTTP_PROXY", "http://"),
        ((plain,), "HTTP_PROXY", "http://caravan:s3cret@proxy.example:80a"),
    ):
        done = sync_via(station, "--url", *url, **{variable: value})
        assert done.returncode == 2, done.stderr
        assert done.stderr.count("\n") == 1 and "internal error" not in done.stderr
        assert variable in done.stderr and value.rsplit("@")[-1] in done.stderr, done.stderr
        assert "s3cret" not in done.stderr  # a login in the variable is not shown
