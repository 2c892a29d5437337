"""What HQ's inbox screen reads of a running `outpost hq serve` without talking HTTP: the
"server running" marker in the HQ folder, and the events the server keeps in the archive
(`inbox_events`), recorded by `EventRecorder` around the inbox app."""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from outpost.hq import HqArchive
from outpost.hq.inbox_events import InboxEvent, recent_events
from outpost.model import format_time
from outpost.store.files import atomic_write
from outpost.sync import wire

MARKER = "inbox.running.json"
"""Written by `outpost hq serve` once it listens, removed when it stops cleanly."""

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]

_PACKET_PATH = re.compile(r"^/v1/packets/([0-9a-f]{64})$")
BEFORE_ARCHIVE = frozenset(
    ("unsigned", "unknown_station", "clock", "bad_signature", "replayed", "too_many")
)
"""Refusals made from memory on a request's head, before the archive is touched."""
_BODY_KEPT = 4096
"""Bytes of an answer read for its code and reason (the inbox's answers are small JSON)."""


def mark_running(folder: Path, url: str, at: datetime) -> Path:
    """Say in the HQ folder that this process serves the inbox at `url` since `at`."""
    path = folder / MARKER
    mark = {"pid": os.getpid(), "listen": url, "started_at": format_time(at)}
    atomic_write(path, json.dumps(mark).encode())
    return path


def unmark_running(folder: Path) -> None:
    """Take the marker away (a clean stop); another server's marker is left alone."""
    mark = _read_mark(folder)
    if mark is not None and mark.get("pid") == os.getpid():
        with contextlib.suppress(OSError):
            (folder / MARKER).unlink()


@dataclass(frozen=True)
class ServerState:
    """The inbox server as the HQ folder tells of it."""

    running: bool
    listen: str = ""
    started_at: str = ""
    pid: int = 0
    stale: bool = False
    """A marker was left by a server that is gone (killed, or the machine lost power)."""


def server_state(folder: Path) -> ServerState:
    """Whether `outpost hq serve` runs on this folder: its marker, and its process alive."""
    mark = _read_mark(folder)
    if mark is None:
        return ServerState(running=False)
    pid = mark.get("pid")
    alive = isinstance(pid, int) and pid > 0 and _alive(pid)
    return ServerState(
        running=alive,
        listen=str(mark.get("listen", "")),
        started_at=str(mark.get("started_at", "")),
        pid=pid if isinstance(pid, int) else 0,
        stale=not alive,
    )


@dataclass(frozen=True)
class InboxView:
    """HQ's inbox screen: the server's state and its latest events, the newest first."""

    server: ServerState
    events: list[dict[str, Any]]
    """Each with its station's `name` (the claimed id for a station HQ does not know)."""


def inbox_view(archive: HqArchive, limit: int = 50) -> InboxView:
    """What the inbox screen shows (a few small reads: cheap to poll every few seconds)."""
    events = recent_events(archive.db, limit)
    names = dict(archive.db.execute("SELECT id, name FROM stations").fetchall())
    named = [{**e, "name": names.get(e["station"], e["station"])} for e in events]
    return InboxView(server_state(archive.folder), named)


def _read_mark(folder: Path) -> dict[str, Any] | None:
    try:
        raw = (folder / MARKER).read_bytes()[:4096]
        mark = json.loads(raw)
    except (OSError, ValueError):
        return None
    return mark if isinstance(mark, dict) else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another account's process: alive
    return True


class EventRecorder:
    """ASGI middleware noting each upload, ack fetch and refusal for `note` (the desk's
    buffer): cheap on every request, the archive written later in batches."""

    def __init__(
        self, app: App, note: Callable[[InboxEvent], None], clock: Callable[[], float]
    ) -> None:
        self.app = app
        self.note = note
        self.clock = clock

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        seen: dict[str, Any] = {"status": 0, "body": b"", "state": ""}

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                seen["status"] = message["status"]
                for name, value in message.get("headers", []):
                    if name.decode("latin-1").lower() == wire.STATE:
                        seen["state"] = value.decode("latin-1").split(" ")[0]
            elif message["type"] == "http.response.body" and len(seen["body"]) < _BODY_KEPT:
                seen["body"] += message.get("body", b"")[:_BODY_KEPT]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            event = self._event(scope, seen["status"], seen["body"], seen["state"])
            if event is not None:
                self.note(event)

    def _event(self, scope: Scope, status: int, body: bytes, state: str) -> InboxEvent | None:
        """What one request did, as the inbox screen lists it (None: not worth a line). A
        refusal's code and reason come from its JSON body; an upload's result from the
        `outpost-state` header of its answer (the body is the ack itself)."""
        method, path = scope.get("method", ""), scope.get("path", "")
        headers = {
            k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])
        }
        claimed = headers.get(wire.HEADER, "").split(" ")[0][:64]  # a refusal's, unchecked
        station = scope.get("outpost", {}).get("station") or claimed
        found = _PACKET_PATH.match(path)
        digest = found.group(1) if found else None
        answer: dict[str, Any] = {}
        with contextlib.suppress(ValueError, UnicodeDecodeError):
            parsed = json.loads(body)
            answer = parsed if isinstance(parsed, dict) else {}
        if status >= 400 or status == 0:
            code = str(answer.get("code", "error"))
            # The code says what (HQ's screen words it in its language); `reason` is the
            # detail some refusals add (why a packet was refused), in the server's language.
            reason = str(answer.get("reason") or "")
            if code in BEFORE_ARCHIVE:
                digest = None  # refused on its head: alike refusals of a flood count as one
            return InboxEvent(station or "?", status, code[:40], reason[:300], digest)
        if method == "GET" and path != "/v1/ack":
            return None  # a state query before an upload: the upload itself says enough
        length = headers.get("content-length", "0")
        claim = wire.read_claim(headers)
        skew = int(claim.time - self.clock()) if claim is not None else None
        state = "ack" if path == "/v1/ack" else state
        size = int(length) if method == "PUT" and length.isdigit() else 0
        return InboxEvent(station, status, "ok", state[:20], digest, size, skew=skew)
