"""HQ's inbox: the ASGI app of `outpost hq serve` (Starlette), docs/sync-protocol.md made code.

Every request is checked (signed headers, enrolled station, clock, signature, nonce, rate) from
memory before its body is read or the archive touched; a completed packet goes through the
stick road's own import and ack (outpost.brigade.desk).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Callable
from datetime import UTC
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from starlette.applications import Starlette
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from outpost.brigade.desk import ArchiveDesk
from outpost.errors import Conflict, InputRefused, OutpostError, StorageFailed
from outpost.hq.spool import Spool
from outpost.model.times import now
from outpost.sync import wire
from outpost.sync.limits import MAX_PACKET_BYTES
from outpost.sync.packet import read_packet

BUCKET = 30
"""Requests a station may make at once before it is slowed down."""
REFILL = 2.0
"""Requests a second a station gets back."""
STALL = 30.0
"""Seconds a request body may go without a byte."""
SLOW_GRACE = 10.0
"""Seconds a body may take before its average rate is held to SLOW_RATE."""
SLOW_RATE = 64.0
"""Bytes a second a body must average after SLOW_GRACE: a trickle that never stalls (a byte a
second) would otherwise hold a connection for days; a 2 kB/s satellite line is far above it."""
KEYS_REFRESH = 5.0
"""Seconds between two readings of the enrolled keys for an unknown station or a signature
that does not verify (a flood of them reads the keys at most this often)."""
KEYS_KEPT = 60.0
"""Seconds the enrolled keys are trusted in memory: a station re-enrolled with a new key (a
stolen laptop) has its old key refused within a minute, without restarting the server."""
MAX_NONCES = 200_000
SWEEP_EVERY = 3600.0
"""Seconds between two looks for partial packets past their age (`Spool.expire`): at start,
then on the first signed request after this long (a few directory reads)."""

MESSAGES = {
    "not_found": "no such endpoint",
    "method": "method not allowed here",
    "unsigned": "the request is not signed (its Outpost header missing or malformed)",
    "unknown_station": "this station is not enrolled at this HQ",
    "clock": "the station's clock is too far from HQ's",
    "bad_signature": "the signature does not verify with the station's enrolled key",
    "replayed": "this request was seen before",
    "too_many": "too many requests: wait and try again",
    "bad_digest": "a packet digest is 64 lower-case hex digits",
    "bad_offset": "offset and length do not fit the packet",
    "length_required": "Content-Length is required",
    "too_large": "larger than the packet cap",
    "offset_mismatch": "HQ holds another number of bytes of this packet",
    "body_mismatch": "the body does not match the digest its Outpost header signs",
    "digest_mismatch": "the bytes received are not the packet of this digest: send it again",
    "slow": "the body stalled or came too slowly: resume from `offset`",
    "other_station": "this packet is another station's",
    "packet_refused": "HQ refused the packet",
    "fork": "HQ holds other entries at these seqs: a fork (incident recorded)",
    "nothing_from": "HQ holds nothing of this station yet",
    "storage": "HQ's disk refused: try later",
}


def hq_clock() -> float:
    """HQ's time for the clock check (OUTPOST_NOW moves it in tests and demos, as it moves a
    station's)."""
    return now(UTC).timestamp()


def refusal(status: int, code: str, **extra: Any) -> JSONResponse:
    """A JSON refusal with its stable code (docs/sync-protocol.md, "Errors")."""
    headers = {"Retry-After": str(extra.pop("retry_after"))} if "retry_after" in extra else None
    body = {"code": code, "message": MESSAGES[code], **extra}
    return JSONResponse(body, status_code=status, headers=headers)


