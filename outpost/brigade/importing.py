"""Importing packet files into the HQ archive: what each file did, and the stations heard from."""

from __future__ import annotations

import contextlib
import errno
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from outpost.brigade.acks import write_acks
from outpost.errors import InputRefused, OutpostError, StorageFailed
from outpost.hq import HqArchive, ImportResult
from outpost.hq.importer import import_packets, packet_files
from outpost.i18n import t
from outpost.text import printable


@dataclass(frozen=True)
class PacketOutcome:
    """What importing one packet file did: its ImportResult, or the refusal that left it out."""

    path: Path
    outcome: ImportResult | OutpostError

    @property
    def refusal(self) -> OutpostError | None:
        return self.outcome if isinstance(self.outcome, OutpostError) else None

    def line(self) -> str:
        """What the packet did, in one translated line (not yet escaped: the file's name and a
        refusal's reason come from a stick, a face escapes them as it shows them)."""
        name, outcome = self.path.name, self.outcome
        if isinstance(outcome, OutpostError):
            key = "hq.line_failed" if isinstance(outcome, StorageFailed) else "hq.line_refused"
            return t(key, file=name, reason=outcome.message())
        if outcome.status == "new":
            return t(
                "hq.line_new",
                file=name,
                station=outcome.station,
                count=outcome.new_entries,
                first=outcome.first_seq,
                last=outcome.last_seq,
            )
        return t("hq.line_held", file=name, station=outcome.station)

    def to_json(self) -> dict[str, Any]:
        """The packet's object in `outpost hq import --json` (the file's name and the reason
        escaped as printed: a name from a stick may hold control characters, or bytes that are
        not UTF-8)."""
        if isinstance(self.outcome, OutpostError):
            return {
                "file": printable(self.path),
                "status": "not_imported" if isinstance(self.outcome, StorageFailed) else "refused",
                "exit": self.outcome.exit_code,
                "reason": printable(self.outcome.message()),
            }
        return {
            "file": printable(self.path),
            "status": self.outcome.status,
            "station": self.outcome.station,
            "first_seq": self.outcome.first_seq,
            "last_seq": self.outcome.last_seq,
            "new_entries": self.outcome.new_entries,
        }


def packets_to_import(paths: Iterable[Path]) -> list[Path]:
    """The packet files named: files as given, every `.opk` in folders. InputRefused when none:
    said before the archive is opened and its passphrase asked."""
    files = packet_files(paths)
    if not files:
        raise InputRefused("hq.no_packets")
    return files


class PacketImport:
    """An import of packet files, run by iterating over it: each file all or nothing, one
    PacketOutcome as each is done (a face shows progress), a refused file not stopping the rest."""

    def __init__(self, archive: HqArchive, files: list[Path]) -> None:
        self.archive = archive
        self.files = files
        self.outcomes: list[PacketOutcome] = []

    def __len__(self) -> int:
        return len(self.files)

    def __iter__(self) -> Iterator[PacketOutcome]:
        left = list(self.files)
        while left:
            try:
                for path, outcome in import_packets(self.archive, left):
                    assert path == left[0], "the importer keeps the order of the files"
                    left = left[1:]
                    yield self._done(path, outcome)
            except (sqlite3.OperationalError, OSError) as exc:
                # The disk refused this packet's transaction (full, read-only, failing): it
                # rolled back whole, the packets before it stay imported, and the ones after
                # it are each tried on their own: a smaller one may still fit.
                self._roll_back()
                failed, left = left[0], left[1:]
                yield self._done(failed, StorageFailed("hq.not_imported", reason=why(exc)))

    def _done(self, path: Path, outcome: ImportResult | OutpostError) -> PacketOutcome:
        done = PacketOutcome(path, outcome)
        self.outcomes.append(done)
        return done

    def _roll_back(self) -> None:
        if self.archive.db.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                self.archive.db.execute("ROLLBACK")

    @property
    def not_imported(self) -> list[PacketOutcome]:
        """The packets the disk refused (StorageFailed): to import again once there is room."""
        return [o for o in self.outcomes if isinstance(o.outcome, StorageFailed)]

    @property
    def imported(self) -> list[ImportResult]:
        """What each accepted packet did, new or already held."""
        return [o.outcome for o in self.outcomes if isinstance(o.outcome, ImportResult)]

    def write_acks(self, folder: Path) -> list[Path]:
        """An ack for each station heard from, written into `folder`; StorageFailed (the packets
        stay imported) when HQ's disk cannot record the acks."""
        try:
            return write_acks(self.archive, self.heard, folder)
        except (sqlite3.OperationalError, OSError) as exc:
            self._roll_back()
            raise StorageFailed("hq.acks_not_written", reason=why(exc)) from None

    @property
    def heard(self) -> list[str]:
        """The stations a packet was accepted from, new or already held (each is owed an ack)."""
        return sorted(
            {o.outcome.station for o in self.outcomes if isinstance(o.outcome, ImportResult)}
        )

    @property
    def exit_code(self) -> int:
        """The worst refusal's exit code; 0 when every packet was accepted."""
        return max((r.exit_code for o in self.outcomes if (r := o.refusal) is not None), default=0)

    def to_json(self) -> list[dict[str, Any]]:
        """`outpost hq import --json`: one object per packet, in the order imported."""
        return [o.to_json() for o in self.outcomes]


def why(exc: BaseException) -> str:
    """The few words saying why the disk refused: "the disk is full" when it is (SQLite's
    SQLITE_FULL, or ENOSPC/EDQUOT, seen through a failed rollback too), else the error's own."""
    seen: BaseException | None = exc
    while seen is not None:
        if getattr(seen, "sqlite_errorname", None) == "SQLITE_FULL":
            return t("store.disk_full")
        if isinstance(seen, OSError) and seen.errno in (errno.ENOSPC, errno.EDQUOT):
            return t("store.disk_full")
        seen = seen.__cause__ or seen.__context__
    if isinstance(exc, OSError):
        return exc.strerror or type(exc).__name__
    return str(exc) or type(exc).__name__
