"""The station's roster: who may record entries now, added and retired (`outpost officers`, the
roster screen), and who a new form names by default."""

from __future__ import annotations

from outpost.errors import UsageError
from outpost.logbook import Logbook
from outpost.model.entry import check_values

LAST_OFFICERS = "last_officers"
"""The setting holding the officers of the last entry saved in a form."""

MAX_NAME = 100
"""As long as an entry's `officers` item may be (schemas/envelope.schema.json)."""


def roster(book: Logbook) -> list[str]:
    """The officers on the roster, in the order they were added."""
    return list(book.config.officers)


def retired(book: Logbook) -> list[str]:
    """Officers taken off the roster; the entries they recorded still name them."""
    return [name for name in book.config.retired if name not in book.config.officers]


def off_roster(book: Logbook, officers: list[str]) -> list[str]:
    """The names in `officers` that are not on the roster (never added, or retired)."""
    on = set(book.config.officers)
    return [name for name in officers if name not in on]


def officer_name(name: str) -> str:
    """`name` as the roster keeps it (spaces around it dropped); UsageError for a name no entry
    could carry."""
    clean = name.strip() if isinstance(name, str) else ""
    if not clean:
        raise UsageError("roster.empty_name")
    if len(clean) > MAX_NAME:
        raise UsageError("roster.name_too_long", most=MAX_NAME)
    check_values(clean, "officer")
    return clean


def add_officer(book: Logbook, name: str) -> str:
    """Put `name` on the roster (back on it, if retired) and save; the name as kept. UsageError
    when it is already there."""
    clean = officer_name(name)
    config = book.config
    if clean in config.officers:
        raise UsageError("roster.already_on", name=clean)
    config.officers.append(clean)
    config.retired = [o for o in config.retired if o != clean]
    book.save_config()
    return clean


def retire_officer(book: Logbook, name: str) -> str:
    """Take `name` off the roster and save: the entries they recorded keep their name, new
    entries naming them are warned about. UsageError for a name not on the roster, or the last
    one (a station always has someone who records)."""
    clean = name.strip() if isinstance(name, str) else ""
    config = book.config
    if clean not in config.officers:
        raise UsageError("roster.not_on", name=clean)
    if len(config.officers) == 1:
        raise UsageError("roster.last_officer", name=clean)
    config.officers.remove(clean)
    if clean not in config.retired:
        config.retired.append(clean)
    book.save_config()
    return clean


def default_officers(book: Logbook) -> list[str]:
    """Who a new form names: the officers of the last entry saved who are on the roster (a name
    typed once and saved anyway, or retired since, never becomes the default), else the first
    officer on the roster."""
    last = book.config.settings.get(LAST_OFFICERS) or []
    kept = [name for name in last if isinstance(name, str) and name in book.config.officers]
    return kept or book.config.officers[:1]
