"""`outpost hq serve`: the inbox app run by uvicorn, with its limits, TLS, and a clean stop."""

from __future__ import annotations

import asyncio
import signal
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from outpost.brigade.desk import ArchiveDesk
from outpost.brigade.inbox import Inbox, hq_clock
from outpost.brigade.inbox_watch import EventRecorder, mark_running, unmark_running
from outpost.brigade.tls import hq_tls
from outpost.errors import UsageError
from outpost.hq import HqArchive
from outpost.hq.archive import utc_now
from outpost.hq.spool import Spool
from outpost.model.times import now, zone

DEFAULT_LISTEN = "0.0.0.0:8443"
CONNECTIONS = 64
"""Connections served at once; uvicorn answers 503 past it."""
HEAD_TIMEOUT = 15.0
"""Seconds a connection may take to send a request's head (and stay idle between requests)."""
GRACE = 30
"""Seconds a SIGTERM waits for the requests under way."""


def parse_listen(text: str) -> tuple[str, int]:
    """`HOST:PORT` (an IPv6 host in brackets); UsageError when it is not one."""
    host, sep, port = text.rpartition(":")
    host = host.strip("[]")
    if not sep or not host or not port.isdigit() or int(port) > 65535:
        raise UsageError("net.bad_listen", value=text)
    return host, int(port)


class HeadTimeout(H11Protocol):
    """uvicorn's HTTP/1.1 protocol, closing a connection that sends no whole request head
    within HEAD_TIMEOUT (a client dribbling its headers holds a slot for no longer)."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._heads = 0
        self._arm()

    def _arm(self) -> None:
        seen = self._heads
        self.loop.call_later(HEAD_TIMEOUT, self._no_head, seen)

    def _no_head(self, seen: int) -> None:
        if self._heads == seen and not self.transport.is_closing():
            self.transport.close()

    def handle_events(self) -> None:
        had = self.cycle
        super().handle_events()
        if self.cycle is not had:
            self._heads += 1

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._arm()


@dataclass
class Serving:
    """How to serve: where, whether with TLS, and for tests when to stop by itself."""

    listen: tuple[str, int]
    tls: bool = True
    exit_after: float | None = None


def open_for_serving(folder: Path, passphrase: bytes) -> HqArchive:
    """The archive as the server holds it: shared with `outpost hq import`, keys unlocked."""
    archive = HqArchive.open(folder, shared_write=True)
    try:
        archive.unlock(passphrase)
    except BaseException:
        archive.close()
        raise
    return archive


def serve(
    folder: Path,
    passphrase: bytes,
    how: Serving,
    say: Callable[[str], None],
    log: Callable[[str], None],
) -> None:
    """Serve the inbox until SIGTERM or SIGINT (or `exit_after` seconds): the archive in
    `folder` opened at the desk, the first line said the URL (`listening on URL`), then the TLS pin,
    each request one line through `log` and kept for HQ's inbox screen (`inbox_events`, and the
    marker outpost.brigade.inbox_watch reads). Returns once every request under way is done and the
    archive is closed."""
    desk = ArchiveDesk(lambda: open_for_serving(folder, passphrase))
    try:
        sock = _bound(*how.listen)
        config_tls: dict[str, Any] = {}
        pin = None
        if how.tls:
            files = desk.call(lambda: hq_tls(folder, desk.hq_id, utc_now()))
            config_tls = {"ssl_certfile": str(files.cert), "ssl_keyfile": str(files.key)}
            pin = files.fingerprint
        inbox = Inbox(desk, Spool(folder))
        shown_zone = zone(desk.archive.timezone)

        def stamped(line: str) -> None:
            log(f"{now(shown_zone).isoformat(timespec='seconds')} {line}")

        config = uvicorn.Config(
            EventRecorder(inbox.app(stamped), desk.note, hq_clock),
            http=HeadTimeout,
            lifespan="off",
            log_config=None,
            access_log=False,
            limit_concurrency=CONNECTIONS,
            timeout_keep_alive=int(HEAD_TIMEOUT),
            timeout_graceful_shutdown=GRACE,
            h11_max_incomplete_event_size=8 * 1024,
            server_header=False,
            date_header=False,  # 37 bytes of every answer a station has no use for
            **config_tls,
        )
        server = uvicorn.Server(config)
        host, port = sock.getsockname()[:2]
        shown = f"[{host}]" if ":" in host else host
        url = f"{'https' if how.tls else 'http'}://{shown}:{port}"
        mark_running(folder, url, utc_now())
        say(f"listening on {url}")
        if pin is not None:
            say(f"pin {pin}")
        if how.exit_after is not None:
            # A plain sleep, not threading.Timer: a lock's timeout never runs out under the
            # libfaketime of the suite's date runs (docs/architecture.md, "Testing under
            # faketime").
            _stop_after(server, how.exit_after)
        # uvicorn turns SIGTERM and SIGINT into a graceful stop, then raises the signal again
        # for the handler it found: a quiet one here, so the stop ends as a normal return
        # (the archive closed by the desk, and the command's last line said).
        quiet = {sig: signal.signal(sig, _stopped) for sig in (signal.SIGTERM, signal.SIGINT)}
        try:
            server.run(sockets=[sock])
        finally:
            for sig, handler in quiet.items():
                signal.signal(sig, handler)
    finally:
        unmark_running(folder)
        desk.close()


def _stopped(signum: int, frame: object) -> None:
    """A stop signal uvicorn already acted on."""


def _bound(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise UsageError("net.cannot_listen", value=f"{host}:{port}", reason=str(exc)) from None
    sock.listen(128)
    return sock


def _stop_after(server: uvicorn.Server, seconds: float) -> None:
    """Ask `server` to stop gracefully once `seconds` have passed (the hidden `--exit-after`)."""

    def wait_then_stop() -> None:
        time.sleep(seconds)
        server.should_exit = True

    threading.Thread(target=wait_then_stop, name="outpost-exit-after", daemon=True).start()
