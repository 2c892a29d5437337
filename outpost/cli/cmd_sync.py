"""Station sync commands: `export`, `ack`, `hq-card`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from outpost.cli import data_dir_option, lang_option, open_logbook
from outpost.errors import InputRefused
from outpost.i18n import t
from outpost.model.ranges import ranges_text
from outpost.text import printable


def register(cli: click.Group) -> None:
    for command in (export, ack, hq_card):
        cli.add_command(command)


@click.command()
@click.option(
    "--copy-to",
    type=click.Path(file_okay=False, path_type=Path),
    help="Also copy unacknowledged packets to this folder (a USB stick) and check the copies.",
)
@click.option("--json", "as_json", is_flag=True, help="Print what was sealed as JSON.")
@data_dir_option
@lang_option
def export(copy_to: Path | None, as_json: bool, data_dir: Path | None) -> None:
    """Seal the entries HQ is due into packets in the outbox."""
    from outpost.station.delivery import export as seal_due

    with open_logbook(data_dir) as book:
        result = seal_due(book, copy_to)
    if as_json:
        click.echo(
            json.dumps(
                {
                    "packets": [printable(p) for p in result.packets],
                    "entries": result.entries,
                    "resent": result.resent,
                    "copies": [printable(p) for p in result.copies],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    if not result.packets:
        click.echo(t("sync.nothing_to_export"))
    for path in result.packets:
        click.echo(printable(t("sync.sealed", path=path)))
    if result.packets:
        click.echo(t("sync.exported", entries=result.entries, packets=len(result.packets)))
    if result.resent:
        click.echo(t("sync.resent", entries=result.resent))
    if copy_to is not None:
        click.echo(printable(t("sync.copied", count=len(result.copies), folder=copy_to)))


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@data_dir_option
@lang_option
def ack(files: tuple[Path, ...], data_dir: Path | None) -> None:
    """Apply acks from HQ (files, or folders holding .oack files)."""
    from outpost.station.delivery import apply_acks

    worst = 0
    with open_logbook(data_dir) as book:
        outcomes = apply_acks(book, list(files))
    for outcome in outcomes:
        name = printable(outcome.path.name)  # a stick's file name: never a terminal escape
        if outcome.seen_before:
            click.echo(t("sync.ack_seen", file=name))
        elif outcome.error is not None:
            click.echo(f"outpost: {name}: {printable(outcome.error.message())}", err=True)
            worst = max(worst, outcome.error.exit_code)
        elif outcome.result is not None:
            result = outcome.result
            click.echo(
                t(
                    "sync.ack_applied",
                    file=name,
                    counter=result.counter,
                    through=result.acknowledged_through,
                )
            )
            if result.gaps:
                click.echo(t("sync.ack_gaps", gaps=ranges_text(result.gaps)))
            if result.resend:
                click.echo(t("sync.ack_resend", entries=result.resend))
    if not outcomes:
        raise InputRefused("sync.no_acks")
    if worst:
        sys.exit(worst)  # click would swallow its own Exit in non-standalone mode


@click.command("hq-card")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@data_dir_option
@lang_option
def hq_card(file: Path, data_dir: Path | None) -> None:
    """Take HQ's card: packets are sealed to it, acks checked against it."""
    from outpost.station.setup import read_hq_card, take_hq_card

    card = read_hq_card(file)  # checked before the log is opened
    with open_logbook(data_dir) as book:
        changed = take_hq_card(book, card)
    line = t("sync.hq_card_set", hq=card["id"], name=card["name"], fp=card["fingerprint"])
    click.echo(printable(line))  # the name is the card's: a stick's text
    if changed:
        click.echo(t("sync.hq_changed"))
