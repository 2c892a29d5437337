"""The HQ archive's tables (SQLite today, kept portable to PostgreSQL): the one place with DDL.

Columns other modules rely on (the monthly summary SQL reads `stations` and `entries`):

- `stations(id, name, timezone, signing_key, fingerprint, enrolled_at, card)`
- `entries(station, log_id, seq, id, kind, occurred_at, month, recorded_at, hash, body, data,
  voided, amendments, packet, target, prev)`: `occurred_at` its CURRENT time (as the latest
  amendment that moved it left it) and `month` is `YYYY-MM` of it in the station's zone; `body`
  the canonical JSON of the entry as received; `data` its CURRENT data (amendments applied);
  `voided` 1 once a void arrived; `target` the entry an amendment or void corrects (NULL for
  others).
- `packets(digest, ..., via)`: every packet that brought at least one new entry; `via` is how it
  came, "stick" (`outpost hq import`, HQ's import screen) or "net" (`outpost hq serve`)
  (schema version 3; `migrate` adds the column to an older archive, read from `source`).
- `incidents(...)`: forks and duplicate ids, with both hashes.
- `acks(station, log_id, counter, ...)`: every ack HQ signed; `counter` numbers them per log.
- `heads(station, log_id, seq, hash, signed_at, received_at, packet)`: the latest head each
  station signed of each log (the highest seq; of equal seqs the latest signing time), from
  any packet that carries one (schema version 2; `MIGRATIONS` adds it to an older archive).
- `incident_notes(incident, handled_at, note)`: an incident marked handled, and the note saying
  how (the incident itself is never changed).
- `key_changes(station, old_fingerprint, new_fingerprint, at, who, why)`: each station key
  replaced from HQ's screens, who did it and why.
- `inbox_events(id, at, station, digest, bytes, status, code, reason, count, skew)`: what the
  inbox server did with each request, the latest INBOX_EVENTS_KEPT kept (outpost.hq.inbox_events;
  schema version 3). Refusals of the same station and code between two writes are one row with
  its `count`; `skew` is the station's signed request time less HQ's, in seconds.
- `refused_packets(digest, station, log_id, first_seq, last_seq, reason, params, source, via,
  at)`: each packet HQ opened and refused once its signature checked out (a fork, a refused
  correction, an entry or the chain, a failure no check foresaw): its seq range from its signed
  header, the refusal's message key and parameters (JSON), the first time (outpost.hq.refusals;
  schema version 4). The station detail names it beside the gap it would have filled.
- `report_stock_moves`, `report_stock_basis` (STOCK_CACHE): derived by the summaries, rebuildable.
"""

from __future__ import annotations

import sqlite3

SCHEMA_VERSION = 4

MIGRATIONS = (
    # 1 -> 2: `heads`, made by its CREATE TABLE IF NOT EXISTS in DDL on the archive's next
    # opening for writing; then the version says so. A new archive has no version row yet and
    # gets SCHEMA_VERSION when the archive records it. A reader of an archive still at version 1
    # (opened read-only, never migrated) finds no `heads`: outpost.hq.coverage reads none then.
    "UPDATE meta SET value = '2' WHERE key = 'schema_version' AND CAST(value AS INTEGER) < 2",
    # 2 -> 3: `inbox_events` by its CREATE TABLE; `packets.via` by `migrate` (SQLite has no ADD
    # COLUMN IF NOT EXISTS), which runs before this.
    "UPDATE meta SET value = '3' WHERE key = 'schema_version' AND CAST(value AS INTEGER) < 3",
    # 3 -> 4: `refused_packets` by its CREATE TABLE. An archive at 3 read without migrating
    # (opened read-only) has none: outpost.hq.station_rows reads no refused packets then.
    "UPDATE meta SET value = '4' WHERE key = 'schema_version' AND CAST(value AS INTEGER) < 4",
)

