"""What a save takes (a Draft per entry) and what it gives back (the entries and warnings)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from outpost.model import Entry, Warning_


@dataclass
class Draft:
    """What an officer records: a kind, its data, and optionally when and by whom."""

    kind: str
    data: Any
    occurred_at: str | None = None
    officers: list[str] | None = None


@dataclass
class SaveResult:
    """The entries one save appended, and warnings the officer should read."""

    entries: list[Entry]
    warnings: list[Warning_] = field(default_factory=list)
