"""Setting up a station: its log, its signing key and card, and the card of the HQ it reports to.

The sync modules (and so cryptography) are imported when a card is read or made, not when this
module is: the first-run screen opens as fast as the rest.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from outpost.errors import OutpostError, StorageFailed, UsageError
from outpost.logbook import Logbook
from outpost.model import DEFAULT_ZONE

if TYPE_CHECKING:
    from outpost.sync.identity import Card


@dataclass
class NewStation:
    """What `outpost init` made: the station's card (for HQ to enroll) and the HQ card taken."""

    folder: Path
    card_path: Path
    fingerprint: str
    hq_card: Card | None


@dataclass
class StationCard:
    """The station's own card file: what HQ enrolls, and the fingerprint read over the phone."""

    path: Path
    fingerprint: str


def station_card(book: Logbook) -> StationCard:
    """The station's card, written (with its key) first when it is missing."""
    from outpost.sync.identity import read_card
    from outpost.sync.station import own_card_path

    path = own_card_path(book)
    return StationCard(path, read_card(path, "outpost-station")["fingerprint"])


def station_card_if_made(book: Logbook) -> StationCard | None:
    """The station's card as it stands, for a look that writes nothing (`outpost status`):
    None when there is none yet or it does not read as a card."""
    from outpost.sync.identity import STATION_CARD, read_card

    path = book.folder / STATION_CARD
    if not path.exists():
        return None
    try:
        return StationCard(path, read_card(path, "outpost-station")["fingerprint"])
    except OutpostError:
        return None


def copy_card(book: Logbook, folder: Path) -> Path:
    """Copy the station's card to `folder` (a stick, for HQ to enroll) as
    `<station id>.station.card.json`, so two stations' cards on one stick stay apart; the copy
    is read back and checked. Returns the copy's path."""
    from outpost.store import atomic_write, read_regular, storage_failed
    from outpost.sync.limits import MAX_CARD_BYTES

    card = station_card(book)
    target = folder / f"{book.config.station_id}.station.card.json"
    try:
        raw = read_regular(card.path, MAX_CARD_BYTES)
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write(target, raw)  # follows no link planted on the stick
        back = read_regular(target, MAX_CARD_BYTES)
    except OSError as exc:
        raise storage_failed(target, exc) from None
    if back != raw:
        raise StorageFailed("sync.copy_mismatch", path=str(target))
    return target


def read_hq_card(path: Path) -> Card:
    """HQ's card from a file, checked (InputRefused when it is not an HQ card)."""
    from outpost.sync.identity import read_card

    return read_card(path, "outpost-hq")


def take_hq_card(book: Logbook, card: Card) -> bool:
    """Keep HQ's card: packets are sealed to it, acks checked against it. True when it names
    another HQ than before (delivery starts over)."""
    from outpost.station.sealing import refresh_recovery
    from outpost.sync.station import set_hq_card

    changed = set_hq_card(book, card)
    refresh_recovery(book)
    return changed


def set_up_station(
    folder: Path,
    *,
    station_id: str,
    name: str,
    officers: list[str],
    timezone: str = DEFAULT_ZONE,
    hq_card_file: Path | None = None,
    passphrase: bytes | None = None,
) -> NewStation:
    """`outpost init`: the log, the station's key and card, and HQ's card when one is given;
    with a `passphrase`, every file of the station sealed at rest (outpost.store.vault).

    HQ's card is checked before anything is created. The log is closed again at the end."""
    hq_card = read_hq_card(hq_card_file) if hq_card_file is not None else None
    book = Logbook.create(
        folder,
        station_id=station_id,
        name=name,
        officers=officers,
        timezone=timezone,
        passphrase=passphrase,
    )
    try:
        card = station_card(book)
        if hq_card is not None:
            take_hq_card(book, hq_card)
    finally:
        book.close()
    return NewStation(book.folder, card.path, card.fingerprint, hq_card)


def officer_names(text: str) -> list[str]:
    """The officers typed in one field, separated as a form's officers are (commas, ASCII or
    full-width, 、 or semicolons): 张伟、李娜 is two officers, as a paste of two lines is."""
    from outpost.station.forms import LIST_SPLIT

    names = [o.strip() for o in LIST_SPLIT.split(text)]
    return [o for o in names if o]


@dataclass
class FirstRun:
    """The station the first-run screen made, open, its own card (written at once: HQ enrolls
    it), and the HQ card's refusal if it had one (the station stands without it: the card can
    be given later on the sync screen)."""

    book: Logbook
    card: StationCard
    hq_card_error: OutpostError | None = None


def first_run(
    folder: Path,
    *,
    station_id: str,
    name: str,
    officers: str,
    hq_card: str = "",
    clock: Callable[[], datetime] | None = None,
    passphrase: str = "",
    again: str = "",
) -> FirstRun:
    """The first-run screen's set-up: the log, opened, and HQ's card (a path typed, `~` allowed);
    sealed with `passphrase` (typed twice, the same) when one is given, else clear.

    Refusals of the fields (no officer, a bad card file, a bad id, passphrases that differ or
    are too short) come before anything is made."""
    names = officer_names(officers)
    if not names:
        raise UsageError("tui.first_run.need_officer")
    secret = None
    if passphrase or again:
        from outpost.store.vault import check_passphrase

        if passphrase != again:
            raise UsageError("atrest.mismatch")
        secret = passphrase.encode("utf-8")
        check_passphrase(secret)
    card = read_hq_card(Path(hq_card).expanduser()) if hq_card else None
    book = Logbook.create(
        folder, station_id=station_id, name=name, officers=names, clock=clock, passphrase=secret
    )
    try:
        made = FirstRun(book, station_card(book))
    except BaseException:
        book.close()
        raise
    if card is not None:
        try:
            take_hq_card(book, card)
        except OutpostError as exc:
            made.hq_card_error = exc
    return made
