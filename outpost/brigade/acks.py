"""Writing acks: the signed note of what HQ holds of a station's log, carried back to it."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from outpost.hq import HqArchive, make_ack
from outpost.store.files import atomic_write, make_private_dir, storage_failed


def write_acks(archive: HqArchive, stations: Iterable[str], folder: Path) -> list[Path]:
    """Write the current ack of each station's latest log into `folder` (made when missing).

    `folder` is often on a courier's stick: `atomic_write` neither follows a link planted at an
    ack's name or its temporary name, nor leaves one pointing anywhere but at the new ack."""
    try:
        make_private_dir(folder, parents=True)
    except OSError as exc:
        raise storage_failed(folder, exc) from None
    written = []
    for station in stations:
        raw, name = make_ack(archive, station)
        atomic_write(folder / name, raw)
        written.append(folder / name)
    return written


def write_ack(archive: HqArchive, station: str, out: Path) -> Path:
    """Write the current ack of `station`'s latest log to the file `out`, or into it when it is a
    folder; the file written."""
    raw, name = make_ack(archive, station)
    target = out / name if out.is_dir() else out
    atomic_write(target, raw)
    return target
