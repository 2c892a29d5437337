"""Uploads started from the station's screens: when the next try is due (soon after a save,
every few minutes, later and later while the line is dead), and one try that remembers HQ's
address only once it worked.

The plan loads no cryptography (the station's screens open fast); a try loads the sync modules.
"""

from __future__ import annotations

import contextlib
import random
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from outpost.errors import OutpostError
from outpost.logbook import Logbook
from outpost.sync.status import SyncBook

if TYPE_CHECKING:
    from outpost.station.upload import Desk, SyncOutcome, UploadProgress

EVERY = 300.0
"""Seconds between two background tries while auto-upload is on and the last one went well."""
AFTER_SAVE = 5.0
"""Seconds from a save to the try it starts: a run of saves goes up together."""
WAIT_CAP = 300.0
"""The longest wait after a failed line, as `outpost sync --watch` waits by default."""


@dataclass
class UploadPlan:
    """When the next try is due (seconds of a monotonic clock), or None: no try is planned.

    A line that failed is tried again after `next_wait` (the backoff and jitter of
    `outpost sync --watch`), whether auto-upload is on or the officer asked; a refusal is not
    retried, since it needs a person; auto-upload adds a try every `every` seconds and one
    `after_save` seconds after a save."""

    auto: bool = False
    due_at: float | None = None
    tries: int = 0
    """Failed tries in a row (the backoff's attempt number)."""
    after_save: float = AFTER_SAVE
    every: float = EVERY
    cap: float = WAIT_CAP
    base: float = 5.0
    """The first wait after a failed line (`next_wait`)."""

    def switched(self, auto: bool, at: float) -> None:
        """Auto-upload turned on (a try soon) or off (no try planned)."""
        self.auto = auto
        self.tries = 0
        self.due_at = at + self.after_save if auto else None

    def saved(self, at: float) -> None:
        """A record was saved: with auto-upload on, a try soon; a dead line keeps its backoff
        (the try it has planned takes the new record too)."""
        if self.auto and self.tries == 0:
            self.due_at = at + self.after_save

    def is_due(self, at: float) -> bool:
        return self.due_at is not None and at >= self.due_at

    def started(self) -> None:
        self.due_at = None

    def worked(self, at: float, waiting: int, rng: random.Random | None = None) -> float | None:
        """The try reached HQ; with packets still not acknowledged, the seconds until the next
        try (as for a failed line), else None."""
        if waiting:
            return self.line_failed(at, rng)
        self.tries = 0
        self.due_at = at + self.every if self.auto else None
        return None

    def line_failed(self, at: float, rng: random.Random | None = None) -> float:
        """The line failed or HQ said later: the seconds until the next try."""
        from outpost.station.upload import next_wait

        self.tries += 1
        wait = next_wait(self.tries, self.cap, rng, self.base)
        self.due_at = at + wait
        return wait

    def network_up(self, at: float) -> None:
        """The laptop's network came up (outpost.station.netwatch) while a failed line waits
        out its backoff: the try is due now. The count of failed tries stays, so a link that
        comes and goes gets one try per change, and the backoff after it grows as before."""
        if self.tries and self.due_at is not None:
            self.due_at = at

    def refused(self) -> None:
        """HQ (or the address, or the pin) refused: no try until the officer asks again."""
        self.tries = 0
        self.due_at = None


def upload(
    book: Logbook,
    url: str = "",
    pin: str = "",
    progress: UploadProgress | None = None,
    desk: Desk | None = None,
) -> SyncOutcome:
    """`outpost sync` with the address typed on the screen (empty: the one remembered). The
    address is remembered (`SyncBook.hq_url`, `hq_pin`) only when the try worked: after any
    failure the one remembered before is kept."""
    from outpost.station.upload import at_hand, sync_with_hq

    desk = desk or at_hand
    before = desk(partial(_address, book))
    try:
        return sync_with_hq(book, url.strip() or None, pin.strip() or None, progress, desk)
    except BaseException:
        with contextlib.suppress(OutpostError):  # the disk refused: the failure told matters more
            desk(partial(_put_back, book, before))
        raise


def _address(book: Logbook) -> tuple[str | None, str | None]:
    sync = SyncBook.of(book)
    return sync.hq_url, sync.hq_pin


def _put_back(book: Logbook, before: tuple[str | None, str | None]) -> None:
    sync = SyncBook.of(book)
    if (sync.hq_url, sync.hq_pin) != before:
        sync.hq_url, sync.hq_pin = before
        sync.save(book)
