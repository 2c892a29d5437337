"""`outpost encrypt` and `outpost passphrase`: seal a station at rest, change its passphrase."""

from __future__ import annotations

import os
from pathlib import Path

import click

from outpost.cli import chosen_dir, data_dir_option, lang_option
from outpost.cli.unlocking import (
    NEW_PASSPHRASE_ENV,
    given_passphrase,
    new_passphrase,
    station_passphrase,
)
from outpost.errors import UsageError
from outpost.i18n import t
from outpost.text import printable


def register(cli: click.Group) -> None:
    for command in (encrypt, passphrase):
        cli.add_command(command)


@click.command()
@data_dir_option
@lang_option
def encrypt(data_dir: Path | None) -> None:
    """Seal a clear station's files under a new passphrase (run again after a cut to finish)."""
    from outpost.paths import station_dir
    from outpost.station.sealing import encrypt_station

    folder = station_dir(chosen_dir(data_dir))
    chosen = new_passphrase(given_passphrase())
    if chosen is None:
        raise UsageError("atrest.passphrase_needed")
    count = encrypt_station(folder, chosen)
    click.echo(printable(t("atrest.encrypted", path=folder, count=count)))


@click.command()
@click.option(
    "--new-passphrase-file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help=f"Read the new passphrase from this file (else ${NEW_PASSPHRASE_ENV}, else asked).",
)
@data_dir_option
@lang_option
def passphrase(new_passphrase_file: Path | None, data_dir: Path | None) -> None:
    """Change the station passphrase (the log is not rewritten)."""
    from outpost.cli.unlocking import read_passphrase_file
    from outpost.paths import station_dir
    from outpost.station.sealing import change_station_passphrase

    folder = station_dir(chosen_dir(data_dir))
    old = station_passphrase(folder)
    if old is None:
        raise UsageError("atrest.not_sealed", path=str(folder))
    env = os.environ.get(NEW_PASSPHRASE_ENV)
    if new_passphrase_file is not None:
        given: bytes | None = read_passphrase_file(new_passphrase_file)
    else:
        given = env.encode("utf-8") if env else None
    new = new_passphrase(given)
    if new is None:
        raise UsageError("atrest.passphrase_needed")
    note = change_station_passphrase(folder, old, new)
    if note:
        click.echo(printable(note), err=True)
    click.echo(printable(t("atrest.changed", path=folder)))
