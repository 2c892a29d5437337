"""Drafts of forms in progress: kept crash-safely in the station's `drafts/` folder, offered back.

A form writes what is typed here as it changes, so a crash or a power cut loses at most the
last moment of typing; saving the entry or discarding the form removes the draft. One file per
form: `new-KIND.json` for a new entry of a kind, `amend-ID.json` for the correction of one
entry. A draft that cannot be read (damaged, planted, too big) is no draft: the form opens as
if there were none, and the next change writes a good one over it.
"""

from __future__ import annotations

import contextlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from outpost.model.times import now
from outpost.store import make_private_dir, read_regular, write_json
from outpost.store.atrest import OVERHEAD, open_for

DRAFTS = "drafts"
"""The folder, inside the station's data folder, that holds the drafts."""
LIMIT = 256 * 1024
"""The largest draft read back: a form's fields hold far less."""
DEBOUNCE = 0.5
"""Seconds of quiet after a change before the draft is written. A crash-safe write costs ~4 ms
on a laptop's disk but can take far longer on an SD card's fsync, so not on every keystroke."""
VERSION = 1
_SAFE = re.compile(r"[^A-Za-z0-9_-]")


def draft_key(kind: str, amend_id: str | None = None) -> str:
    """The name of the draft of a new `kind` entry, or of the correction of entry `amend_id`."""
    return safe_name(f"amend-{amend_id}" if amend_id else f"new-{kind}")


def safe_name(key: str) -> str:
    """`key` as a file name that stays inside the drafts folder."""
    return _SAFE.sub("_", key)[:120]


def changed(start: dict[str, str], typed: dict[str, str]) -> bool:
    """True when a form holds something other than what it opened with (spaces around a
    field's text do not count: they are not saved)."""
    names = set(start) | set(typed)
    return any((start.get(n) or "").strip() != (typed.get(n) or "").strip() for n in names)


@dataclass
class Drafts:
    """The drafts of one station's data folder."""

    folder: Path

    @property
    def where(self) -> Path:
        return self.folder / DRAFTS

    def path(self, key: str) -> Path:
        return self.where / f"{safe_name(key)}.json"

    def load(self, key: str) -> dict[str, str] | None:
        """The typed values of draft `key`, or None when there is none to offer."""
        try:
            raw = open_for(self.path(key), read_regular(self.path(key), LIMIT + OVERHEAD))
        except (OSError, ValueError):  # a sealed draft that does not open is not offered
            return None
        if len(raw) > LIMIT:
            return None
        try:
            doc: Any = json.loads(raw.decode("utf-8"))
        except ValueError:
            return None
        values = doc.get("values") if isinstance(doc, dict) else None
        if not isinstance(values, dict):
            return None
        kept = {k: v for k, v in values.items() if isinstance(k, str) and isinstance(v, str)}
        return kept or None

    def save(self, key: str, values: dict[str, str]) -> None:
        """Keep `values` as draft `key` (StorageFailed when the disk refuses)."""
        with contextlib.suppress(OSError):  # the write below says what the disk refused
            make_private_dir(self.where)
        doc = {"v": VERSION, "saved_at": now().isoformat(timespec="seconds"), "values": values}
        write_json(self.path(key), doc)

    def clear(self, key: str) -> None:
        """Remove draft `key` (nothing said when there is none, or it cannot be removed)."""
        with contextlib.suppress(OSError):
            self.path(key).unlink()
