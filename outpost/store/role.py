"""Which program owns a data directory (the station or HQ, told by its marker file), and refusals.

A station's folder holds `station.json`, an HQ's `hq.json`, each written last when the folder is
set up. Each program refuses a folder marked for the other, and a folder of someone's files, so
that neither ever writes over data it does not own.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from outpost.errors import ForeignDataDir, InputRefused
from outpost.store.files import failure_reason
from outpost.store.lock import LOCK_NAME

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")
"""A station id or an HQ id: lower-case letters, digits and hyphens, 2 to 63 characters."""


@dataclass(frozen=True)
class Role:
    """One of the two programs that own a data directory."""

    name: str
    """What its marker file says under `role`."""
    marker: str
    """The file that makes a folder this role's."""
    label: str
    """How the other role's refusal names a folder of this one (its `reason`)."""
    refusal: str
    """The message key of the other role's refusal: "PATH is a station's data folder, not
    HQ's" says plainly which folder was given."""


STATION = Role("station", "station.json", "station", "store.station_folder")
HQ = Role("hq", "hq.json", "HQ", "store.hq_folder")


def _other(role: Role) -> Role:
    return HQ if role == STATION else STATION


def refuse_other_role(folder: Path, role: Role) -> None:
    """ForeignDataDir when `folder` is marked for the other role."""
    other = _other(role)
    if (folder / other.marker).exists():
        raise ForeignDataDir(other.refusal, path=str(folder), reason=other.label)


def refuse_foreign(
    folder: Path, role: Role, keeps: Collection[str] = (), *, hidden_ok: bool = False
) -> None:
    """Refuse (ForeignDataDir) to set up or open `role` in `folder` when it is a file, is marked
    for the other role, or holds anything besides the lock and `keeps` (the role's own files).

    A missing folder is fine: it will be made. With `hidden_ok`, dot files (a desktop's
    `.DS_Store`, a killed writer's temp file) are let be: the station allows them, while HQ's
    set-up wants a folder holding nothing at all.
    """
    if not folder.exists():
        return
    if not folder.is_dir():
        raise ForeignDataDir("store.foreign", path=str(folder), reason="not a folder")
    try:
        names = {p.name for p in folder.iterdir()}
    except OSError as exc:
        raise InputRefused(
            "store.unreadable", path=str(folder), reason=failure_reason(exc)
        ) from None
    other = _other(role)
    if other.marker in names:
        raise ForeignDataDir(other.refusal, path=str(folder), reason=other.label)
    stray = names - {LOCK_NAME, *keeps}
    if hidden_ok:
        stray = {n for n in stray if not n.startswith(".")}
    if stray:
        raise ForeignDataDir("store.foreign", path=str(folder), reason=", ".join(sorted(stray)[:3]))