class Inbox:
    """The inbox's state: the desk, the spool, enrolled keys, nonces seen, buckets."""

    def __init__(
        self, desk: ArchiveDesk, spool: Spool, clock: Callable[[], float] | None = None
    ) -> None:
        self.desk = desk
        self.spool = spool
        self.clock = clock or hq_clock
        self.keys: dict[str, Ed25519PublicKey] = desk.call(desk.keys)
        self.keys_read = time.monotonic()
        self.nonces: dict[tuple[str, str], float] = {}
        self.buckets: dict[str, tuple[float, float]] = {}
        self.uploading: set[tuple[str, str]] = set()
        self.swept = time.monotonic()
        self.sweep()

    def sweep(self) -> None:
        """Expire partial packets past their age, never one being written (the event loop's
        thread: no upload begins or ends meanwhile); a disk that refuses waits for next time."""
        self.swept = time.monotonic()
        with contextlib.suppress(OSError):
            self.spool.expire(self.uploading)

    def app(self, log: Callable[[str], None]) -> ASGIApp:
        """The ASGI app, each request logged as one line through `log`."""
        routes = [
            Route("/v1/packets/{digest}", self.packet, methods=["GET", "PUT"]),
            Route("/v1/ack", self.ack, methods=["GET"]),
        ]
        handlers = {404: _not_found, 405: _not_allowed}
        app = Starlette(routes=routes, exception_handlers=handlers)
        return RequestLog(app, log)

    # -- the checks every request passes ---------------------------------------------------

    async def signed(self, request: Request) -> str | Response:
        """The station that signed the request, or the refusal (nothing read past the head)."""
        claim = wire.read_claim(request.headers)
        if claim is None:
            return refusal(401, "unsigned")
        note(request, station=claim.station)
        age = time.monotonic() - self.keys_read
        if age > KEYS_KEPT or (claim.station not in self.keys and age > KEYS_REFRESH):
            await self._read_keys()  # a station enrolled since, or re-enrolled with a new key
        key = self.keys.get(claim.station)
        if key is None:
            return refusal(403, "unknown_station")
        now = self.clock()
        if abs(claim.time - now) > wire.CLOCK_WINDOW:
            return refusal(401, "clock", hq_time=int(now))
        path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        verified = wire.verify_claim(
            claim, key, hq_id=self.desk.hq_id, method=request.method, path=path
        )
        if not verified and time.monotonic() - self.keys_read > KEYS_REFRESH:
            await self._read_keys()  # the station may have been enrolled again just now
            key = self.keys.get(claim.station)
            verified = key is not None and wire.verify_claim(
                claim, key, hq_id=self.desk.hq_id, method=request.method, path=path
            )
        if not verified:
            return refusal(401, "bad_signature")
        if not self._fresh_nonce(claim.station, claim.nonce, now):
            return refusal(401, "replayed")
        wait = self._take(claim.station)
        if wait:
            return refusal(429, "too_many", retry_after=wait)
        return claim.station

    async def _read_keys(self) -> None:
        self.keys_read = time.monotonic()
        self.keys = await self.desk.run(self.desk.keys)

    def _fresh_nonce(self, station: str, nonce: str, now: float) -> bool:
        if len(self.nonces) > MAX_NONCES // 2:
            self.nonces = {k: v for k, v in self.nonces.items() if v > now}
        if (station, nonce) in self.nonces or len(self.nonces) >= MAX_NONCES:
            return False
        self.nonces[(station, nonce)] = now + wire.NONCE_MEMORY
        return True

    def _take(self, station: str) -> int:
        """Take one request from the station's bucket; seconds to wait when it is empty."""
        now = time.monotonic()
        level, then = self.buckets.get(station, (float(BUCKET), now))
        level = min(float(BUCKET), level + (now - then) * REFILL)
        if level < 1:
            self.buckets[station] = (level, now)
            return max(1, int((1 - level) / REFILL + 0.999))
        self.buckets[station] = (level - 1, now)
        return 0

    # -- endpoints ---------------------------------------------------------------------------

    async def packet(self, request: Request) -> Response:
        signed = await self.signed(request)
        if isinstance(signed, Response):
            return signed
        station, digest = signed, request.path_params["digest"]
        if time.monotonic() - self.swept > SWEEP_EVERY:
            self.sweep()
        if not wire.DIGEST.match(digest):
            return refusal(400, "bad_digest")
        if request.method == "GET":
            return await self._state(station, digest)
        return await self._put(request, station, digest)

    async def _state(self, station: str, digest: str) -> Response:
        if await self.desk.run(lambda: self.desk.holds(station, digest)):
            return JSONResponse({"digest": digest, "state": "held", "offset": 0})
        offset = self.spool.offset(station, digest)
        state = "partial" if offset else "absent"
        return JSONResponse({"digest": digest, "state": state, "offset": offset})

    async def _put(self, request: Request, station: str, digest: str) -> Response:
        try:
            offset = int(request.query_params["offset"])
            total = int(request.query_params["length"])
        except (KeyError, ValueError):
            return refusal(400, "bad_offset")
        sent = request.headers.get("content-length")
        if sent is None or not sent.isdigit():
            return refusal(411, "length_required")
        if total > MAX_PACKET_BYTES or int(sent) > MAX_PACKET_BYTES:
            return refusal(413, "too_large")
        if offset < 0 or total < 1 or offset + int(sent) > total:
            return refusal(400, "bad_offset")
        if await self.desk.run(lambda: self.desk.holds(station, digest)):
            return await self._done(station, digest, None)
        key = (station, digest)
        if key in self.uploading:
            return refusal(409, "offset_mismatch", offset=self.spool.offset(station, digest))
        self.uploading.add(key)
        try:
            return await self._receive(request, station, digest, offset, total)
        finally:
            self.uploading.discard(key)

    async def _receive(
        self, request: Request, station: str, digest: str, offset: int, total: int
    ) -> Response:
        try:
            fd = self.spool.open_at(station, digest, offset)
        except OSError:
            return refusal(503, "storage")
        if fd is None:
            return refusal(409, "offset_mismatch", offset=self.spool.offset(station, digest))
        body = hashlib.sha256()
        stream = request.stream().__aiter__()
        started, received = time.monotonic(), 0
        try:
            while True:
                try:
                    chunk = await asyncio.wait_for(stream.__anext__(), STALL)
                except StopAsyncIteration:
                    break
                body.update(chunk)
                os.write(fd, chunk)
                received += len(chunk)
                took = time.monotonic() - started
                if took > SLOW_GRACE and received < SLOW_RATE * took:
                    raise TimeoutError  # what arrived is kept: the station resumes from it
        except TimeoutError:
            return refusal(408, "slow", offset=self.spool.offset(station, digest))
        except ClientDisconnect:
            return refusal(408, "slow")  # nobody reads it; what arrived is kept to resume
        except OSError:
            self.spool.cut_back(station, digest, offset)
            return refusal(503, "storage")
        finally:
            os.close(fd)
        claim = wire.read_claim(request.headers)
        if claim is None or wire.b64(body.digest()) != claim.body:
            self.spool.cut_back(station, digest, offset)
            return refusal(400, "body_mismatch")
        held = self.spool.offset(station, digest)
        if held < total:
            return JSONResponse({"state": "partial", "offset": held}, status_code=202)
        if held > total:
            self.spool.drop(station, digest)
            return refusal(400, "digest_mismatch")
        raw = self.spool.whole(station, digest)
        if raw is None:
            return refusal(400, "digest_mismatch")
        return await self._done(station, digest, raw)

    async def _done(self, station: str, digest: str, raw: bytes | None) -> Response:
        """Import the whole packet (when `raw`), then answer with the result and the ack."""
        log_id: str | None = None
        if raw is not None:
            try:
                header = read_packet(raw).header
            except InputRefused as exc:
                self.spool.drop(station, digest)
                return refusal(400, "packet_refused", reason=exc.message())
            if header.get("station") != station:
                self.spool.drop(station, digest)
                return refusal(403, "other_station")
            source = f"net:{station}"
            try:
                imported = await self.desk.run(lambda: self.desk.import_packet(raw, source))
            except Conflict as exc:
                self.spool.drop(station, digest)
                return refusal(409, "fork", reason=exc.message())
            except (StorageFailed, sqlite3.OperationalError, OSError):
                return refusal(503, "storage")
            except InputRefused as exc:
                self.spool.drop(station, digest)
                return refusal(400, "packet_refused", reason=exc.message())
            self.spool.drop(station, digest)
            state, added, log_id = imported.status, imported.new_entries, imported.log_id
        else:
            state, added = "held", 0
        try:
            ack = await self.desk.run(lambda: self.desk.ack(station, log_id))
        except (sqlite3.OperationalError, OSError, StorageFailed):
            return refusal(503, "storage")
        # The ack as raw bytes, the result in one short header: a satellite minute is dear
        # (the station knows its own id, the digest and seqs it sent; the ack says the rest).
        return Response(ack, headers={wire.STATE: f"{state} {added}"})

    async def ack(self, request: Request) -> Response:
        signed = await self.signed(request)
        if isinstance(signed, Response):
            return signed
        try:
            raw = await self.desk.run(lambda: self.desk.ack(signed))
        except (sqlite3.OperationalError, OSError, StorageFailed):
            return refusal(503, "storage")
        except OutpostError:
            return refusal(404, "nothing_from")
        return Response(raw)


