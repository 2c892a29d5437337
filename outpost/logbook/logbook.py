"""`Logbook`: the station's append-only log on disk, one TinyDB file per month of `recorded_at`.

Layout of a station data directory::

    station.json        the station's settings (StationConfig)
    state.json          LogState: chain head, registry, stock (derived, rebuildable)
    corrections.json    LogState's amendments and voids (derived; rewritten only by a save that
                        holds a correction, since it grows with the years)
    log/2026-11.json    the entries recorded in that month, doc_id = seq (the truth); past
    log/2026-11.2.json  PAGE_ENTRIES entries a month goes on in page files, so that a save
                        rewrites at most one page however busy the month
    .lock               held while a process owns the directory

A save writes the month file first (`pages`), then the derived state (`state_files`); opening
after a crash between the two brings the state up to the log (`catch_up`); `outpost check`
verifies the whole chain (`check`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from outpost.errors import (
    ForeignDataDir,
    InputRefused,
    InvalidEntry,
    NotInitialised,
    OutpostError,
    StorageFailed,
    UsageError,
)
from outpost.logbook import rollback
from outpost.logbook.catch_up import load_state
from outpost.logbook.check import CheckReport, check_chain
from outpost.logbook.config import CONFIG_NAME, StationConfig, check_settings
from outpost.logbook.drafting import Draft, SaveResult
from outpost.logbook.pages import LOG_DIR, MonthPages
from outpost.logbook.state_files import CORRECTIONS_NAME, STATE_NAME, StateFiles, copy_state
from outpost.model import (
    KINDS,
    Entry,
    LogState,
    Warning_,
    build_entry,
    format_time,
    kind_of,
    prepare,
    validate_entry,
)
from outpost.model import times as _times
from outpost.model.entry import moved_time
from outpost.model.kinds import normalise_data
from outpost.store.atrest import UNLOCK_BACKUP, UNLOCK_NAME, is_sealed, key_for
from outpost.store.files import failure_reason, make_private_dir, remove_stale_temps, tighten
from outpost.store.lock import DirectoryLock, check_readable, refuse_no_access
from outpost.store.role import STATION, refuse_foreign

STATION_FILES = (LOG_DIR, STATE_NAME, CORRECTIONS_NAME, CONFIG_NAME, UNLOCK_NAME, UNLOCK_BACKUP)
"""What a station keeps in its folder (besides the lock and dot files)."""


class Logbook:
    """A station's log, owned by this process until `close()`."""

    def __init__(
        self,
        folder: Path,
        config: StationConfig,
        lock: DirectoryLock,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.folder = folder
        self.config = config
        self._lock = lock
        self.tz = config.tz
        self.clock = clock or (lambda: _times.now(self.tz))
        self.state = LogState()
        self._pages = MonthPages(folder)
        self._state_files = StateFiles(folder)
        self.read_only = False
        """Opened for a look: a save is refused (UsageError)."""

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def create(
        cls,
        folder: Path,
        *,
        station_id: str,
        name: str,
        officers: list[str],
        timezone: str = _times.DEFAULT_ZONE,
        clock: Callable[[], datetime] | None = None,
        passphrase: bytes | None = None,
    ) -> Logbook:
        """Set up a new station in `folder` (empty or missing) and open it; with a
        `passphrase`, its files are sealed under a new data key (outpost.store.vault)."""
        check_settings(station_id, name, timezone)
        check_readable(folder)
        if (folder / CONFIG_NAME).exists():
            try:
                existing = StationConfig.load(folder).station_id
            except (OSError, ValueError, TypeError):
                existing = "?"
            raise UsageError("store.already_initialised", path=str(folder), station=existing)
        refuse_foreign(folder, STATION, STATION_FILES, hidden_ok=True)
        try:
            make_private_dir(folder, parents=True)
            make_private_dir(folder / LOG_DIR)
        except OSError as exc:
            raise refuse_no_access(folder, exc, write=True) from None
        lock = DirectoryLock(folder).acquire()
        try:
            if passphrase is not None:
                from outpost.store.vault import create_vault  # cryptography: sealed only

                create_vault(folder, passphrase)
            config = StationConfig(
                station_id=station_id,
                name=name.strip(),
                officers=[o.strip() for o in officers if o.strip()],
                timezone=timezone,
            )
            config.created_at = format_time(_times.now(config.tz))
            book = cls(folder, config, lock, clock)
            book._state_files.save(LogState())
            config.save(folder)  # last: a directory without station.json is not a station yet
        except BaseException:
            lock.release()
            raise
        return book

    @classmethod
    def open(
        cls,
        folder: Path,
        clock: Callable[[], datetime] | None = None,
        *,
        read_only: bool = False,
        passphrase: bytes | None = None,
    ) -> Logbook:
        """Open the station in `folder`, taking its lock; repair a state left stale by a crash,
        and narrow the modes of files an older version left readable to all.

        `read_only` is a look (the log, the status, a summary): the lock is shared, or none
        when this account cannot write the folder (docs/operations.md), nothing is written,
        and a save is refused.

        A sealed station opens when it is unlocked in this process or `passphrase` unlocks
        it; else InputRefused ("atrest.locked"), and for a wrong one "atrest.bad_passphrase"
        (exit 3, nothing touched)."""
        check_readable(folder)
        if not (folder / CONFIG_NAME).exists():
            refuse_foreign(folder, STATION, STATION_FILES, hidden_ok=True)
            raise NotInitialised("store.not_initialised", path=str(folder))
        if is_sealed(folder) and (passphrase is not None or key_for(folder) is None):
            if passphrase is None:
                raise InputRefused("atrest.locked", path=str(folder))
            from outpost.store.vault import open_vault  # cryptography: sealed only

            open_vault(folder, passphrase)
        lock = DirectoryLock(folder, shared=read_only).acquire()
        try:
            try:
                config = StationConfig.load(folder)
            except (OSError, ValueError, TypeError) as exc:
                raise InputRefused(
                    "store.unreadable", path=str(folder / CONFIG_NAME), reason=failure_reason(exc)
                ) from None
            if config.role != STATION.name:
                raise ForeignDataDir("store.foreign", path=str(folder), reason=config.role)
            book = cls(folder, config, lock, clock)
            book.read_only = read_only
            tighten(folder)  # where this account owns them; a look too
            if not read_only:
                remove_stale_temps(folder)
                remove_stale_temps(folder / LOG_DIR)
            book.state = load_state(book._state_files, book._pages, book.tz, write=not read_only)
            rollback.hold_settings(book._state_files, folder / CONFIG_NAME, config.generation)
        except BaseException:
            lock.release()
            raise
        return book

    def close(self) -> None:
        self._pages.close()
        self._lock.release()

    def __enter__(self) -> Logbook:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # -- recording -------------------------------------------------------------------------

    def add(
        self,
        kind: str,
        data: Any,
        occurred_at: str | None = None,
        officers: list[str] | None = None,
    ) -> SaveResult:
        """Append one entry; InvalidEntry (nothing written) when it breaks a rule."""
        return self.add_many([Draft(kind, data, occurred_at, officers)])

    def add_many(self, drafts: Iterable[Draft], *, lines: list[int] | None = None) -> SaveResult:
        """Append entries all together or not at all (one write of the month file).

        With `lines` (the line of each draft in a batch file), a refusal names the line.
        """
        if self.read_only:
            raise UsageError("store.read_only", path=str(self.folder))
        now = self.clock()
        recorded = format_time(now)
        month = now.astimezone(self.tz).strftime("%Y-%m")
        drafts = list(drafts)
        # One entry folds straight into the state: `admit` changes nothing when it refuses.
        # A batch folds into a copy, since its third entry may be refused after two admitted.
        work = self.state if len(drafts) == 1 else copy_state(self.state)
        fresh: dict[str, Entry] = {}
        saved: list[Entry] = []
        warnings: list[Warning_] = []

        def lookup(entry_id: str) -> Entry | None:
            return fresh.get(entry_id) or self.find(entry_id)

        for index, draft in enumerate(drafts):
            try:
                entry = self._build(draft, work, now, recorded)
                validate_entry(entry, self.tz)
                warnings += work.admit(entry, month, lookup, self.tz)
            except InvalidEntry as exc:
                if lines:
                    raise exc.at_line(lines[index]) from None
                raise
            fresh[entry["id"]] = entry
            saved.append(entry)
        if not saved:
            raise InvalidEntry("entry.batch_empty")
        try:
            self._pages.append(month, saved)
        except BaseException as exc:
            # The state in memory may hold the entries already, and the month file may too (a
            # refused folder fsync comes after the rename): read the state back from disk, so
            # that the next save neither reuses nor skips a seq.
            self._reread_state()
            if not (isinstance(exc, StorageFailed) and self._holds(saved)):
                raise
            # The page was renamed into place, only its folder fsync was refused: the entries
            # are in the log and the next save chains on them, so they are saved; saying
            # "nothing was saved" would make the officer enter them twice.
            reason = exc.params.get("reason") or exc.message()
            warnings.append(Warning_("durability.unconfirmed", {"reason": reason}))
            work = self.state
        self.state = work
        if any(KINDS[entry["kind"]].correction for entry in saved):
            self._state_files.corrections_dirty = True
        try:
            self._state_files.save(work)
        except StorageFailed as exc:
            # The entries are in the month file, the log's truth: they are saved, and saying
            # "nothing was saved" would make the officer enter them twice. state.json is
            # derived; the next save or the next open brings it up to date.
            reason = exc.params.get("reason") or exc.message()
            warnings.append(Warning_("durability.state_behind", {"reason": reason}))
        return SaveResult(saved, warnings)

    def _reread_state(self) -> None:
        """The state as the files on disk say, after a save that failed: state.json as it was
        before the save, then caught up with the log when the log can be read."""
        with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
            self.state = self._state_files.read()
        with contextlib.suppress(OutpostError):
            self.state = load_state(self._state_files, self._pages, self.tz, write=False)

    def _holds(self, entries: list[Entry]) -> bool:
        """Whether the log on disk holds these entries (after a save that reported failure)."""
        if self.state.last_seq < entries[-1]["seq"]:
            return False
        first, last = entries[0]["seq"], entries[-1]["seq"]
        try:
            stored = {e["seq"]: e["id"] for e in self.entries(first, last)}
        except OutpostError:
            return False
        return all(stored.get(e["seq"]) == e["id"] for e in entries)

    def amend(
        self,
        target: str,
        data: Any,
        reason: str,
        officers: list[str] | None = None,
        occurred_at: str | None = None,
    ) -> SaveResult:
        """Record that entry `target` now reads `data` (its whole new data; None: as it reads
        now), and why; with `occurred_at` (typed as people write it), or a patrol's new start,
        it moves in time (`moved_time`) and counts in its new month."""
        original = self.find(target)
        if data is None:  # no target: refused as unknown, not for its data
            data = self.state.current_data(original) if original is not None else {}
        amendment: dict[str, Any] = {"target": target, "data": data, "reason": reason}
        if original is not None and isinstance(data, dict):
            now = self.clock()
            with contextlib.suppress(InvalidEntry):
                amendment["data"] = normalise_data(kind_of(original["kind"]), data, self.tz, now)
            moved = moved_time(
                original["kind"],
                self.state.current_data(original),
                self.state.current_time(original),
                amendment["data"],
                occurred_at,
                self.tz,
                now,
            )
            if moved is not None:
                amendment["occurred_at"] = moved
        return self.add("amendment", amendment, None, officers)

    def void(self, target: str, reason: str, officers: list[str] | None = None) -> SaveResult:
        """Withdraw entry `target`, with a reason; it stays in the log, struck through."""
        return self.add("void", {"target": target, "reason": reason}, None, officers)

    def _build(self, draft: Draft, work: LogState, now: datetime, recorded: str) -> Entry:
        data, occurred = prepare(draft.kind, draft.data, draft.occurred_at, self.tz, now)
        officers = draft.officers or self.config.officers[:1]
        if not officers:
            raise InvalidEntry("entry.officers", field="officers")
        return build_entry(
            station=self.config.station_id,
            seq=work.last_seq + 1,
            prev=work.last_hash,
            kind=draft.kind,
            data=data,
            occurred_at=occurred,
            recorded_at=recorded,
            officers=officers,
        )

    # -- reading ---------------------------------------------------------------------------

    def months(self) -> list[str]:
        """Months that have a file, oldest first."""
        return sorted(self.state.months)

    def month_entries(self, month: str) -> list[Entry]:
        """The entries stored in one month's files, in seq order (as stored); InputRefused
        when they lack an entry the state records there (a page put back from an older copy)."""
        return rollback.month_entries(self._pages, self.state.months, month)

    def entries(self, first: int = 1, last: int | None = None) -> Iterator[Entry]:
        """Entries with `first <= seq <= last` in seq order, reading only months holding them."""
        last = self.state.last_seq if last is None else last
        wanted = [m for m, (lo, hi) in self.state.months.items() if hi >= first and lo <= last]
        found = [e for m in wanted for e in self.month_entries(m) if first <= e["seq"] <= last]
        found.sort(key=lambda e: e["seq"])
        yield from found

    def newest_first(self, since: str = "") -> Iterator[Entry]:
        """Every entry, newest first, a month at a time (for browsing years of log); with
        `since` (`YYYY-MM`), only those recorded in that month or later."""
        months = {m: seqs for m, seqs in self.state.months.items() if m >= since}
        return rollback.newest_first(self._pages, months)

    def find(self, entry_id: str) -> Entry | None:
        """The entry with this id, searching the newest months first (corrections are recent)."""
        return self._pages.find(entry_id, self.state.months)

    def current(self, entry: Entry) -> dict[str, Any]:
        """An entry as it reads now (outpost.model.state.LogState.current)."""
        return self.state.current(entry)

    # -- checking --------------------------------------------------------------------------

    def check(self) -> CheckReport:
        """Verify the whole chain on disk and rebuild the state from it; repair a stale state.

        Raises InputRefused naming the first damaged entry.
        """
        checked = check_chain(self._pages, self.config.station_id, self.tz)
        repaired = checked.state.to_json() != self.state.to_json()
        if repaired:
            self._state_files.corrections_dirty = True
            self._state_files.save(checked.state)
            self.state = checked.state
        return CheckReport(entries=checked.entries, files=checked.files, repaired=repaired)

    # -- settings --------------------------------------------------------------------------

    def save_config(self) -> None:
        """Write `station.json` after a change to `config` (settings, sync bookkeeping); the
        next save of an entry records its new `generation` in state.json."""
        self.config.save(self.folder)
        self._state_files.settings_at = self.config.generation
