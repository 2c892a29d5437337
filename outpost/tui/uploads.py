"""The station's uploads to HQ's inbox server while the screens run: one at a time, in a worker
thread, started by the sync screen's key or by themselves (auto-upload, `UploadPlan`).

The Logbook is used from the screens' thread only (a save and an upload's bookkeeping never
interleave): the worker runs `sync_with_hq` with a desk that hands each log step to that thread
(`App.call_from_thread`) and keeps the line, the slow part, to itself. The worker is a daemon
thread rather than Textual's executor, which the app waits for when it quits: a try stuck on a
dead satellite line would hold the quit up to the line's timeout. Quitting stops the worker at
its next step; what it sent stays at HQ and the next try resumes from there."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from textual.signal import Signal

from outpost.errors import Conflict, InputRefused, NotReached, OutpostError
from outpost.station.autoupload import UploadPlan, upload
from outpost.station.netwatch import NetworkWatch
from outpost.station.sealing import station_is_locked
from outpost.station.settings import AUTO_UPLOAD, auto_upload, remember

if TYPE_CHECKING:
    from outpost.logbook import Logbook
    from outpost.station.upload import SyncOutcome
    from outpost.tui.app import StationApp

T = TypeVar("T")

TICK = 1.0
"""Seconds between two looks at whether a try is due (and whether a record was saved)."""
LOOK = 2.0
"""Seconds between two looks at the laptop's network (a few small files): a link that comes up
ends a backoff's wait, as for `outpost sync --watch`."""


class Stopped(Exception):
    """The app is quitting: the worker ends where it is."""


@dataclass(frozen=True)
class UploadState:
    """Where the uploads stand, as the screens show it."""

    phase: str = "idle"
    """idle, running, connected, offline (no line), busy (HQ said later), refused (by HQ),
    failed (the address, the pin, the disk: something for the officer)."""
    packet: int = 0
    packets: int = 0
    sent: int = 0
    """Bytes of this packet HQ has (from where the try resumed)."""
    size: int = 0
    at: datetime | None = None
    """When the last try ended (the station's clock)."""
    retry_at: datetime | None = None
    """When the next try is due after a failed line (the station's clock), if planned."""
    outcome: SyncOutcome | None = None
    error: OutpostError | None = None
    bug: str = ""
    """The type of an unexpected error that stopped a try (nothing lost)."""

    @property
    def share(self) -> float:
        """How far the upload is, 0 to 1 (each packet an equal part)."""
        if not self.packets:
            return 0.0
        part = self.sent / self.size if self.size else 1.0
        return min(1.0, (self.packet - 1 + part) / self.packets)


