"""Enrolling a station from its card, so HQ accepts its packets and signs its acks."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from outpost.errors import UsageError
from outpost.hq import HqArchive
from outpost.sync.identity import Card, read_card


@dataclass(frozen=True)
class Enrollment:
    """What enrolling a card did: `outcome` is "new", "same" (nothing changed) or "replaced"."""

    outcome: str
    card: Card


def read_station_card(path: Path) -> Card:
    """A station's card file (station.card.json), checked; InputRefused when it is not one."""
    return read_card(path, "outpost-station")


def enroll_station(archive: HqArchive, card: Card, replace: bool = False) -> Enrollment:
    """Register a station's card. Another key for an enrolled station is a Conflict (exit 4)
    unless `replace`: a station set up again after a lost laptop brings a new key."""
    return Enrollment(archive.enroll(card, replace=replace), card)


def replace_station_key(archive: HqArchive, card: Card, *, who: str, why: str) -> Enrollment:
    """Replace an enrolled station's key with its new card's, recording who did it and why
    (UsageError when either is blank: a replaced key is the first thing an inquiry asks about)."""
    if not who.strip() or not why.strip():
        raise UsageError("hq.replace_needs_who_why")
    return Enrollment(archive.enroll(card, replace=True, who=who.strip(), why=why.strip()), card)
