"""The HQ archive: its data directory, keys, enrolled stations, and the SQLite store of entries.

Layout of an HQ data directory::

    hq.json             role marker, HQ id and name
    hq.card.json        HQ's card (public keys), handed to every station
    hq-signing.key      Ed25519 private key, wrapped with the passphrase (0600, sync.keyfile)
    hq-encryption.key   X25519 private key, wrapped with the passphrase (0600, sync.keyfile)
    archive.sqlite      stations, packets, entries, incidents (outpost.hq.schema)
    .lock               held while a process owns the directory
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from outpost.errors import Conflict, ForeignDataDir, InputRefused, NotInitialised, UsageError
from outpost.model import format_time, zone
from outpost.model.times import DEFAULT_ZONE, now
from outpost.store.files import failure_reason, make_private_dir, read_json, tighten, write_json
from outpost.store.lock import DirectoryLock, WriteLock, check_readable, refuse_no_access
from outpost.store.role import HQ, ID_PATTERN, refuse_foreign, refuse_other_role
from outpost.sync.identity import (
    HQ_CARD,
    Card,
    HqKeys,
    check_card,
    create_hq_keys,
    hq_card,
    key_fingerprint,
    load_hq_keys,
    read_card,
    write_card,
)

from . import station_rows as rows
from .holdings import Holdings, holdings
from .incidents import incidents, mark_handled
from .schema import SCHEMA_VERSION, migrate

MARKER = HQ.marker
DATABASE = "archive.sqlite"
WRITE_LOCK = ".write.lock"


def utc_now() -> datetime:
    return now(UTC)


class HqArchive:
    """An HQ data directory, owned by this process until `close()`."""

    def __init__(
        self,
        folder: Path,
        info: dict[str, Any],
        lock: DirectoryLock,
        clock: Callable[[], datetime] | None = None,
        *,
        read_only: bool = False,
    ) -> None:
        self.folder = folder
        self.id: str = info["id"]
        self.name: str = info["name"]
        self.timezone: str = info.get("timezone") or DEFAULT_ZONE
        """The brigade's zone, HQ's times are shown in (an HQ set up before it was asked: the
        default)."""
        self.clock = clock or utc_now
        self._lock = lock
        self._keys: HqKeys | None = None
        self.card: Card = read_card(folder / HQ_CARD, "outpost-hq")
        self.read_only = read_only
        """Opened for a look: the database is opened read-only, a write fails."""
        self.db = _connect_read_only(folder) if read_only else _connect(folder / DATABASE)

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def create(
        cls,
        folder: Path,
        *,
        hq_id: str,
        name: str,
        passphrase: bytes,
        clock: Callable[[], datetime] | None = None,
        timezone: str = DEFAULT_ZONE,
    ) -> HqArchive:
        """Set up HQ in `folder` (empty or missing): keys, card, archive; and open it.
        `timezone` is the brigade's: HQ shows its times in it."""
        if not ID_PATTERN.match(hq_id or ""):
            raise UsageError("hq.bad_id", value=hq_id)
        if not (name or "").strip():
            raise UsageError("store.bad_name")
        if not passphrase:
            raise UsageError("hq.empty_passphrase")
        check_readable(folder)
        if (folder / MARKER).exists():
            raise UsageError("hq.already_initialised", path=str(folder))
        refuse_foreign(folder, HQ)
        try:
            make_private_dir(folder, parents=True)
        except OSError as exc:
            raise refuse_no_access(folder, exc, write=True) from None
        lock = DirectoryLock(folder).acquire()
        try:
            now = format_time((clock or utc_now)())
            keys = create_hq_keys(folder, passphrase)
            card = hq_card(
                hq_id, name.strip(), keys.signing.public_key(), keys.encryption.public_key(), now
            )
            write_card(folder / HQ_CARD, card)
            db = _connect(folder / DATABASE)
            db.close()
            info = {
                "role": HQ.name,
                "format": 1,
                "id": hq_id,
                "name": name.strip(),
                "created_at": now,
                "timezone": timezone,
            }
            write_json(folder / MARKER, info)  # last: without hq.json the folder is no HQ yet
            archive = cls(folder, info, lock, clock)
            archive._keys = keys
        except BaseException:
            lock.release()
            raise
        return archive

    @classmethod
    def open(
        cls,
        folder: Path,
        clock: Callable[[], datetime] | None = None,
        *,
        read_only: bool = False,
        shared_write: bool = False,
    ) -> HqArchive:
        """Open the HQ in `folder`, taking its lock (DataDirLocked, exit 5, when it is taken),
        and narrow the modes of files an older version left readable to all.

        `read_only` is a look (the station listing): the lock is shared, or none when this
        account cannot write the folder (docs/operations.md), and nothing is written.
        `shared_write` takes the lock shared too, for a writer that runs beside others (the
        inbox server and `outpost hq import`): each writes a packet or an ack under `writing()`,
        a short exclusive lock of its own, so the two never interleave."""
        check_readable(folder)
        if not (folder / MARKER).exists():
            refuse_other_role(folder, HQ)
            raise NotInitialised("hq.not_initialised", path=str(folder))
        lock = DirectoryLock(folder, shared=read_only or shared_write).acquire()
        tighten(folder)
        try:
            try:
                info = read_json(folder / MARKER)
            except (OSError, ValueError) as exc:
                raise InputRefused(
                    "store.unreadable", path=str(folder / MARKER), reason=type(exc).__name__
                ) from None
            if not isinstance(info, dict) or info.get("role") != HQ.name:
                raise ForeignDataDir("store.foreign", path=str(folder), reason="not HQ")
            archive = cls(folder, info, lock, clock, read_only=read_only)
        except BaseException:
            lock.release()
            raise
        return archive

    def opened_again(self) -> HqArchive:
        """This archive opened a second time, as `outpost hq import` opens it (the folder's lock
        shared, the schema checked), for work in another thread: an SQLite connection belongs to
        the thread that opened it. HQ's keys, once decrypted here, are handed over rather than
        derived again from the passphrase (a second memory-hard derivation). Close it after."""
        other = HqArchive.open(self.folder, self.clock, shared_write=True)
        other._keys = self._keys
        return other

    def unlock(self, passphrase: bytes) -> None:
        """Decrypt HQ's private keys for this command (import and acks need them)."""
        if self._keys is None:
            self._keys = load_hq_keys(self.folder, passphrase)

    @property
    def has_keys(self) -> bool:
        """True once HQ's private keys are decrypted (`unlock`, or just made by `create`)."""
        return self._keys is not None

    @property
    def keys(self) -> HqKeys:
        if self._keys is None:
            raise UsageError("hq.locked_keys")
        return self._keys

    def close(self) -> None:
        self.db.close()
        self._lock.release()

    def __enter__(self) -> HqArchive:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Hold HQ's write lock (`.write.lock`) for one packet or ack: what HQ holds is read
        and changed by one process at a time, whichever road the packet came by. Waits for
        another writer (a packet commits in seconds); DataDirLocked after WRITE_WAIT."""
        with WriteLock(self.folder / WRITE_LOCK):
            yield

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One all-or-nothing transaction."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # -- stations --------------------------------------------------------------------------

    def enroll(self, card: Card, replace: bool = False, *, who: str = "", why: str = "") -> str:
        """Register a station card. Returns "new", "same" (already enrolled, nothing changed) or
        "replaced". Another key for an enrolled id is a Conflict unless `replace`; a replaced key
        is recorded in `key_changes` with `who` replaced it and `why`, in the same transaction."""
        card = check_card(card, "outpost-station", card.get("id", "?"))
        try:
            zone(card["timezone"])
        except ValueError:
            raise InputRefused("store.bad_zone", value=card["timezone"]) from None
        row = self.db.execute(
            "SELECT fingerprint FROM stations WHERE id = ?", (card["id"],)
        ).fetchone()
        if row is not None and row[0] == card["fingerprint"]:
            return "same"
        if row is not None and not replace:
            raise Conflict("hq.other_key", station=card["id"], held=row[0], new=card["fingerprint"])
        with self.transaction() as db:
            db.execute("DELETE FROM stations WHERE id = ?", (card["id"],))
            if row is not None:
                db.execute(
                    "INSERT INTO key_changes (station, old_fingerprint, new_fingerprint, at, who,"
                    " why) VALUES (?, ?, ?, ?, ?, ?)",
                    (card["id"], row[0], card["fingerprint"], format_time(self.clock()), who, why),
                )
            db.execute(
                "INSERT INTO stations (id, name, timezone, signing_key, fingerprint, enrolled_at,"
                " card) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    card["id"],
                    card["name"],
                    card["timezone"],
                    card["signing_key"],
                    card["fingerprint"],
                    format_time(self.clock()),
                    json.dumps(card, ensure_ascii=False, sort_keys=True),
                ),
            )
        return "replaced" if row is not None else "new"

    def station(self, station_id: str) -> dict[str, Any] | None:
        """The enrolled station's row, or None."""
        row = self.db.execute(
            "SELECT id, name, timezone, signing_key, fingerprint, enrolled_at FROM stations"
            " WHERE id = ?",
            (station_id,),
        ).fetchone()
        if row is None:
            return None
        keys = ("id", "name", "timezone", "signing_key", "fingerprint", "enrolled_at")
        return dict(zip(keys, row, strict=True))

    def logs(self, station_id: str) -> list[str]:
        """The log ids HQ holds entries of for a station, the most recently received last."""
        return rows.logs(self.db, station_id)

    def holdings(self, station_id: str, log_id: str) -> Holdings:
        """What HQ holds of one log (outpost.hq.holdings)."""
        return holdings(self.db, station_id, log_id)

    def key_changes(self, station_id: str) -> list[dict[str, Any]]:
        """The station's replaced keys, oldest first (outpost.hq.station_rows)."""
        return rows.key_changes(self.db, station_id)

    def packets(self, station_id: str) -> list[dict[str, Any]]:
        """The packets accepted from a station, the latest first (outpost.hq.station_rows)."""
        return rows.packets(self.db, station_id)

    def refused_packets(self, station_id: str, log_id: str) -> list[dict[str, Any]]:
        """The packets of a station's log HQ opened and refused (outpost.hq.station_rows)."""
        return rows.refused_packets(self.db, station_id, log_id)

    def incidents(self, station_id: str | None = None) -> list[dict[str, Any]]:
        """Recorded incidents, oldest first (outpost.hq.incidents)."""
        return incidents(self.db, station_id)

    def mark_handled(self, incident: int, note: str) -> None:
        """Mark an incident handled with `note` (outpost.hq.incidents)."""
        with self.transaction() as db:
            mark_handled(db, incident, note, format_time(self.clock()))

    def stations(self) -> list[dict[str, Any]]:
        """One row per enrolled station: what HQ holds, gaps, last packet, clock skew, incidents
        (outpost.hq.station_rows)."""
        return rows.stations(self.db)


