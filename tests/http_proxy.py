"""A real HTTP proxy for the tests: forwards absolute-URI requests (http://) and tunnels CONNECT
(https://), counting what went through it. 127.0.0.1 only, threads, the standard library's
`http.server` for the parsing; it stops by itself after `lifetime` seconds should a test forget.
"""

from __future__ import annotations

import base64
import contextlib
import http.client
import select
import socket
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "proxy-connection",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
}
"""Headers that concern one hop only: never passed on (RFC 9110 §7.6.1)."""
OWN = {"server", "date", "content-length"}
"""Headers of the answer the proxy writes itself."""


class HttpProxy:
    """Listens on 127.0.0.1 (a free port). `forwarded` lists each forwarded request as
    `METHOD absolute-URI`, `tunnels` each CONNECT as `HOST:PORT`; with `login` ("user:secret"),
    a request without those Basic credentials is answered 407 and counted in `refused`."""

    def __init__(self, *, lifetime: float = 60.0, login: str | None = None) -> None:
        self.forwarded: list[str] = []
        self.tunnels: list[str] = []
        self.refused = 0
        self.login = login
        self._lock = threading.Lock()
        proxy = self

        class Handler(_Handler):
            owner = proxy

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.port = int(self._server.server_address[1])
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        self._timer = threading.Timer(lifetime, self._server.shutdown)
        self._timer.daemon = True
        self._timer.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def note(self, into: list[str], what: str) -> None:
        with self._lock:
            into.append(what)

    def close(self) -> None:
        self._timer.cancel()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)

    def __enter__(self) -> HttpProxy:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _Handler(BaseHTTPRequestHandler):
    """One connection from a client: one forwarded request, or one tunnel."""

    owner: HttpProxy
    timeout = 30

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the tests read the counts, not a log on stderr."""

    def allowed(self) -> bool:
        """Whether the request carries the proxy's credentials (when it asks for any)."""
        login = self.owner.login
        if login is None:
            return True
        wanted = "Basic " + base64.b64encode(login.encode()).decode()
        if self.headers.get("Proxy-Authorization") == wanted:
            return True
        with self.owner._lock:
            self.owner.refused += 1
        self.send_response(407, "Proxy Authentication Required")
        self.send_header("Proxy-Authenticate", 'Basic realm="test"')
        self.send_header("Content-Length", "0")
        self.end_headers()
        self.close_connection = True
        return False

    def do_CONNECT(self) -> None:
        if not self.allowed():
            return
        host, _, port = self.path.rpartition(":")
        try:
            upstream = socket.create_connection((host, int(port)), timeout=30)
        except (OSError, ValueError):
            self.send_error(502, "cannot reach the target")
            return
        self.owner.note(self.owner.tunnels, self.path)
        self.send_response(200, "Connection established")
        self.end_headers()
        self.close_connection = True
        with upstream:
            _pipe_both_ways(self.connection, upstream)

    def do_GET(self) -> None:
        self._forward()

    def do_PUT(self) -> None:
        self._forward()

    def do_POST(self) -> None:
        self._forward()

    def _forward(self) -> None:
        """Pass an absolute-URI request on in origin form, with a Host from the URI (RFC 9112
        §3.2.2), and its answer back whole."""
        if not self.allowed():
            return
        target = urllib.parse.urlsplit(self.path)
        if target.scheme != "http" or not target.hostname:
            self.send_error(400, "a proxy takes absolute http:// URIs")
            return
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {
            name: value
            for name, value in self.headers.items()
            if name.lower() not in HOP_BY_HOP and name.lower() != "host"
        }
        headers["Host"] = target.netloc
        origin = (target.path or "/") + (f"?{target.query}" if target.query else "")
        self.owner.note(self.owner.forwarded, f"{self.command} {self.path}")
        upstream = http.client.HTTPConnection(target.hostname, target.port or 80, timeout=30)
        try:
            upstream.request(self.command, origin, body=body, headers=headers)
            answer = upstream.getresponse()
            raw = answer.read()
        except (OSError, http.client.HTTPException):
            self.send_error(502, "the target did not answer")
            return
        finally:
            upstream.close()
        self.send_response(answer.status, answer.reason)
        for name, value in answer.getheaders():
            if name.lower() not in HOP_BY_HOP | OWN:
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(raw)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(raw)
        self.close_connection = True


def _pipe_both_ways(client: socket.socket, upstream: socket.socket) -> None:
    """Copy bytes each way until either side closes (or 30 s of silence)."""
    ends = [client, upstream]
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        ready, _, _ = select.select(ends, [], [], 30)
        if not ready:
            return
        for src in ready:
            dst = upstream if src is client else client
            try:
                block = src.recv(65536)
                if not block:
                    return
                dst.sendall(block)
            except OSError:
                return
    with contextlib.suppress(OSError):
        client.shutdown(socket.SHUT_RDWR)
