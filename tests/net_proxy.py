"""A fault-injecting TCP proxy for the network tests: 127.0.0.1 only, threads, stops by itself.

Each connection the station opens gets the next `Fault` of the proxy's plan (then `default`):
cut after N bytes either way, stall, reset, drop the answer once the request went through (HQ
committed, the station never hears), replay the request on a second connection, a throttled
link. `flap` cuts every connection every few seconds, as a satellite line does.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

BLOCK = 4096


@dataclass
class Fault:
    """What happens to one connection (all off: a clean line)."""

    cut_up: int | None = None
    """Close both sides once this many bytes went station → HQ."""
    cut_down: int | None = None
    """Close both sides once this many bytes went HQ → station."""
    stall: float = 0.0
    """Forward nothing, either way, for this long first (then go on)."""
    reset: bool = False
    """Close with a TCP reset (RST) instead of forwarding."""
    lose_answer: bool = False
    """Forward the request whole, swallow HQ's answer, close the station's side."""
    duplicate: bool = False
    """Send the station's bytes to HQ a second time on a new connection, once this one ends."""
    rate: float | None = None
    """Bytes a second, each way."""


@dataclass
class Counted:
    """Bytes of one connection each way, and its fault."""

    fault: Fault
    up: int = 0
    down: int = 0
    sent_up: bytearray = field(default_factory=bytearray)
    request_done: threading.Event = field(default_factory=threading.Event)


class Proxy:
    """Listens on 127.0.0.1 (a free port) and forwards to `target_port`, the plan's faults
    applied; closes itself after `lifetime` seconds should a test forget."""

    def __init__(self, target_port: int, *, lifetime: float = 120.0) -> None:
        self.target_port = target_port
        self.plan: list[Fault] = []
        self.default = Fault()
        self.connections: list[Counted] = []
        self.down = False
        """While True, every new connection is reset at once (the line is gone)."""
        self._live: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.2)
        self.port = int(self._listener.getsockname()[1])
        self._deadline = time.monotonic() + lifetime
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
        self.cut_all()
        self._listener.close()

    def __enter__(self) -> Proxy:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def cut_all(self) -> None:
        """Close every connection under way (both sides)."""
        with self._lock:
            live = list(self._live)
        for sock in live:
            _close(sock)

    def flap(self, up: float, down: float, until: Callable[[], bool]) -> threading.Thread:
        """A line up for `up` seconds then gone for `down`, over and over, until `until()`."""

        def run() -> None:
            while not until() and not self._stop.is_set():
                time.sleep(up)
                self.down = True
                self.cut_all()
                time.sleep(down)
                self.down = False

        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        return thread

    def _accept(self) -> None:
        while not self._stop.is_set() and time.monotonic() < self._deadline:
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            if self.down:
                _reset(client)
                continue
            with self._lock:
                fault = self.plan.pop(0) if self.plan else self.default
                counted = Counted(fault)
                self.connections.append(counted)
            threading.Thread(target=self._serve, args=(client, counted), daemon=True).start()

    def _serve(self, client: socket.socket, counted: Counted) -> None:
        fault = counted.fault
        if fault.reset:
            _reset(client)
            return
        if fault.stall:
            self._pause(fault.stall)
        try:
            server = socket.create_connection(("127.0.0.1", self.target_port), timeout=30)
        except OSError:
            _reset(client)
            return
        with self._lock:
            self._live.update((client, server))
        up = threading.Thread(target=self._pipe, args=(client, server, counted, True), daemon=True)
        up.start()
        self._pipe(server, client, counted, False)
        up.join(timeout=60)
        for sock in (client, server):
            _close(sock)
        with self._lock:
            self._live.difference_update((client, server))
        if fault.duplicate:
            self._replay(bytes(counted.sent_up))

    def _pause(self, seconds: float) -> None:
        """Wait `seconds` (less once the proxy closes) in short sleeps measured on the monotonic
        clock: an Event's timeout is a deadline the kernel keeps, which libfaketime 0.9.10 does
        not translate, so under it a stall never ended (docs/architecture.md, Testing)."""
        deadline = time.monotonic() + seconds
        while not self._stop.is_set() and time.monotonic() < deadline:
            time.sleep(min(0.02, max(0.0, deadline - time.monotonic())))

    def _pipe(self, src: socket.socket, dst: socket.socket, counted: Counted, up: bool) -> None:
        fault = counted.fault
        limit = fault.cut_up if up else fault.cut_down
        started = time.monotonic()
        moved = 0
        try:
            while True:
                block = src.recv(BLOCK if fault.rate is None else max(1, int(fault.rate / 8)))
                if not block:
                    if up:
                        counted.request_done.set()
                        with contextlib.suppress(OSError):
                            dst.shutdown(socket.SHUT_WR)
                        return
                    break
                if limit is not None and moved + len(block) >= limit:
                    block = block[: limit - moved]
                    dst.sendall(block)
                    self._count(counted, up, block)
                    break
                if not up and fault.lose_answer:
                    counted.request_done.set()
                    break  # HQ answered: the station never hears it
                if fault.rate is not None:
                    wait = started + (moved + len(block)) / fault.rate - time.monotonic()
                    if wait > 0:
                        time.sleep(wait)
                dst.sendall(block)
                moved += len(block)
                self._count(counted, up, block)
        except OSError:
            pass
        _close(src)
        _close(dst)

    def _count(self, counted: Counted, up: bool, block: bytes) -> None:
        if up:
            counted.up += len(block)
            if counted.fault.duplicate:
                counted.sent_up.extend(block)
        else:
            counted.down += len(block)

    def _replay(self, request: bytes) -> None:
        """The same bytes once more, as a retrying middlebox would; its answer is dropped."""
        address = ("127.0.0.1", self.target_port)
        with contextlib.suppress(OSError), socket.create_connection(address, timeout=10) as again:
            again.sendall(request)
            again.shutdown(socket.SHUT_WR)
            while again.recv(BLOCK):
                pass


def _close(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    with contextlib.suppress(OSError):
        sock.close()


def _reset(sock: socket.socket) -> None:
    """Close with RST: SO_LINGER on, zero seconds."""
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    with contextlib.suppress(OSError):
        sock.close()
