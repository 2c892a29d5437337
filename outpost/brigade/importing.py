"""Importing packet files into the HQ archive: what each file did, and the stations heard from."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from outpost.errors import InputRefused, OutpostError
from outpost.hq import HqArchive, ImportResult
from outpost.hq.importer import import_packets, packet_files


@dataclass(frozen=True)
class PacketOutcome:
    """What importing one packet file did: its ImportResult, or the refusal that left it out."""

    path: Path
    outcome: ImportResult | OutpostError

    @property
    def refusal(self) -> OutpostError | None:
        return self.outcome if isinstance(self.outcome, OutpostError) else None

    def to_json(self) -> dict[str, Any]:
        """The packet's object in `outpost hq import --json`."""
        if isinstance(self.outcome, OutpostError):
            return {
                "file": str(self.path),
                "status": "refused",
                "exit": self.outcome.exit_code,
                "reason": self.outcome.message(),
            }
        return {
            "file": str(self.path),
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
        for path, outcome in import_packets(self.archive, self.files):
            done = PacketOutcome(path, outcome)
            self.outcomes.append(done)
            yield done

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