class Uploads:
    """The one upload worker of a station app, its plan and its state (`changed` tells)."""

    def __init__(self, app: StationApp) -> None:
        self.app = app
        self.plan = UploadPlan()
        self.state = UploadState()
        self.changed: Signal[UploadState] = Signal(app, "uploads-changed")
        self.running = False
        self.stopping = False
        self.url = ""
        self.pin = ""
        """The address typed on the sync screen for this run (empty: the one remembered)."""
        self.seen_seq: int | None = None
        """The log's last seq at the last look: a higher one means a record was saved."""
        self.network = NetworkWatch()
        self.looked = 0.0

    # -- on the screens' thread ------------------------------------------------------------

    def start(self) -> None:
        """Look every `TICK` seconds whether a try is due (the app's timer: it stops with it)."""
        self.app.set_interval(TICK, self.tick)

    def stop(self) -> None:
        """The app quits: no log step runs after this, the worker ends at its next step."""
        self.stopping = True

    def tick(self) -> None:
        book = self.app.book
        if book is None or self.stopping:
            return
        moment = time.monotonic()
        if self.seen_seq is None:  # the first look at this station: its setting
            self.seen_seq = book.state.last_seq
            if auto_upload(book):
                self.plan.switched(True, moment)
        elif book.state.last_seq != self.seen_seq:
            self.seen_seq = book.state.last_seq
            self.plan.saved(moment)
        if moment - self.looked >= LOOK:
            self.looked = moment
            if self.network.came_up():
                self.plan.network_up(moment)
        if self.plan.is_due(moment) and self.free():
            self.begin()

    def free(self) -> bool:
        """Whether an upload may start: none running, no stick work, the station open and not
        locked by the idle lock (a locked station's files are not to be read)."""
        book = self.app.book
        if self.running or self.app.busy or book is None:
            return False
        return not station_is_locked(book.folder)

    def upload_now(self, url: str, pin: str) -> bool:
        """The officer's key: try now with this address; False while a try or the stick's work
        runs (never two at once)."""
        if not self.free():
            return False
        self.url, self.pin = url.strip(), pin.strip()
        self.begin()
        return True

    def set_auto(self, on: bool) -> None:
        """Turn auto-upload on or off, remembered (OutpostError when the disk refuses: the
        choice then holds for this run only)."""
        self.plan.switched(on, time.monotonic())
        if not on and self.state.retry_at is not None:
            self.state = replace(self.state, retry_at=None)
            self.publish()
        if self.app.book is not None:
            remember(self.app.book, AUTO_UPLOAD, on)

    def begin(self) -> None:
        book = self.app.book
        assert book is not None
        self.plan.started()
        self.running = True
        self.state = UploadState("running")
        self.publish()
        worker = threading.Thread(
            target=self.work, args=(book, self.url, self.pin), name="outpost-upload", daemon=True
        )
        worker.start()

    def moved(self, packet: int, packets: int, sent: int, size: int) -> None:
        self.state = UploadState("running", packet, packets, sent, size)
        self.publish()

    def ended(self, state: UploadState) -> None:
        """The try is over: plan the next one, tell the screens."""
        self.running = False
        book = self.app.book
        if self.stopping or book is None:
            return
        moment = time.monotonic()
        wait: float | None = None
        if state.phase == "connected":
            assert state.outcome is not None
            wait = self.plan.worked(moment, state.outcome.waiting)
        elif state.phase in ("offline", "busy"):
            wait = self.plan.line_failed(moment)
        else:
            self.plan.refused()
        now = book.clock()
        retry = now + timedelta(seconds=wait) if wait is not None else None
        self.state = replace(state, at=now, retry_at=retry)
        self.publish()

    def publish(self) -> None:
        self.changed.publish(self.state)

    # -- in the worker thread --------------------------------------------------------------

    def work(self, book: Logbook, url: str, pin: str) -> None:
        try:
            outcome = upload(book, url, pin, self.progress, self.desk)
            state = UploadState("connected", outcome=outcome)
        except Stopped:
            return
        except NotReached as exc:
            state = UploadState("offline" if exc.key == "net.no_connection" else "busy", error=exc)
        except (InputRefused, Conflict) as exc:
            from_hq = exc.key in ("net.refused", "net.fork", "net.clock")
            state = UploadState("refused" if from_hq else "failed", error=exc)
        except OutpostError as exc:
            state = UploadState("failed", error=exc)
        except Exception as exc:  # a bug must not kill the app; the officer sees one line
            state = UploadState("failed", bug=type(exc).__name__)
        try:
            self.desk(lambda: self.ended(state))
        except Stopped:
            return

    def progress(self, packet: int, packets: int, sent: int, size: int) -> None:
        """`sync_with_hq`'s progress, as each block leaves; quitting stops the send here."""
        self.desk(lambda: self.moved(packet, packets, sent, size))

    def desk(self, step: Callable[[], T]) -> T:
        """Run `step` on the screens' thread and give back its result (or raise its error);
        Stopped once the app is quitting or gone."""
        if self.stopping:
            raise Stopped
        try:
            done, value = self.app.call_from_thread(self.boxed, step)
        except RuntimeError:  # the app's loop is gone: the step's own errors come boxed
            raise Stopped from None
        if not done:
            raise value
        result: T = value
        return result

    def boxed(self, step: Callable[[], Any]) -> tuple[bool, Any]:
        if self.stopping:
            return False, Stopped()
        try:
            return True, step()
        except Exception as exc:  # handed back to the worker, which raises it there
            return False, exc
