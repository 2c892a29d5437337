"""`outpost settings`: the station settings an officer may change from a terminal."""

from __future__ import annotations

from pathlib import Path

import click

from outpost.cli import data_dir_option, lang_option, open_logbook
from outpost.i18n import t


def register(cli: click.Group) -> None:
    cli.add_command(settings)


@click.group()
def settings() -> None:
    """Station settings (the station.json of a sealed station is sealed: change them here)."""


@settings.command("idle-lock")
@click.argument("minutes", type=int, required=False)
@data_dir_option
@lang_option
def idle_lock(minutes: int | None, data_dir: Path | None) -> None:
    """Show, or set to MINUTES (0 = never, at most 240), how long the screens of a sealed
    station stay open untouched before they lock."""
    from outpost.station.settings import idle_lock_minutes, set_idle_lock

    with open_logbook(data_dir, read_only=minutes is None) as book:
        if minutes is not None:
            set_idle_lock(book, minutes)
        now = idle_lock_minutes(book)
    click.echo(t("settings.idle_lock_never") if now == 0 else t("settings.idle_lock", minutes=now))
