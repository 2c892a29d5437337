"""Entries, kinds, canonical form, validation and the current view of a log (no storage, no UI)."""

from outpost.model.canonical import GENESIS, canonical_bytes, entry_hash
from outpost.model.entry import Entry, build_entry, prepare, validate_data, validate_entry
from outpost.model.kinds import (
    CATEGORIES,
    HOUSEHOLD_FIELDS,
    KINDS,
    RECORD_KINDS,
    FormField,
    Kind,
    kind_of,
    stock_effect,
)
from outpost.model.months import month_of
from outpost.model.state import LogState, Warning_, fold
from outpost.model.times import (
    DEFAULT_ZONE,
    format_time,
    normalise_time,
    parse_time,
    zone,
)

__all__ = [
    "CATEGORIES",
    "DEFAULT_ZONE",
    "GENESIS",
    "HOUSEHOLD_FIELDS",
    "KINDS",
    "RECORD_KINDS",
    "Entry",
    "FormField",
    "Kind",
    "LogState",
    "Warning_",
    "build_entry",
    "canonical_bytes",
    "entry_hash",
    "fold",
    "format_time",
    "kind_of",
    "month_of",
    "normalise_time",
    "parse_time",
    "prepare",
    "stock_effect",
    "validate_data",
    "validate_entry",
    "zone",
]