def note(request: Request, **fields: str) -> None:
    """Fields for the request's log line."""
    request.scope.setdefault("outpost", {}).update(fields)


async def _not_found(request: Request, exc: Exception) -> Response:
    return refusal(404, "not_found")


async def _not_allowed(request: Request, exc: Exception) -> Response:
    return refusal(405, "method")


class RequestLog:
    """ASGI middleware: one line per request (who, what, the answer, how long)."""

    def __init__(self, app: ASGIApp, log: Callable[[str], None]) -> None:
        self.app = app
        self.log = log

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.monotonic()
        seen: dict[str, Any] = {"status": 0, "code": "-"}

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                seen["status"] = message["status"]
            elif message["type"] == "http.response.body" and seen["status"] >= 400:
                with contextlib.suppress(ValueError, KeyError, TypeError):
                    seen["code"] = str(_json_code(message.get("body", b"")))
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            client = scope.get("client") or ("-", 0)
            station = scope.get("outpost", {}).get("station", "-")
            took = int((time.monotonic() - started) * 1000)
            self.log(
                f"{client[0]} {station} {scope['method']} {scope['path'][:80]}"
                f" {seen['status']} {seen['code']} {took}ms"
            )


def _json_code(body: bytes) -> str:
    return str(json.loads(body)["code"])
