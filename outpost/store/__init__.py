"""Data-directory plumbing shared by the station and HQ: crash-safe writes, careful reads, the
lock, the role."""

from outpost.store.files import (
    atomic_write,
    make_private_dir,
    read_json,
    storage_failed,
    tighten,
    write_json,
)
from outpost.store.lock import LOCK_NAME, DirectoryLock
from outpost.store.reading import NotRegularFile, named_in, read_regular
from outpost.store.role import HQ, ID_PATTERN, STATION, Role, refuse_foreign, refuse_other_role

__all__ = [
    "HQ",
    "ID_PATTERN",
    "LOCK_NAME",
    "STATION",
    "DirectoryLock",
    "NotRegularFile",
    "Role",
    "atomic_write",
    "make_private_dir",
    "named_in",
    "read_json",
    "read_regular",
    "refuse_foreign",
    "refuse_other_role",
    "storage_failed",
    "tighten",
    "write_json",
]
