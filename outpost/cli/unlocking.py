"""The station passphrase on the command line: `--passphrase-file`, `OUTPOST_PASSPHRASE`, or asked.

Every station command takes `--passphrase-file` beside `--data-dir` (outpost.cli.data_dir_option);
the passphrase is asked only for a sealed station, and only on a terminal: a script without one
gets a single line and exit 3.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from outpost.errors import InputRefused, UsageError
from outpost.i18n import t

F = TypeVar("F", bound=Callable[..., Any])

PASSPHRASE_ENV = "OUTPOST_PASSPHRASE"
NEW_PASSPHRASE_ENV = "OUTPOST_NEW_PASSPHRASE"
_META = "outpost.passphrase_file"


def passphrase_file_option(func: F) -> F:
    """`--passphrase-file FILE` on a station command (it may also come before the command)."""

    def keep(ctx: click.Context, _param: click.Parameter, value: Path | None) -> None:
        if value is not None:
            ctx.meta[_META] = value

    return click.option(
        "--passphrase-file",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        expose_value=False,
        callback=keep,
        help=f"Read the station passphrase from this file (else ${PASSPHRASE_ENV}, else asked).",
    )(func)


def read_passphrase_file(path: Path) -> bytes:
    """A passphrase kept in a file (its last line end taken off)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8"
        raise UsageError("atrest.passphrase_unreadable", path=str(path), reason=reason) from None
    return text.rstrip("\r\n").encode("utf-8")


def given_passphrase() -> bytes | None:
    """The passphrase given without asking: `--passphrase-file`, else `OUTPOST_PASSPHRASE`."""
    ctx = click.get_current_context(silent=True)
    path = ctx.meta.get(_META) if ctx is not None else None
    if path is not None:
        return read_passphrase_file(path)
    env = os.environ.get(PASSPHRASE_ENV)
    return env.encode("utf-8") if env else None


def on_terminal() -> bool:
    return sys.stdin.isatty()


def station_passphrase(folder: Path) -> bytes | None:
    """The passphrase that opens `folder`: None for a clear station; given, or asked on a
    terminal; else InputRefused ("atrest.locked")."""
    from outpost.store.atrest import is_sealed

    if not is_sealed(folder):
        return None
    given = given_passphrase()
    if given is not None:
        return given
    if not on_terminal():
        raise InputRefused("atrest.locked", path=str(folder))
    return click.prompt(t("atrest.prompt"), hide_input=True, err=True).encode("utf-8")  # type: ignore[no-any-return]


def new_passphrase(given: bytes | None) -> bytes | None:
    """A new station passphrase: `given` (a file or the environment), else asked twice on a
    terminal; None when there is neither."""
    from outpost.store.vault import check_passphrase

    if given is not None:
        check_passphrase(given)
        return given
    if not on_terminal():
        return None
    first = click.prompt(t("atrest.new_prompt"), hide_input=True, err=True).encode("utf-8")
    check_passphrase(first)
    again = click.prompt(t("atrest.repeat_prompt"), hide_input=True, err=True).encode("utf-8")
    if again != first:
        raise UsageError("atrest.mismatch")
    return first  # type: ignore[no-any-return]
