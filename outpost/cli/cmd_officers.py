"""`outpost officers`: the station's roster, listed, added to and retired from."""

from __future__ import annotations

from pathlib import Path

import click

from outpost.cli import data_dir_option, lang_option, open_logbook
from outpost.i18n import t
from outpost.text import printable


def register(cli: click.Group) -> None:
    cli.add_command(officers)


@click.group(invoke_without_command=True)
@data_dir_option
@lang_option
@click.pass_context
def officers(ctx: click.Context, data_dir: Path | None) -> None:
    """The roster: officers who record entries (list; add NAME; retire NAME)."""
    ctx.ensure_object(dict)
    if data_dir is not None:
        ctx.obj["data_dir"] = data_dir
    if ctx.invoked_subcommand is not None:
        return
    from outpost.station.roster import retired, roster

    with open_logbook(data_dir, read_only=True) as book:
        on, off = roster(book), retired(book)
    click.echo(t("roster.on_roster"))
    for name in on or [t("roster.none")]:
        click.echo(printable(f"  {name}"))
    if off:
        click.echo(t("roster.retired_heading"))
        for name in off:
            click.echo(printable(f"  {name}"))


@officers.command("add")
@click.argument("name")
@data_dir_option
@lang_option
def add_officer(name: str, data_dir: Path | None) -> None:
    """Put an officer on the roster (back on it, if retired)."""
    from outpost.station.roster import add_officer as add_to_roster

    with open_logbook(data_dir) as book:
        added = add_to_roster(book, name)
    click.echo(printable(t("roster.added", name=added)))


@officers.command("retire")
@click.argument("name")
@data_dir_option
@lang_option
def retire_officer(name: str, data_dir: Path | None) -> None:
    """Take an officer off the roster; their entries keep their name."""
    from outpost.station.roster import retire_officer as retire

    with open_logbook(data_dir) as book:
        gone = retire(book, name)
    click.echo(printable(t("roster.retired", name=gone)))