def _connect(path: Path) -> sqlite3.Connection:
    try:
        # Made 0600 before SQLite sees it: SQLite gives its -wal and -shm files the database
        # file's mode, and would make the file itself as the umask says.
        os.close(os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600))
    except OSError as exc:
        raise InputRefused("store.unreadable", path=str(path), reason=failure_reason(exc)) from None
    try:
        db = sqlite3.connect(path, isolation_level=None)  # transactions are explicit
        db.execute("PRAGMA busy_timeout=30000")  # another HQ process may be committing
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        db.execute("PRAGMA cache_size=-65536")  # 64 MiB: index pages of a big import stay in memory
        db.execute("PRAGMA foreign_keys=ON")
        migrate(db)
        db.execute(
            "INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', ?)",
            (str(SCHEMA_VERSION),),
        )
    except sqlite3.Error as exc:
        raise InputRefused("store.unreadable", path=str(path), reason=str(exc)) from None
    return db


def _connect_read_only(folder: Path) -> sqlite3.Connection:
    """The archive opened for reading only. SQLite still wants the -shm file of a WAL database;
    in a folder this account cannot write (a read-only mount, another account's archive) it
    cannot make one, and the archive is read as it stands (`immutable`): no writer of this
    account can be at work there, and HQ checkpoints on every close, so the file holds it all."""
    uri = (folder / DATABASE).absolute().as_uri()
    modes = ["?mode=ro"]
    if not os.access(folder, os.W_OK):
        modes.append("?mode=ro&immutable=1")
    failure: sqlite3.Error | None = None
    for mode in modes:
        try:
            db = sqlite3.connect(uri + mode, uri=True, isolation_level=None)
            db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            db.execute("PRAGMA foreign_keys=ON")
            return db
        except sqlite3.Error as exc:
            failure = exc
    raise InputRefused("store.unreadable", path=str(folder / DATABASE), reason=str(failure))


__all__ = ["Holdings", "HqArchive", "key_fingerprint"]
