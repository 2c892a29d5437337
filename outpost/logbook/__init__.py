"""The station logbook: crash-safe TinyDB month files, the directory lock, the derived state."""

from outpost.logbook.config import StationConfig
from outpost.logbook.logbook import CheckReport, Draft, Logbook, SaveResult

__all__ = ["CheckReport", "Draft", "Logbook", "SaveResult", "StationConfig"]
