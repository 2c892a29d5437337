"""The station's line to HQ's inbox server: signed requests over HTTP(S), the TLS pin, proxies.

The standard library only (docs/sync-protocol.md says why): `http.client` for the requests,
`urllib.request.getproxies` for `HTTP_PROXY`/`HTTPS_PROXY`/`NO_PROXY`.
"""

from __future__ import annotations

import base64
import hashlib
import http.client
import json
import socket
import ssl
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from outpost.errors import InputRefused, NotReached, UsageError
from outpost.sync import wire
from outpost.sync.ack import MAGIC_PREFIX as ACK_MAGIC

TIMEOUT = 30.0
"""Seconds any read or write on the line may take."""
BLOCK = 16 * 1024
"""Bytes sent between two progress reports."""
MAX_ANSWER = 256 * 1024
RETRY_LATER = (408, 429, 502, 503, 504)

SHORT_WAIT = 5
"""Seconds of a 429's `retry_after` a request waits out itself, rather than ending the sync."""

WAITS_OUT = 3
"""How many short waits one request takes before its 429 ends the sync (tried again later)."""
"""Statuses that mean "come back later", whoever sent them."""

Progress = Callable[[int], None]
"""Told the bytes of the body sent so far."""


@dataclass(frozen=True)
class Answer:
    """HQ's answer: its status, its JSON (`state` alone for a binary answer), the ack bytes."""

    status: int
    body: dict[str, Any]
    ack: bytes | None = None

    @property
    def code(self) -> str:
        return str(self.body.get("code", ""))


@dataclass(frozen=True)
class HqAddress:
    """HQ's inbox server: the URL's parts and the pin its certificate must match."""

    scheme: str
    host: str
    port: int
    pin: str | None

    @classmethod
    def of(cls, url: str, pin: str | None) -> HqAddress:
        """UsageError for a URL that is not http(s)://HOST[:PORT], or https without a pin."""
        try:
            parts = urllib.parse.urlsplit(url)
            port = parts.port
        except ValueError:
            raise UsageError("net.bad_url", url=url) from None
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise UsageError("net.bad_url", url=url)
        if parts.path not in ("", "/") or parts.query:
            raise UsageError("net.bad_url", url=url)
        pin = pin.replace(" ", "").replace(":", "").lower() if pin else None
        if parts.scheme == "https" and not (pin and wire.DIGEST.match(pin)):
            raise UsageError("net.no_pin")
        default = 443 if parts.scheme == "https" else 80
        return cls(parts.scheme, parts.hostname, port or default, pin)

    @property
    def plain(self) -> bool:
        return self.scheme == "http"


