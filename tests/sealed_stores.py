"""Clear and sealed stations for the durability tests, so each of them runs both ways.

A sealed station is made in the test's process at the tests' cheap Argon2id cost and stays
unlocked there: reopening it costs no key derivation, and a real `outpost` process started by a
test reads the same cheap cost from its unlock file.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from outpost.logbook import Logbook
from outpost.store import files

PASSPHRASE = "camel-well-saxaul-41"
STORES = ["clear", "sealed"]
"""The `params` of a fixture that makes a station each way."""


def new_book(folder: Path, clock: Any, store: str, officers: list[str] | None = None) -> Logbook:
    """A new station in `folder`, clear or sealed (`store`), with its clock."""
    return Logbook.create(
        folder,
        station_id="yingen-couple-post",
        name="银根戍边夫妻警务室",
        officers=officers or ["张伟", "李娜"],
        clock=clock,
        passphrase=PASSPHRASE.encode() if store == "sealed" else None,
    )


def plain_bytes(path: Path) -> bytes:
    """A station file's bytes as the store wrote them (opened when the station is sealed)."""
    return files.read_bytes(path)


def plain_json(path: Path) -> Any:
    """A station file's JSON (opened when the station is sealed)."""
    return files.read_json(path)


def write_plain_json(path: Path, obj: Any) -> None:
    """Write a station file by hand as the store would (sealed when the station is)."""
    files.write_json(path, obj)


def process_env(clock: Any) -> dict[str, str]:
    """The environment a real `outpost` process needs for this station: the test's clock,
    and the passphrase (a clear station ignores it)."""
    moment: datetime = clock()
    return {"OUTPOST_NOW": moment.isoformat(), "OUTPOST_PASSPHRASE": PASSPHRASE}
