"""Setting up HQ (its keys, card and archive) and the card HQ hands to every station."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from outpost.brigade.passphrase import judge_passphrase
from outpost.errors import UsageError
from outpost.hq import HqArchive
from outpost.model.times import DEFAULT_ZONE, zone
from outpost.sync.identity import HQ_CARD, Card


@dataclass(frozen=True)
class HqCardFile:
    """HQ's card and the file holding it (each station's set-up reads that file)."""

    path: Path
    card: Card

    @property
    def fingerprint(self) -> str:
        """What a station reads back on the phone to know the card is HQ's."""
        return str(self.card["fingerprint"])


def check_names(hq_id: str, name: str) -> None:
    """UsageError when the HQ id or name is empty; a face checks before asking the passphrase."""
    if not hq_id or not name.strip():
        raise UsageError("store.bad_name")


def check_zone(timezone: str) -> None:
    """UsageError when there is no time zone of that name (`Asia/Shanghai`); a face checks
    before asking the passphrase."""
    try:
        zone(timezone)
    except ValueError:
        raise UsageError("store.bad_zone", value=timezone) from None


def set_up_hq(
    folder: Path, *, hq_id: str, name: str, passphrase: bytes, timezone: str = DEFAULT_ZONE
) -> HqCardFile:
    """Set up HQ in `folder`: its keys (encrypted with `passphrase`), its card and its archive;
    `timezone` the brigade's (UsageError when there is no such zone).

    UsageError (exit 2), nothing made, when the passphrase is short or common
    (outpost.brigade.passphrase); a face shows the warning of a weak one before calling this."""
    check_names(hq_id, name)
    check_zone(timezone)
    judge_passphrase(passphrase)
    archive = HqArchive.create(
        folder, hq_id=hq_id, name=name, passphrase=passphrase, timezone=timezone
    )
    try:
        return hq_card_file(archive)
    finally:
        archive.close()


def hq_card_file(archive: HqArchive) -> HqCardFile:
    """HQ's card and where it lies."""
    return HqCardFile(archive.folder / HQ_CARD, archive.card)