class HqLink:
    """Signed requests to one HQ: a new connection for each (a line that drops often leaves
    nothing half-open to trust)."""

    def __init__(
        self,
        address: HqAddress,
        key: Ed25519PrivateKey,
        station: str,
        hq_id: str,
        clock: Callable[[], float],
    ) -> None:
        self.address = address
        self.key = key
        self.station = station
        self.hq_id = hq_id
        self.clock = clock
        self.sent = 0
        """Bytes put on the line (heads and bodies), for the protocol's overhead."""
        self.sleep: Callable[[float], None] = time.sleep
        """How a short wait asked by HQ is waited (a test may count instead)."""

    def get(self, path: str) -> Answer:
        return self.request("GET", path, b"")

    def request(
        self, method: str, path: str, body: bytes, progress: Progress | None = None
    ) -> Answer:
        """Send one signed request and read its answer; HQ asking to wait a few seconds (429
        with a short `retry_after`: the station's request bucket ran dry) is waited out and
        the request signed and sent again, at most WAITS_OUT times. NotReached (exit 6) when
        the line fails in any way: the caller tries again later, resuming."""
        for _ in range(WAITS_OUT):
            answer = self._request_once(method, path, body, progress)
            wait = answer.body.get("retry_after") if answer.status == 429 else None
            if type(wait) is not int or not 0 < wait <= SHORT_WAIT:
                return answer
            self.sleep(wait)
        return self._request_once(method, path, body, progress)

    def _request_once(
        self, method: str, path: str, body: bytes, progress: Progress | None
    ) -> Answer:
        headers = wire.sign_request(
            self.key,
            hq_id=self.hq_id,
            station=self.station,
            method=method,
            path=path,
            body_sha256=wire.body_digest(body),
            time=int(self.clock()),
        )
        headers["Content-Length"] = str(len(body))
        try:
            conn, target, to_proxy = self._connect(path)
            try:
                conn.putrequest(method, target, skip_accept_encoding=True)
                for name, value in (headers | to_proxy).items():
                    conn.putheader(name, value)
                conn.endheaders()
                self.sent += len(target) + sum(len(k) + len(v) + 4 for k, v in headers.items())
                for start in range(0, len(body), BLOCK):
                    conn.send(body[start : start + BLOCK])
                    self.sent += min(BLOCK, len(body) - start)
                    if progress is not None:
                        progress(min(start + BLOCK, len(body)))
                response = conn.getresponse()
                raw = response.read(MAX_ANSWER)
                status = response.status
                kind = response.getheader("content-type") or ""
                state = response.getheader(wire.STATE) or ""
                retry_after = (response.getheader("Retry-After") or "").strip()[:6]
                # The line dropped part-way through the answer: short of its length, or cut in
                # its head (no length at all, where HQ always says one).
                framed = response.chunked or response.getheader("content-length") is not None
                if response.length or not framed:
                    raise http.client.IncompleteRead(raw, response.length)
            finally:
                conn.close()
        except (OSError, http.client.HTTPException) as exc:
            raise NotReached("net.no_connection", reason=_why(exc)) from None
        if status == 200 and not kind and raw.startswith(ACK_MAGIC):
            return Answer(200, {"state": state.split(" ")[0] or "held"}, ack=raw)
        try:
            answer = json.loads(raw)
        except ValueError:
            answer = None
        if not isinstance(answer, dict):
            if status in RETRY_LATER:  # a proxy's or uvicorn's own answer: not a refusal
                raise NotReached("net.busy", code=str(status))
            raise InputRefused("net.not_hq", status=status)
        if status == 429 and retry_after.isdigit():
            answer["retry_after"] = int(retry_after)  # the seconds HQ asks to wait
        return Answer(status, answer)

    def _connect(self, path: str) -> tuple[http.client.HTTPConnection, str, dict[str, str]]:
        """An open connection (through the proxy the environment names), the request target
        and the headers for a forwarding proxy (its login); with TLS, HQ's certificate already
        checked against the pin (a tunnel's proxy had its login in the CONNECT)."""
        a = self.address
        proxy = _proxy_for(a.scheme, a.host)
        conn: http.client.HTTPConnection
        target = path
        if a.plain:
            if proxy is None:
                conn = http.client.HTTPConnection(a.host, a.port, timeout=TIMEOUT)
            else:
                conn = http.client.HTTPConnection(*proxy[:2], timeout=TIMEOUT)
                target = f"http://{a.host}:{a.port}{path}"
            conn.connect()
            return conn, target, proxy[2] if proxy else {}
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.check_hostname = False  # no CA and no name: the pin binds (sync-protocol.md)
        context.verify_mode = ssl.CERT_NONE
        if proxy is None:
            conn = http.client.HTTPSConnection(a.host, a.port, timeout=TIMEOUT, context=context)
        else:
            conn = http.client.HTTPSConnection(*proxy[:2], timeout=TIMEOUT, context=context)
            conn.set_tunnel(a.host, a.port, headers=proxy[2])
        conn.connect()
        assert isinstance(conn.sock, ssl.SSLSocket)
        der = conn.sock.getpeercert(binary_form=True) or b""
        if hashlib.sha256(der).hexdigest() != a.pin:
            conn.close()
            raise InputRefused("net.pin_mismatch", pin=a.pin, seen=hashlib.sha256(der).hexdigest())
        return conn, target, {}


def _proxy_for(scheme: str, host: str) -> tuple[str, int, dict[str, str]] | None:
    """The proxy `HTTP_PROXY`/`HTTPS_PROXY` names for this scheme, unless `NO_PROXY` spares the
    host (urllib's own reading of the environment), and the header of the login its URL may
    hold (`http://user:secret@host:port`, sent as Basic credentials). UsageError (exit 2) for
    a variable that is no address."""
    url = urllib.request.getproxies().get(scheme)
    if not url or urllib.request.proxy_bypass(host):
        return None
    try:
        parts = urllib.parse.urlsplit(url if "://" in url else f"http://{url}")
        hostname, port = parts.hostname, parts.port
    except ValueError:
        hostname = None
    if not hostname:  # never around a proxy the user named: say it is no address
        shown = url if "@" not in url else "…@" + url.rsplit("@", 1)[1]  # not its password
        raise UsageError("net.bad_proxy", variable=f"{scheme.upper()}_PROXY", value=shown)
    login: dict[str, str] = {}
    if parts.username is not None:
        user, secret = (
            urllib.parse.unquote(parts.username),
            urllib.parse.unquote(parts.password or ""),
        )
        token = base64.b64encode(f"{user}:{secret}".encode()).decode()
        login["Proxy-Authorization"] = f"Basic {token}"
    return hostname, port or 8080, login


def _why(exc: BaseException) -> str:
    if isinstance(exc, socket.timeout | TimeoutError):
        return "timed out"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return type(exc).__name__
