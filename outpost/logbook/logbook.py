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

A save writes the month file first, then (when it holds a correction) `corrections.json`, then
`state.json`. A crash in between leaves the state one step behind the log; opening the logbook
notices and folds the missing entries in. Both derived files name the seq at which the
corrections were last written; when they disagree the state is rebuilt from the log.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import pickle
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from tinydb import TinyDB

from outpost.errors import (
    ForeignDataDir,
    InputRefused,
    InvalidEntry,
    NotInitialised,
    OutpostError,
    StorageFailed,
    UsageError,
)
from outpost.i18n import t
from outpost.logbook.config import CONFIG_NAME, StationConfig, check_settings
from outpost.logbook.files import read_json, remove_stale_temps, write_json
from outpost.logbook.lock import LOCK_NAME, DirectoryLock
from outpost.logbook.storage import AtomicJSONStorage
from outpost.model import (
    GENESIS,
    KINDS,
    Entry,
    LogState,
    Warning_,
    build_entry,
    entry_hash,
    fold,
    format_time,
    kind_of,
    prepare,
    validate_entry,
)
from outpost.model import times as _times
from outpost.model.kinds import normalise_data

STATE_NAME = "state.json"
CORRECTIONS_NAME = "corrections.json"
CORRECTION_FIELDS = ("amended", "voided")
LOG_DIR = "log"
STATE_FORMAT = 1
PAGE_ENTRIES = 250
PAGE_NAME = re.compile(r"^\d{4}-\d{2}(\.([2-9]|[1-9]\d+))?\.json$")
"""Entries per month file before the month goes on in the next page (about 100 kB)."""


@dataclass
class Draft:
    """What an officer records: a kind, its data, and optionally when and by whom."""

    kind: str
    data: Any
    occurred_at: str | None = None
    officers: list[str] | None = None


@dataclass
class SaveResult:
    """The entries one save appended, and warnings the officer should read."""

    entries: list[Entry]
    warnings: list[Warning_] = field(default_factory=list)


