"""Errors a user can cause, each with a message for people and its exit code (README.md)."""

from __future__ import annotations

from typing import Any

from outpost.i18n import t


class OutpostError(Exception):
    """Base of every error shown to a user as one line; `key` names the message in the catalogue."""

    exit_code = 1

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def message(self) -> str:
        """The one line shown to the user, in the current language."""
        return t(self.key, **self.params)

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
