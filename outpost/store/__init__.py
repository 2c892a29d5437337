"""Data-directory plumbing shared by the station and HQ: crash-safe writes, the lock, the role."""

from outpost.store.files import atomic_write, read_json, storage_failed, write_json
from outpost.store.lock import LOCK_NAME, DirectoryLock
from outpost.store.role import HQ, ID_PATTERN, STATION, Role, refuse_foreign, refuse_other_role

__all__ = [
    "HQ",
    "ID_PATTERN",
    "LOCK_NAME",
    "STATION",
    "DirectoryLock",
    "Role",
    "atomic_write",
    "read_json",
    "refuse_foreign",
    "refuse_other_role",
    "storage_failed",
    "write_json",
]
