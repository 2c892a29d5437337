"""A forgotten station passphrase: `recovery-request`, `hq recover`, `recover`."""

from __future__ import annotations

import os
from pathlib import Path

import click

from outpost.cli import STATION_DIR_HELP, chosen_dir, data_dir_option, lang_option
from outpost.cli.cmd_hq import hq, open_hq, passphrase_option
from outpost.cli.unlocking import NEW_PASSPHRASE_ENV, new_passphrase, on_terminal
from outpost.errors import UsageError
from outpost.i18n import t
from outpost.text import printable

CODE_ENV = "OUTPOST_RECOVERY_CODE"

station_dir_option = click.option(
    "--data-dir",
    "data_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help=STATION_DIR_HELP,
)
"""`--data-dir` alone: these commands work without the station passphrase (it is forgotten),
so they take no `--passphrase-file`; `recover` reads the new one from $OUTPOST_NEW_PASSPHRASE
or asks it twice."""


def register(cli: click.Group) -> None:
    cli.add_command(recovery_request)
    cli.add_command(recover)


@click.command("recovery-request")
@click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the request for HQ (a stick).",
)
@station_dir_option
@lang_option
def recovery_request(out: Path, data_dir: Path | None) -> None:
    """Write a request for HQ to help unlock a station whose passphrase is forgotten."""
    from outpost.paths import station_dir
    from outpost.station.sealing import write_recovery_request

    write_recovery_request(station_dir(chosen_dir(data_dir)), out)
    click.echo(printable(t("atrest.request_written", path=out)))


@click.command()
@click.argument("answer", type=click.Path(dir_okay=False, path_type=Path))
@station_dir_option
@lang_option
def recover(answer: Path, data_dir: Path | None) -> None:
    """Unlock with HQ's answer and the code HQ reads out ($OUTPOST_RECOVERY_CODE, else asked), then
    set a new passphrase ($OUTPOST_NEW_PASSPHRASE, else asked twice)."""
    from outpost.paths import station_dir
    from outpost.station.sealing import recover_station

    folder = station_dir(chosen_dir(data_dir))
    code = os.environ.get(CODE_ENV)
    if not code and on_terminal():
        code = click.prompt(t("atrest.code_prompt"), err=True)
    if not code:
        raise UsageError("atrest.code_needed")
    env = os.environ.get(NEW_PASSPHRASE_ENV)
    new = new_passphrase(env.encode("utf-8") if env else None)
    if new is None:
        raise UsageError("atrest.passphrase_needed")
    recover_station(folder, answer, code, new)
    click.echo(printable(t("atrest.recovered", path=folder)))


@hq.command("recover")
@click.argument("request", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the answer for the station (a stick).",
)
@passphrase_option
@data_dir_option(hq=True)
@lang_option
def hq_recover(
    request: Path, out: Path, passphrase_file: Path | None, data_dir: Path | None
) -> None:
    """Answer a station's recovery request; prints the one-time code to read out by phone."""
    from outpost.hq.recovery import write_answer

    with open_hq(data_dir, passphrase_file, unlock=True, read_only=True) as archive:
        station, code = write_answer(archive, request, out)
    click.echo(printable(t("atrest.answer_written", path=out, station=station)))
    click.echo(t("atrest.answer_code", code=code))
