"""The station's sync bookkeeping (`config.sync`) and the numbers `outpost status` shows.

Imports no cryptography: `outpost status` stays quick.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from outpost.logbook import Logbook
from outpost.model.ranges import Range, count, merge, subtract


@dataclass
class SyncBook:
    """What the station knows about delivery, kept in `station.json` under `sync`."""

    hq_card: dict[str, Any] | None = None
    sent_through: int = 0
    """Every entry up to this seq has been sealed into a packet at least once."""
    due: list[Range] = field(default_factory=list)
    """Ranges at or below `sent_through` to seal again (HQ's last ack said it lacks them)."""
    acknowledged_through: int = 0
    ack_hash: str | None = None
    held_above: list[Range] = field(default_factory=list)
    last_ack_counter: int = 0
    last_ack_at: str | None = None
    """`created_at` of the last ack applied (HQ's clock)."""
    ack_applied_at: str | None = None
    packets: int = 0
    last_export_at: str | None = None
    alarms: list[dict[str, Any]] = field(default_factory=list)
    """Signed acks that disagreed with this log (another hash at a seq, entries it never had):
    a fork to sort out with HQ (docs/operations.md). Kept until the log is set straight."""
    head_packet: dict[str, Any] | None = None
    """The newest head-only packet (`file`, `seq`, `hash`, `created_at`, `after_ack`: the ack
    counter when it was sealed); copied to a stick until an ack newer than that is applied,
    cleared when entry packets (which carry a newer head) are sealed."""
    hq_url: str | None = None
    """Where HQ's inbox server is (`outpost sync --url`), remembered after the first use."""
    hq_pin: str | None = None
    """The SHA-256 of the inbox server's TLS certificate, read from HQ over the phone."""
    last_upload_at: str | None = None
    """When `outpost sync` last reached HQ's inbox server (the station's clock)."""
    uploads_begun: list[str] = field(default_factory=list)
    """Digests of packets whose upload began and got no final answer: the next `outpost sync`
    asks HQ how much of each it holds; any other packet is sent from its start at once."""
    export_plan: dict[str, Any] | None = None
    """The export under way, kept here before each packet is written and cleared when it ends:
    `ranges` (every seq it seals), `left` (not yet in a packet), `writing` (the packet file
    about to be written and its `span`). An export killed or refused by the disk part-way is
    finished by the next one, which seals only what `left` still holds: a seq never lands in
    two packets of the outbox."""

    @classmethod
    def of(cls, book: Logbook) -> SyncBook:
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in book.config.sync.items() if k in known})

    def save(self, book: Logbook) -> None:
        """Keep the bookkeeping in `station.json` (atomic write)."""
        book.config.sync = asdict(self)
        book.save_config()

    def to_send(self, last_seq: int) -> list[Range]:
        """What the next export seals: HQ's gaps first (they are lower), then the new entries;
        of an export cut short, what it had left (the packet it was writing included)."""
        wanted = [*self.due]
        if last_seq > self.sent_through:
            wanted.append([self.sent_through + 1, last_seq])
        plan = self.export_plan
        if not plan:
            return merge(wanted)
        beyond = [r for a, b in merge(wanted) for r in subtract(a, b, plan["ranges"])]
        return merge([*plan["left"], *beyond])

    def gaps(self) -> list[Range]:
        """Ranges HQ named as missing: below the highest seq it holds, above the contiguous part."""
        if not self.held_above:
            return []
        top = max(last for _, last in self.held_above)
        return subtract(self.acknowledged_through + 1, top, self.held_above)


def sync_status(book: Logbook) -> dict[str, Any]:
    """Sync fields for `outpost status --json`: unexported, unacknowledged, gaps, last ack."""
    sync = SyncBook.of(book)
    last = book.state.last_seq
    pending = sync.to_send(last)
    held = merge([[1, sync.acknowledged_through], *sync.held_above])
    in_flight = count(subtract(1, last, [*held, *pending])) if last else 0
    card = sync.hq_card or {}
    return {
        "hq": card.get("id"),
        "hq_fingerprint": card.get("fingerprint"),
        "unexported": count(pending),
        "unacknowledged": in_flight,
        "acknowledged_through": sync.acknowledged_through,
        "held_above": sync.held_above,
        "last_ack_at": sync.last_ack_at,
        "last_ack_counter": sync.last_ack_counter,
        "last_export_at": sync.last_export_at,
        "packets_sealed": sync.packets,
        "gaps": sync.gaps(),
        "alarms": sync.alarms,
    }
