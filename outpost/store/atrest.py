"""A station's files sealed at rest: ChaCha20-Poly1305 under its data key, named by their place.

Every read and write of station data passes through `outpost.store.files` (`atomic_write`,
`read_json`, `read_sealed`), which asks `sealing_for(path)` whether the path lies in a station
folder unlocked in this process. If so, the bytes on disk are `MAGIC`, a random nonce, and the
AEAD of the plain bytes with the file's name relative to the folder (`log/2026-11.2.json`) as
associated data: a page moved to another name, or another file swapped in, does not open.
The files that stay clear, and why, are in `CLEAR` (docs/threat-model.md).
"""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass, field
from pathlib import Path

MAGIC = b"outpost-sealed-1\n"
NONCE_BYTES = 12
KEY_BYTES = 32
OVERHEAD = len(MAGIC) + NONCE_BYTES + 16
"""How many bytes a sealed file holds beyond its plain bytes (magic, nonce, tag)."""
UNLOCK_NAME = "unlock.json"
"""The clear file that marks a sealed station and holds what unlocks it (outpost.store.vault)."""
UNLOCK_BACKUP = "unlock.json.bak"
"""Its backup copy, written before it each time (a cut between the two leaves one that opens)."""
CLEAR = frozenset(
    {
        UNLOCK_NAME,  # salt, Argon2id cost, the wrapped data key: needed before anything opens
        UNLOCK_BACKUP,  # the same, a write earlier
        ".lock",  # the data-folder lock: a process id
        "station.card.json",  # public keys, handed to HQ on a stick
        "hq.card.json",  # HQ's public card
        "outbox",  # packets: already sealed to HQ
        "acks",  # HQ's signed acks: seq ranges and hashes
        "reports",  # summaries the officers asked for, to print or send
    }
)
"""First components of names in a station folder that are never sealed."""


class StationLocked(PermissionError):
    """A file of a sealed station locked again in this process (the screens' idle lock): it
    is neither read nor written until the passphrase is given again."""

    def __init__(self, path: Path) -> None:
        super().__init__(errno.EACCES, "the station is locked", str(path))


class SealBroken(ValueError):
    """A sealed file that does not open under its name: moved, swapped, damaged or foreign."""


@dataclass(frozen=True)
class DataKey:
    """The station's random 256-bit data key, which seals every file of its folder."""

    raw: bytes = field(repr=False)

    @classmethod
    def generate(cls) -> DataKey:
        return cls(os.urandom(KEY_BYTES))

    def seal(self, name: str, plain: bytes) -> bytes:
        """The bytes to store for `plain` under `name` (a fresh nonce every write)."""
        from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

        nonce = os.urandom(NONCE_BYTES)
        return MAGIC + nonce + ChaCha20Poly1305(self.raw).encrypt(nonce, plain, _ad(name))

    def open(self, name: str, stored: bytes) -> bytes:
        """The plain bytes of a file stored under `name`; SealBroken when they do not open."""
        # Imported here: a clear station's commands and screens never load cryptography.
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

        if not stored.startswith(MAGIC):
            raise SealBroken("not sealed")
        body = stored[len(MAGIC) :]
        nonce, sealed = body[:NONCE_BYTES], body[NONCE_BYTES:]
        try:
            return ChaCha20Poly1305(self.raw).decrypt(nonce, sealed, _ad(name))
        except (InvalidTag, ValueError):
            raise SealBroken("sealed for another file, or damaged") from None


def _ad(name: str) -> bytes:
    return b"outpost station file " + name.encode("utf-8")


_unlocked: dict[str, DataKey] = {}
"""Station folders unlocked in this process (absolute path → data key)."""
_relocked: set[str] = set()
"""Station folders locked again: their files are refused, never written clear."""


def unlock(folder: Path, key: DataKey) -> None:
    """Seal and open the files of `folder` with `key` from now on in this process."""
    where = os.path.abspath(folder)
    _unlocked[where] = key
    _relocked.discard(where)


def lock(folder: Path) -> None:
    """Forget `folder`'s key (the screens' idle lock): until `unlock`, its files are refused
    (StationLocked), so that nothing is ever written clear in a sealed folder."""
    where = os.path.abspath(folder)
    if _unlocked.pop(where, None) is not None:
        _relocked.add(where)


def key_for(folder: Path) -> DataKey | None:
    """`folder`'s key when it is unlocked in this process."""
    return _unlocked.get(os.path.abspath(folder))


def is_sealed(folder: Path) -> bool:
    """True when `folder` is a station whose files are sealed (its unlock file, or the file's
    backup copy when the file itself was lost, is there)."""
    return any(os.path.lexists(os.path.join(folder, n)) for n in (UNLOCK_NAME, UNLOCK_BACKUP))


def sealing_for(path: Path) -> tuple[DataKey, str] | None:
    """The key and the name to seal `path` under, or None when it is stored as it is."""
    if not _unlocked and not _relocked:
        return None
    full = os.path.abspath(path)
    parent = os.path.dirname(full)
    # A station's files are at most one folder deep (log/, drafts/).
    for folder in (parent, os.path.dirname(parent)):
        key = _unlocked.get(folder)
        if key is not None or folder in _relocked:
            name = os.path.relpath(full, folder).replace(os.sep, "/")
            if name.split("/", 1)[0] in CLEAR:
                return None
            if key is None:
                raise StationLocked(path)
            return key, name
    return None


def seal_for(path: Path, plain: bytes) -> bytes:
    """What to write at `path` for `plain`: sealed inside an unlocked station, else as it is."""
    found = sealing_for(path)
    return plain if found is None else found[0].seal(found[1], plain)


def open_for(path: Path, stored: bytes) -> bytes:
    """The plain bytes of `stored`, read at `path` (SealBroken when a sealed file does not
    open there). A clear file in an unlocked station is read as it is only while `outpost
    encrypt` has not yet reached it (`converting`)."""
    found = sealing_for(path)
    if found is None:
        return stored
    key, name = found
    if not stored.startswith(MAGIC) and _converting(path):
        return stored
    return key.open(name, stored)


_converting_folders: set[str] = set()


def converting(folder: Path, on: bool) -> None:
    """Mark `folder` as being converted: its clear files are still read as they are."""
    where = os.path.abspath(folder)
    if on:
        _converting_folders.add(where)
    else:
        _converting_folders.discard(where)


def _converting(path: Path) -> bool:
    full = os.path.abspath(path)
    parent = os.path.dirname(full)
    return parent in _converting_folders or os.path.dirname(parent) in _converting_folders
