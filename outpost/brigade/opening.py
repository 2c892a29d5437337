"""The HQ archive opened for one task, its keys decrypted with the passphrase if the task signs."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from outpost.hq import HqArchive

Passphrase = bytes | Callable[[], bytes]
"""HQ's key passphrase, or a way to ask for it (asked only once the folder proved to be HQ's)."""


@contextmanager
def open_hq(
    folder: Path,
    passphrase: Passphrase | None = None,
    *,
    read_only: bool = False,
    shared_write: bool = False,
) -> Iterator[HqArchive]:
    """The HQ archive in `folder` for the length of one task; closed, its lock let go, after.

    With `passphrase`, HQ's private keys are decrypted (import and acks sign with them). When it
    is a callable it is called after the folder opened, so a terminal never asks for the
    passphrase of a folder that is not HQ's: the refusal of the folder comes first.
    `read_only` is a look, `shared_write` a writer beside the inbox server (`HqArchive.open`)."""
    archive = HqArchive.open(folder, read_only=read_only, shared_write=shared_write)
    try:
        if passphrase is not None:
            archive.unlock(passphrase() if callable(passphrase) else passphrase)
        yield archive
    finally:
        archive.close()