DDL = (
    """CREATE TABLE IF NOT EXISTS meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS stations (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        timezone TEXT NOT NULL,
        signing_key TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        enrolled_at TEXT NOT NULL,
        card TEXT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS packets (
        digest TEXT PRIMARY KEY,
        station TEXT NOT NULL,
        log_id TEXT NOT NULL,
        packet_id TEXT NOT NULL,
        first_seq INTEGER NOT NULL,
        last_seq INTEGER NOT NULL,
        entries INTEGER NOT NULL,
        new_entries INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        received_at TEXT NOT NULL,
        source TEXT,
        via TEXT
    )""",
    "CREATE INDEX IF NOT EXISTS packets_station ON packets(station, log_id, received_at)",
    """CREATE TABLE IF NOT EXISTS entries (
        station TEXT NOT NULL,
        log_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        id TEXT NOT NULL,
        kind TEXT NOT NULL,
        occurred_at TEXT NOT NULL,
        month TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        hash TEXT NOT NULL,
        body TEXT NOT NULL,
        data TEXT NOT NULL,
        voided INTEGER NOT NULL DEFAULT 0,
        amendments INTEGER NOT NULL DEFAULT 0,
        packet TEXT,
        target TEXT,
        prev TEXT NOT NULL,
        PRIMARY KEY (station, log_id, seq),
        UNIQUE (station, id)
    )""",
    "CREATE INDEX IF NOT EXISTS entries_month ON entries(month, station, kind)",
    # partial: the summary's household registrations and medicine receipts of every month,
    # small, and never chosen by a query over other kinds
    "CREATE INDEX IF NOT EXISTS entries_households ON entries(station, seq)"
    " WHERE kind = 'household'",
    "CREATE INDEX IF NOT EXISTS entries_receipts ON entries(station, month)"
    " WHERE kind = 'medicine_stock'",
    # partial: only corrections have a target, so ordinary entries cost this index nothing
    "CREATE INDEX IF NOT EXISTS entries_target ON entries(station, target)"
    " WHERE target IS NOT NULL",
    """CREATE TABLE IF NOT EXISTS incidents (
        id INTEGER PRIMARY KEY,
        station TEXT NOT NULL,
        log_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        seq INTEGER,
        held_hash TEXT,
        packet_hash TEXT,
        packet TEXT,
        source TEXT,
        at TEXT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS incidents_station ON incidents(station, at)",
    """CREATE TABLE IF NOT EXISTS acks (
        station TEXT NOT NULL,
        log_id TEXT NOT NULL,
        counter INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        contiguous_through INTEGER NOT NULL,
        hash TEXT NOT NULL,
        held_above TEXT NOT NULL,
        PRIMARY KEY (station, log_id, counter)
    )""",
    """CREATE TABLE IF NOT EXISTS incident_notes (
        incident INTEGER PRIMARY KEY REFERENCES incidents(id),
        handled_at TEXT NOT NULL,
        note TEXT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS key_changes (
        id INTEGER PRIMARY KEY,
        station TEXT NOT NULL,
        old_fingerprint TEXT NOT NULL,
        new_fingerprint TEXT NOT NULL,
        at TEXT NOT NULL,
        who TEXT NOT NULL,
        why TEXT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS heads (
        station TEXT NOT NULL,
        log_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        hash TEXT NOT NULL,
        signed_at TEXT NOT NULL,
        received_at TEXT NOT NULL,
        packet TEXT NOT NULL,
        PRIMARY KEY (station, log_id)
    )""",
    """CREATE TABLE IF NOT EXISTS inbox_events (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        station TEXT NOT NULL,
        digest TEXT,
        bytes INTEGER NOT NULL DEFAULT 0,
        status INTEGER NOT NULL,
        code TEXT NOT NULL,
        reason TEXT NOT NULL DEFAULT '',
        count INTEGER NOT NULL DEFAULT 1,
        skew INTEGER
    )""",
    "CREATE INDEX IF NOT EXISTS inbox_events_station ON inbox_events(station, id)",
    """CREATE TABLE IF NOT EXISTS refused_packets (
        digest TEXT PRIMARY KEY,
        station TEXT NOT NULL,
        log_id TEXT NOT NULL,
        first_seq INTEGER NOT NULL,
        last_seq INTEGER NOT NULL,
        reason TEXT NOT NULL,
        params TEXT NOT NULL,
        source TEXT,
        via TEXT,
        at TEXT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS refused_packets_station"
    " ON refused_packets(station, log_id, first_seq)",
)


def migrate(db: sqlite3.Connection) -> None:
    """Bring an archive opened for writing to SCHEMA_VERSION: the tables DDL makes, the columns
    an older version lacks, then the version row."""
    for statement in DDL:
        db.execute(statement)
    columns = {row[1] for row in db.execute("PRAGMA table_info(packets)")}
    if "via" not in columns:
        db.execute("ALTER TABLE packets ADD COLUMN via TEXT")
        db.execute(
            "UPDATE packets SET via = CASE WHEN source LIKE 'net:%' THEN 'net' ELSE 'stick' END"
        )
    for statement in MIGRATIONS:
        db.execute(statement)


STOCK_CACHE = (
    """CREATE TABLE IF NOT EXISTS report_stock_moves (
        station TEXT NOT NULL,
        month TEXT NOT NULL,
        medicine TEXT NOT NULL,
        unit TEXT NOT NULL,
        quantity REAL NOT NULL,
        PRIMARY KEY (station, month, medicine, unit)
    )""",
    """CREATE TABLE IF NOT EXISTS report_stock_basis (
        station TEXT PRIMARY KEY,
        packets INTEGER NOT NULL,
        last_packet INTEGER NOT NULL
    )""",
)
"""Stock at month end adds up every month before it, which no index makes cheap over years of
archive. So each station's monthly medicine moves are kept in these derived tables, rebuilt for a
station when a packet has arrived from it since (every new entry, amendment and void comes in a
packet). Dropping them loses nothing: the next report rebuilds them. They are made by the first
report (outpost.hq.stock_cache), not with the archive: an archive no one reported on has none."""
