"""What the station remembers between runs (language, the stick's folder, whether uploads go by
themselves, the idle lock), kept in `station.json` (sealed on a sealed station) under `settings`."""

from __future__ import annotations

import os
from typing import Any

from outpost.errors import UsageError
from outpost.i18n import LANGUAGES
from outpost.logbook import Logbook

LANGUAGE = "lang"
COPY_TO = "copy_to"
ACKS_FROM = "acks_from"
AUTO_UPLOAD = "auto_upload"
"""On: the screens upload to HQ's inbox server by themselves, every few minutes and soon after
a save (`outpost.station.autoupload`). Off unless the officer turns it on."""


def remembered(book: Logbook, name: str) -> str:
    """The setting `name` as last remembered, or an empty string."""
    return str(book.config.settings.get(name, ""))


def remember(book: Logbook, name: str, value: Any) -> None:
    """Keep `value` as the setting `name` (written only when it changed; OutpostError when the
    disk refuses, the value then held for this run only)."""
    if book.config.settings.get(name) != value:
        book.config.settings[name] = value
        book.save_config()


def station_language(book: Logbook) -> str | None:
    """The language the station chose last time (F2), unless OUTPOST_LANG names one."""
    if os.environ.get("OUTPOST_LANG", "").strip().lower() in LANGUAGES:
        return None
    chosen = book.config.settings.get(LANGUAGE)
    return chosen if chosen in LANGUAGES else None


IDLE_LOCK = "idle_lock_minutes"
IDLE_LOCK_DEFAULT = 15
IDLE_LOCK_MOST = 240
"""At most four hours: a laptop left open longer than that should be locked by hand (Ctrl+Q)."""


def idle_lock_minutes(book: Logbook) -> int:
    """How many minutes the screens of a sealed station stay open untouched before they lock
    (the setting `idle_lock_minutes`, default 15; 0 never locks; a stored value out of bounds
    counts as the default)."""
    value = book.config.settings.get(IDLE_LOCK, IDLE_LOCK_DEFAULT)
    if type(value) is not int or not 0 <= value <= IDLE_LOCK_MOST:
        return IDLE_LOCK_DEFAULT
    return value


def idle_lock_seconds(book: Logbook) -> float:
    """`idle_lock_minutes` in seconds (0: never)."""
    return float(idle_lock_minutes(book)) * 60


def set_idle_lock(book: Logbook, minutes: int) -> None:
    """Keep `minutes` (0 = never, else 1 to IDLE_LOCK_MOST) as the idle lock: `outpost settings
    idle-lock` and the screens' palette both come here. UsageError, nothing written, out of
    bounds."""
    if type(minutes) is not int or not 0 <= minutes <= IDLE_LOCK_MOST:
        raise UsageError("settings.idle_lock_bounds", most=IDLE_LOCK_MOST)
    remember(book, IDLE_LOCK, minutes)


def auto_upload(book: Logbook) -> bool:
    """Whether the station uploads by itself (`AUTO_UPLOAD`); only a stored `true` turns it on."""
    return book.config.settings.get(AUTO_UPLOAD) is True
