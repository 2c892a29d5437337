"""Errors a user can cause, each with a message for people and its exit code (README.md)."""

from __future__ import annotations

from typing import Any

from outpost.i18n import catalogue, t


def field_label(path: str, lang: str | None = None) -> str:
    """A field's path as people read it: its form label (`tui.field.NAME`) for each part, an
    index as "第 1 项" ('data.items.0.quantity' -> '药品 第 1 项 数量'). A path holding a part
    no label names (a packet's header, a field the officer made up) is shown as it is."""
    parts = path.split(".")
    if parts[0] == "data" and len(parts) > 1:
        parts = parts[1:]
    known = catalogue()
    shown = []
    for part in parts:
        if part.isdigit():
            shown.append(t("field.item", lang, n=int(part) + 1))
        elif f"tui.field.{part}" in known:
            shown.append(t(f"tui.field.{part}", lang))
        else:
            return path
    return " ".join(shown)


def screen_key(key: str) -> str:
    """The message a screen shows for `key`: `screen.KEY` when the catalogue has one (the
    command line's message names a command to type; a screen's names the key to press)."""
    return f"screen.{key}" if f"screen.{key}" in catalogue() else key


class OutpostError(Exception):
    """Base of every error shown to a user as one line; `key` names the message in the catalogue."""

    exit_code = 1

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def message(self) -> str:
        """The one line shown to the user, in the current language."""
        return t(self.key, **self.shown_params())

    def on_screen(self) -> str:
        """The line as a screen shows it: its `screen.` message when the command line's
        suggests a command (`outpost add household …`), which a screen's user never types."""
        return t(screen_key(self.key), **self.shown_params())

    def shown_params(self) -> dict[str, Any]:
        return self.params

    def __str__(self) -> str:
        return self.message()

    def __reduce__(self) -> tuple[Any, ...]:
        # Rebuilt whole when it crosses a process boundary (HQ checks packets in a second
        # process): the default keeps only `args`, losing the message's parameters.
        return (type(self), (self.key,), self.__dict__)


class UsageError(OutpostError):
    """The command was used wrongly (exit 2)."""

    exit_code = 2


class NotInitialised(UsageError):
    """The data directory holds no station (or HQ) yet."""


class InputRefused(OutpostError):
    """Input was refused: an invalid entry, a bad packet or ack, an unknown station (exit 3)."""

    exit_code = 3


class InvalidEntry(InputRefused):
    """An entry breaks its schema or a rule of the log; `field` names where, when known."""

    def __init__(self, key: str, field: str | None = None, **params: Any) -> None:
        super().__init__(key, field=field or "", **params)
        self.field = field

    def shown_params(self) -> dict[str, Any]:
        """Its parameters with the field named by its label ('水量（升）', not 'litres'), as the
        form shows it, on the command line too."""
        if not self.field:
            return self.params
        return {**self.params, "field": field_label(self.field)}

    def at_line(self, line: int) -> InvalidEntry:
        """The same refusal, told about line `line` of a batch file."""
        err = InvalidEntry("entry.batch_line", field=self.field, line=line, reason=self.message())
        return err


class ForeignDataDir(InputRefused):
    """The data directory exists but is not an outpost directory of the expected role."""


class Conflict(OutpostError):
    """A conflict: a fork, a duplicate id (exit 4)."""

    exit_code = 4


class DataDirLocked(OutpostError):
    """Another outpost process owns the data directory (exit 5)."""

    exit_code = 5


class StorageFailed(OutpostError):
    """The disk refused a write (full, read-only, gone); nothing was saved (exit 1)."""

    exit_code = 1


class NotReached(OutpostError):
    """HQ's inbox server could not be reached, or asked to come back later (exit 6): nothing is
    lost, the next `outpost sync` resumes where this one stopped."""

    exit_code = 6
