"""The station logbook: the append-only log in crash-safe TinyDB month pages, the derived state."""

from outpost.logbook.browse import LogFilter, matching
from outpost.logbook.check import CheckReport
from outpost.logbook.config import StationConfig
from outpost.logbook.drafting import Draft, SaveResult
from outpost.logbook.logbook import Logbook

__all__ = [
    "CheckReport",
    "Draft",
    "LogFilter",
    "Logbook",
    "SaveResult",
    "StationConfig",
    "matching",
]