@dataclass
class CheckReport:
    """What `outpost check` found: the chain's length, the files read, whether state was stale."""

    entries: int
    files: int
    repaired: bool


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
        self._month: str | None = None
        self._db: TinyDB | None = None
        self._corrections_at = 0
        """The last_seq at which corrections.json was written (state.json repeats it)."""
        self._corrections_dirty = True
        """The corrections in memory differ from corrections.json."""

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
    ) -> Logbook:
        """Set up a new station in `folder` (empty or missing) and open it."""
        check_settings(station_id, name, timezone)
        if (folder / CONFIG_NAME).exists():
            try:
                existing = StationConfig.load(folder).station_id
            except (OSError, ValueError, TypeError):
                existing = "?"
            raise UsageError("store.already_initialised", path=str(folder), station=existing)
        _refuse_foreign(folder)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            (folder / LOG_DIR).mkdir(exist_ok=True)
        except OSError as exc:
            raise InputRefused("store.unreadable", path=str(folder), reason=exc.strerror) from None
        lock = DirectoryLock(folder).acquire()
        try:
            config = StationConfig(
                station_id=station_id,
                name=name.strip(),
                officers=[o.strip() for o in officers if o.strip()],
                timezone=timezone,
            )
            config.created_at = format_time(_times.now(config.tz))
            book = cls(folder, config, lock, clock)
            book._save_state(LogState())
            config.save(folder)  # last: a directory without station.json is not a station yet
        except BaseException:
            lock.release()
            raise
        return book

    @classmethod
    def open(cls, folder: Path, clock: Callable[[], datetime] | None = None) -> Logbook:
        """Open the station in `folder`, taking its lock; repair a state left stale by a crash."""
        if not (folder / CONFIG_NAME).exists():
            _refuse_foreign(folder)
            raise NotInitialised("store.not_initialised", path=str(folder))
        lock = DirectoryLock(folder).acquire()
        try:
            try:
                config = StationConfig.load(folder)
            except (OSError, ValueError, TypeError) as exc:
                raise InputRefused(
                    "store.unreadable", path=str(folder / CONFIG_NAME), reason=_reason(exc)
                ) from None
            if config.role != "station":
                raise ForeignDataDir("store.foreign", path=str(folder), reason=config.role)
            book = cls(folder, config, lock, clock)
            remove_stale_temps(folder)
            remove_stale_temps(folder / LOG_DIR)
            book._load_state()
        except BaseException:
            lock.release()
            raise
        return book

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
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
        now = self.clock()
        recorded = format_time(now)
        month = now.astimezone(self.tz).strftime("%Y-%m")
        drafts = list(drafts)
        # One entry folds straight into the state: `admit` changes nothing when it refuses.
        # A batch folds into a copy, since its third entry may be refused after two admitted.
        work = self.state if len(drafts) == 1 else _copy_state(self.state)
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
            self._append(month, saved)
        except BaseException as exc:
            # The state in memory may hold the entries already, and the month file may too (a
            # refused folder fsync comes after the rename): read the state back from disk, so
            # that the next save neither reuses nor skips a seq.
            with contextlib.suppress(OutpostError):
                self._load_state(write=False)
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
            self._corrections_dirty = True
        try:
            self._save_state(work)
        except StorageFailed as exc:
            # The entries are in the month file, the log's truth: they are saved, and saying
            # "nothing was saved" would make the officer enter them twice. state.json is
            # derived; the next save or the next open brings it up to date.
            reason = exc.params.get("reason") or exc.message()
            warnings.append(Warning_("durability.state_behind", {"reason": reason}))
        return SaveResult(saved, warnings)

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
        self, target: str, data: Any, reason: str, officers: list[str] | None = None
    ) -> SaveResult:
        """Record that entry `target` now reads `data` (its whole new data), and why."""
        original = self.find(target)
        if original is not None and isinstance(data, dict):
            with contextlib.suppress(InvalidEntry):
                data = normalise_data(kind_of(original["kind"]), data, self.tz)
        return self.add(
            "amendment", {"target": target, "data": data, "reason": reason}, None, officers
        )

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

    def _append(self, month: str, entries: list[Entry]) -> None:
        storage = _storage(self._month_db(month))
        held = len((storage.read() or {}).get("_default", {}))
        if held and held + len(entries) > PAGE_ENTRIES:
            assert self._db is not None
            self._db.close()
            page = self._page_path(month, _page_number(storage.path) + 1)
            self._db = TinyDB(page, storage=AtomicJSONStorage)
            storage = _storage(self._db)
        storage.append("_default", {entry["seq"]: entry for entry in entries})

    def _month_db(self, month: str) -> TinyDB:
        """The month's newest page, kept open while saves go to it."""
        if self._month != month or self._db is None:
            if self._db is not None:
                self._db.close()
            pages = self._pages(month)
            newest = pages[-1] if pages else self._page_path(month, 1)
            self._db = TinyDB(newest, storage=AtomicJSONStorage)
            self._month = month
        return self._db

    def _page_path(self, month: str, number: int) -> Path:
        name = f"{month}.json" if number == 1 else f"{month}.{number}.json"
        return self.folder / LOG_DIR / name

    def _pages(self, month: str) -> list[Path]:
        """The month's files, first page first."""
        log = self.folder / LOG_DIR
        found = [log / n for n in self._log_names() if n.startswith(month)]
        return sorted(found, key=_page_number)

    def _log_names(self) -> list[str]:
        """The names of the page files in log/ (one listing: five years are 360 files)."""
        try:
            names = os.listdir(self.folder / LOG_DIR)
        except FileNotFoundError:
            return []
        return [n for n in names if PAGE_NAME.match(n)]

    # -- reading ---------------------------------------------------------------------------

    def months(self) -> list[str]:
        """Months that have a file, oldest first."""
        return sorted(self.state.months)

    def month_entries(self, month: str) -> list[Entry]:
        """The entries stored in one month's files, in seq order (as stored)."""
        found = []
        for path in self._pages(month):
            table = self._page_table(path)
            found += [table[k] for k in sorted(table, key=int)]
        return found

    def _page_table(self, path: Path) -> dict[str, Entry]:
        """One page's documents (the open page from its storage, which keeps them)."""
        try:
            if self._db is not None and _storage(self._db).path == path:
                raw = self._db.storage.read() or {}
            else:
                raw = read_json(path)
            table: dict[str, Entry] = raw.get("_default", {})
        except (OSError, ValueError, AttributeError) as exc:
            raise InputRefused("store.unreadable", path=str(path), reason=_reason(exc)) from None
        return table

    def entries(self, first: int = 1, last: int | None = None) -> Iterator[Entry]:
        """Entries with `first <= seq <= last` in seq order, reading only months holding them."""
        last = self.state.last_seq if last is None else last
        wanted = [m for m, (lo, hi) in self.state.months.items() if hi >= first and lo <= last]
        found = [e for m in wanted for e in self.month_entries(m) if first <= e["seq"] <= last]
        found.sort(key=lambda e: e["seq"])
        yield from found

    def newest_first(self) -> Iterator[Entry]:
        """Every entry, newest first, one month file at a time (for browsing years of log)."""
        for month in sorted(self.state.months, key=lambda m: self.state.months[m][1], reverse=True):
            yield from reversed(self.month_entries(month))

    def find(self, entry_id: str) -> Entry | None:
        """The entry with this id, searching the newest months first (corrections are recent)."""
        for entry in self.newest_first():
            if entry["id"] == entry_id:
                return entry
        return None

    def current(self, entry: Entry) -> dict[str, Any]:
        """An entry as it reads now: its latest data, and whether it is voided or amended."""
        amended = self.state.amended.get(entry["id"])
        return {
            **entry,
            "data": self.state.current_data(entry),
            "voided": self.state.is_voided(entry["id"]),
            "amendments": amended["count"] if amended else 0,
        }

    # -- state -----------------------------------------------------------------------------

    def _save_state(self, state: LogState) -> None:
        """Write the derived state: corrections.json only when its content changed (it grows
        with every amendment and void of the years), state.json (small) every time."""
        if self._corrections_dirty:
            corrections = {name: getattr(state, name) for name in CORRECTION_FIELDS}
            write_json(
                self.folder / CORRECTIONS_NAME,
                {"format": STATE_FORMAT, "at": state.last_seq, **corrections},
            )
            self._corrections_at = state.last_seq
            self._corrections_dirty = False
        # The fields are plain JSON values: dumping them as they are is ten times faster than
        # `asdict`, which deep-copies every leaf first.
        head = {
            f.name: getattr(state, f.name)
            for f in dataclasses.fields(state)
            if f.name not in CORRECTION_FIELDS
        }
        write_json(
            self.folder / STATE_NAME,
            {"format": STATE_FORMAT, "corrections_at": self._corrections_at, "state": head},
        )

    def _load_state(self, *, write: bool = True) -> None:
        """The state from state.json and corrections.json, brought up to the log; `write`
        saves it back when it had to be repaired (a failed save leaves that to the next)."""
        try:
            self._corrections_dirty = False
            self.state = self._read_state()
            repaired = self._catch_up()
        except (OSError, ValueError, KeyError, TypeError):
            self.state = self._rebuild()
            repaired = True
        if repaired:
            self._corrections_dirty = True
            if write:
                self._keep_state()

    def _read_state(self) -> LogState:
        """state.json and corrections.json as one LogState; ValueError when they disagree."""
        raw = read_json(self.folder / STATE_NAME)
        head = raw["state"]
        if "corrections_at" not in raw:  # written before corrections.json existed
            self._corrections_dirty = True
            return LogState.from_json(head)
        path = self.folder / CORRECTIONS_NAME
        corrections = read_json(path) if path.exists() else {"at": 0}
        if corrections["at"] != raw["corrections_at"]:
            raise ValueError("state.json and corrections.json disagree")
        self._corrections_at = raw["corrections_at"]
        return LogState.from_json(
            {**head, **{name: corrections.get(name, {}) for name in CORRECTION_FIELDS}}
        )

    def _keep_state(self) -> None:
        """Write the repaired state; on a full disk the station still opens (the state in
        memory is right, and reading the log must not depend on saving a cache of it)."""
        self._corrections_dirty = True
        with contextlib.suppress(StorageFailed):
            self._save_state(self.state)

    def _month_files(self) -> list[str]:
        """The months that have at least one page on disk."""
        return sorted({name[:7] for name in self._log_names()})

    def _catch_up(self) -> bool:
        """Fold in entries the log has but the state lacks (a crash between the two writes).

        Only the newest page of the newest month can hold them; anything stranger (a month file
        gone, the log behind the state) rebuilds the state from the whole log. Returns True
        when it changed.
        """
        files = self._month_files()
        unknown = [m for m in files if m not in self.state.months]
        vanished = [m for m in self.state.months if m not in files]
        if vanished or len(unknown) > 1:
            self.state = self._rebuild()
            return True
        if unknown:
            newest = unknown[0]
        elif self.state.months:
            newest = max(self.state.months, key=lambda m: self.state.months[m][1])
        else:
            return False
        stored = self._open_month(newest)
        top = stored[-1]["seq"] if stored else 0
        if top == self.state.last_seq and not unknown:
            return False
        tail = [e for e in stored if e["seq"] > self.state.last_seq]
        if top < self.state.last_seq or not tail or tail[0]["seq"] != self.state.last_seq + 1:
            self.state = self._rebuild()
            return True
        by_id = {e["id"]: e for e in tail}
        for entry in tail:
            self.state.admit(
                entry, newest, lambda i: by_id.get(i) or self.find(i), self.tz, trusted=True
            )
        return True

    def _rebuild(self) -> LogState:
        """The state as the log on disk says, reading every month file."""
        months = {}
        entries = []
        for month in self._month_files():
            for entry in self.month_entries(month):
                months[entry["id"]] = month
                entries.append(entry)
        entries.sort(key=lambda e: e["seq"])
        return fold(entries, lambda e: months[e["id"]], self.tz)

    def _open_month(self, month: str) -> list[Entry]:
        """The entries of the month's newest page, the only file a crash can have left ahead
        of the state (earlier pages were complete before it was begun). It is read through
        its TinyDB storage, which keeps it: the next save to it reads the file no more."""
        self._month_db(month)
        pages = self._pages(month)
        table = self._page_table(pages[-1]) if pages else {}
        return [table[k] for k in sorted(table, key=int)]

    # -- checking --------------------------------------------------------------------------

    def check(self) -> CheckReport:
        """Verify the whole chain on disk and rebuild the state from it; repair a stale state.

        Raises InputRefused naming the first damaged entry.
        """
        prev = GENESIS
        expected = 1
        month_of: dict[str, str] = {}
        page_of: dict[str, str] = {}
        entries: list[Entry] = []
        files = [(month, page) for month in self._month_files() for page in self._pages(month)]
        for month, page in files:
            table = self._page_table(page)
            for key in sorted(table, key=int):
                entry = table[key]
                month_of[entry["id"]] = month
                page_of[entry["id"]] = page.name
                entries.append(entry)
        entries.sort(key=lambda e: e.get("seq", 0) if isinstance(e, dict) else 0)
        for entry in entries:
            where = f"{LOG_DIR}/{page_of[entry['id']]}"
            if entry.get("seq") != expected:
                raise InputRefused(
                    "check.broken",
                    seq=expected,
                    file=where,
                    reason=t("check.reason_gap", expected=expected),
                )
            if entry.get("station") != self.config.station_id:
                raise InputRefused(
                    "check.broken",
                    seq=expected,
                    file=where,
                    reason=t("check.reason_station", other=entry.get("station")),
                )
            if entry.get("prev") != prev:
                raise InputRefused(
                    "check.broken", seq=expected, file=where, reason=t("check.reason_prev")
                )
            try:
                validate_entry(entry, self.tz)
            except InvalidEntry as exc:
                raise InputRefused(
                    "check.broken", seq=expected, file=where, reason=exc.message()
                ) from None
            prev = entry_hash(entry)
            expected += 1
        rebuilt = fold(entries, lambda e: month_of[e["id"]], self.tz)
        repaired = rebuilt.to_json() != self.state.to_json()
        if repaired:
            self._corrections_dirty = True
            self._save_state(rebuilt)
            self.state = rebuilt
        return CheckReport(entries=len(entries), files=len(files), repaired=repaired)

    # -- settings --------------------------------------------------------------------------

    def save_config(self) -> None:
        """Write `station.json` after a change to `config` (settings, sync bookkeeping)."""
        self.config.save(self.folder)


