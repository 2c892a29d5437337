"""`outpost hq inbox-card`: HQ signs its inbox server's address and TLS pin for stations."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from outpost.brigade.opening import Passphrase, open_hq
from outpost.brigade.tls import hq_tls
from outpost.errors import UsageError
from outpost.hq.archive import utc_now
from outpost.model import format_time
from outpost.sync.inbox_card import check_url, inbox_card, write_inbox_card


@dataclass(frozen=True)
class InboxCardFile:
    """The card written, and what it says (the clerk reads the pin to the stations)."""

    path: Path
    url: str
    pin: str


def issue_inbox_card(folder: Path, passphrase: Passphrase, url: str) -> InboxCardFile:
    """Write `inbox.card.json` in HQ's `folder`: `url` and the pin of HQ's certificate (made now
    if `outpost hq serve` has not made it yet), signed with HQ's key. Beside a running server
    (the folder's lock shared). UsageError (exit 2), nothing written, for a URL that is not
    http(s)://HOST[:PORT]."""
    url = url.strip()
    if not check_url(url):
        raise UsageError("net.bad_url", url=url)  # before the passphrase is asked
    with open_hq(folder, passphrase, shared_write=True) as archive:
        tls = hq_tls(folder, archive.id, utc_now())
        card = inbox_card(
            archive.card, archive.keys.signing, url, tls.fingerprint, format_time(utc_now())
        )
        path = write_inbox_card(folder, card)
    return InboxCardFile(path, url, tls.fingerprint)
