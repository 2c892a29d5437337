"""The `outpost` command line: the root group, shared options, and one-line errors.

Each `cmd_*.py` module of this package adds its commands through `register(cli)`; command
bodies import what they need when they run, so `outpost add` never loads the TUI.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, overload

import click

from outpost.cli.unlocking import passphrase_file_option
from outpost.errors import OutpostError
from outpost.i18n import set_language, t
from outpost.model.times import now
from outpost.text import printable

if TYPE_CHECKING:
    from outpost.logbook import Logbook

F = TypeVar("F", bound=Callable[..., Any])

STATION_DIR_HELP = "Data directory (default: $OUTPOST_HOME or the user data folder)."
HQ_DIR_HELP = "HQ data directory (default: $OUTPOST_HQ_HOME or the user data folder)."


@overload
def data_dir_option(func: F) -> F: ...
@overload
def data_dir_option(*, hq: bool) -> Callable[[F], F]: ...
def data_dir_option(func: F | None = None, *, hq: bool = False) -> F | Callable[[F], F]:
    """`--data-dir` on a command (it may also be given before the command); `hq=True` for an
    HQ command, whose help names HQ's folder. A station command also takes `--passphrase-file`
    (outpost.cli.unlocking)."""
    option = click.option(
        "--data-dir",
        "data_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help=HQ_DIR_HELP if hq else STATION_DIR_HELP,
    )
    if hq:
        return option(func) if func is not None else option

    def both(f: F) -> F:
        return passphrase_file_option(option(f))

    return both(func) if func is not None else both


def lang_option(func: F) -> F:
    """`--lang zh|en` on a command."""

    def choose(ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
        if value:
            set_language(value)
        return value

    return click.option(
        "--lang",
        type=click.Choice(["zh", "en"]),
        default=None,
        expose_value=False,
        is_eager=True,
        callback=choose,
        help="Language of messages (default: from the locale).",
    )(func)


def chosen_dir(explicit: Path | None) -> Path | None:
    """The command's `--data-dir`, else the one given before the command."""
    if explicit is not None:
        return explicit
    ctx = click.get_current_context(silent=True)
    while ctx is not None:
        if isinstance(ctx.obj, dict) and ctx.obj.get("data_dir"):
            return ctx.obj["data_dir"]  # type: ignore[no-any-return]
        ctx = ctx.parent
    return None


@contextmanager
def open_logbook(data_dir: Path | None, *, read_only: bool = False) -> Iterator[Logbook]:
    """The station's Logbook for the length of one command (`read_only` for a look)."""
    from outpost.cli.unlocking import station_passphrase
    from outpost.paths import station_dir
    from outpost.station.records import open_logbook as open_station_log

    folder = station_dir(chosen_dir(data_dir))
    passphrase = station_passphrase(folder)
    with open_station_log(folder, read_only=read_only, passphrase=passphrase) as book:
        if passphrase is not None:
            from outpost.station.sealing import key_file_note

            note = key_file_note(book)
            if note:
                click.echo(printable(note), err=True)
        yield book


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@data_dir_option
@lang_option
@click.version_option(package_name="outpost")
@click.pass_context
def cli(ctx: click.Context, data_dir: Path | None) -> None:
    """outpost: the station logbook. With no command, opens the station's screens."""
    ctx.ensure_object(dict)
    ctx.obj["data_dir"] = data_dir
    if ctx.invoked_subcommand is None:
        from outpost.cli.cmd_tui import open_station_tui

        open_station_tui(data_dir)


def _register_commands() -> None:
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if info.name.startswith("cmd_"):
            module = importlib.import_module(f"{__name__}.{info.name}")
            module.register(cli)


_register_commands()


def _refuse_undecodable(command: click.Command) -> None:
    """Give every text option and argument of `command` (and of its subcommands) a check that
    its value decoded from the command line: Python hands bytes that are not UTF-8 over as
    surrogate escapes, which would otherwise reach the log, or crash writing it. A path may
    hold such bytes (a file name is bytes) and is left alone."""
    for param in command.params:
        if isinstance(param.type, click.Path | click.File):
            continue
        param.callback = _decoded(param.callback)
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            _refuse_undecodable(sub)


def _decoded(then: Callable[..., Any] | None) -> Callable[..., Any]:
    def check(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
        from outpost.errors import UsageError
        from outpost.model.bounds import undecodable

        if undecodable(value):
            name = param.opts[0] if param.opts else str(param.name)
            raise UsageError("bounds.argv_not_utf8", option=name)
        return then(ctx, param, value) if then is not None else value

    return check


_refuse_undecodable(cli)


def main(argv: Sequence[str] | None = None) -> None:
    """Run the command line; every failure ends as one line on stderr and an exit code."""
    set_language(None)
    try:
        cli.main(
            args=list(argv) if argv is not None else None,
            prog_name="outpost",
            standalone_mode=False,
        )
    except OutpostError as exc:
        # A message may quote a path or a name; `check` lists its findings a line each.
        shown = "\n".join(printable(line) for line in exc.message().split("\n"))
        click.echo(f"outpost: {shown}", err=True)
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        hint = f" ({t('cli.see_help')})" if isinstance(exc, click.UsageError) else ""
        click.echo(f"outpost: {printable(exc.format_message())}{hint}", err=True)
        sys.exit(exc.exit_code)
    except (click.exceptions.Abort, KeyboardInterrupt):
        click.echo(f"outpost: {t('cli.interrupted')}", err=True)
        sys.exit(130)
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
    except Exception as exc:
        where = _crash_log(exc)
        click.echo(f"outpost: {t('cli.internal', error=type(exc).__name__, log=where)}", err=True)
        sys.exit(1)
    sys.exit(0)


def _crash_log(exc: BaseException) -> str:
    """Keep the traceback for a developer in a file (0600), never on the user's screen.

    The file keeps the command and its option names, and the code's frames and exception
    types, never a value: values are what officers record (a route, a household, a note), and
    an exception's message may quote one."""
    try:
        import platformdirs

        folder = platformdirs.user_log_path("outpost")
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        path = folder / "crash.log"
        flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(path, flags, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8", errors="backslashreplace") as fh:
            if os.name == "posix":
                os.fchmod(fd, 0o600)  # a log an older version left readable to all
            fh.write(f"--- {now().isoformat()} outpost {_command_shape(sys.argv[1:])}\n")
            fh.write(_trace_without_values(exc))
        return str(path)
    except OSError:
        return "-"


def _command_shape(args: list[str]) -> str:
    """The command names and option names in `args`; every value is left out."""
    kept: list[str] = []
    command: click.Command = cli
    for arg in args:
        name = arg.split("=", 1)[0]
        known = {o for p in command.params for o in (*p.opts, *p.secondary_opts)}
        if name in known or name in ("--help", "-h"):
            kept.append(name)
        elif isinstance(command, click.Group) and arg in command.commands:
            command = command.commands[arg]
            kept.append(arg)
    return " ".join(kept)


def _trace_without_values(exc: BaseException) -> str:
    """Each exception of the chain as its frames (the code's lines) and its type, without its
    message."""
    parts: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        frames = "".join(traceback.format_tb(current.__traceback__))
        kind = f"{type(current).__module__}.{type(current).__qualname__}"
        parts.insert(0, f"Traceback (most recent call last):\n{frames}{kind}\n")
        current = current.__cause__ or current.__context__
    return "\nwhich led to:\n\n".join(parts)