def _refuse_foreign(folder: Path) -> None:
    """Refuse a folder that holds something other than a station (an HQ, someone's files)."""
    if not folder.exists():
        return
    if not folder.is_dir():
        raise ForeignDataDir("store.foreign", path=str(folder), reason="not a folder")
    try:
        names = {p.name for p in folder.iterdir()}
    except OSError as exc:
        raise InputRefused("store.unreadable", path=str(folder), reason=_reason(exc)) from None
    if "hq.json" in names:
        raise ForeignDataDir("store.foreign", path=str(folder), reason="HQ")
    stray = names - {LOCK_NAME, LOG_DIR, STATE_NAME, CORRECTIONS_NAME, CONFIG_NAME}
    stray = {n for n in stray if not n.startswith(".")}
    if stray:
        raise ForeignDataDir("store.foreign", path=str(folder), reason=", ".join(sorted(stray)[:3]))


def _storage(db: TinyDB) -> AtomicJSONStorage:
    storage = db.storage
    assert isinstance(storage, AtomicJSONStorage)  # every month file is opened with it
    return storage


def _page_number(path: Path) -> int:
    """1 for `2026-11.json`, n for `2026-11.n.json`."""
    middle = path.name[8:-5]
    return int(middle) if middle else 1


def _copy_state(state: LogState) -> LogState:
    """A private copy to fold a save into. The corrections, which grow with the years, are
    copied shallow: folding an entry only ever assigns their keys, never edits a value."""
    light = dataclasses.replace(state, amended={}, voided={})
    copied: LogState = pickle.loads(pickle.dumps(light, pickle.HIGHEST_PROTOCOL))
    copied.amended = dict(state.amended)
    copied.voided = dict(state.voided)
    return copied


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError):
        return exc.strerror or type(exc).__name__
    return str(exc) or type(exc).__name__
