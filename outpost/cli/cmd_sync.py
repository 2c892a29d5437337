"""Station sync commands: `export`, `ack`, `hq-card` (and the sync lines of `outpost status`)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from outpost.cli import data_dir_option, lang_option
from outpost.errors import InputRefused
from outpost.i18n import t
from outpost.model.ranges import ranges_text


def register(cli: click.Group) -> None:
    for command in (export, ack, hq_card):
        cli.add_command(command)


def _open(data_dir: Path | None) -> Any:
    from outpost.cli.cmd_station import open_logbook

    return open_logbook(data_dir)


def status_lines(report: dict[str, Any]) -> list[str]:
    """The sync part of `outpost status` for people (the JSON carries the same fields)."""
    if "unexported" not in report:
        return []
    lines = []
    if report.get("hq"):
        lines.append(f"{t('sync.status_hq')}: {report['hq']} ({report['hq_fingerprint']})")
    else:
        lines.append(f"{t('sync.status_hq')}: {t('sync.status_no_hq')}")
    lines.append(f"{t('sync.status_unexported')}: {report['unexported']}")
    lines.append(f"{t('sync.status_unacknowledged')}: {report['unacknowledged']}")
    lines.append(f"{t('sync.status_acknowledged')}: {report['acknowledged_through']}")
    lines.append(f"{t('sync.status_last_ack')}: {report['last_ack_at'] or '-'}")
    if report["gaps"]:
        lines.append(f"{t('sync.status_gaps')}: {ranges_text(report['gaps'])}")
    for alarm in report.get("alarms", []):
        lines.append(
            t("sync.status_alarm", seq=alarm["seq"], counter=alarm["counter"], at=alarm["seen_at"])
        )
    return lines


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
    from outpost.sync.station import export as do_export

    with _open(data_dir) as book:
        result = do_export(book, copy_to)
    if as_json:
        click.echo(
            json.dumps(
                {
                    "packets": [str(p) for p in result.packets],
                    "entries": result.entries,
                    "resent": result.resent,
                    "copies": [str(p) for p in result.copies],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    if not result.packets:
        click.echo(t("sync.nothing_to_export"))
    for path in result.packets:
        click.echo(t("sync.sealed", path=path))
    if result.packets:
        click.echo(t("sync.exported", entries=result.entries, packets=len(result.packets)))
    if result.resent:
        click.echo(t("sync.resent", entries=result.resent))
    if copy_to is not None:
        click.echo(t("sync.copied", count=len(result.copies), folder=copy_to))


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@data_dir_option
@lang_option
def ack(files: tuple[Path, ...], data_dir: Path | None) -> None:
    """Apply acks from HQ (files, or folders holding .oack files)."""
    from outpost.sync.station import apply_ack_files

    worst = 0
    with _open(data_dir) as book:
        outcomes = apply_ack_files(book, list(files))
    for outcome in outcomes:
        name = outcome.path.name
        if outcome.seen_before:
            click.echo(t("sync.ack_seen", file=name))
        elif outcome.error is not None:
            click.echo(f"outpost: {name}: {outcome.error.message()}", err=True)
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
    from outpost.sync.identity import read_card
    from outpost.sync.station import set_hq_card

    card = read_card(file, "outpost-hq")
    with _open(data_dir) as book:
        changed = set_hq_card(book, card)
    click.echo(t("sync.hq_card_set", hq=card["id"], name=card["name"], fp=card["fingerprint"]))
    if changed:
        click.echo(t("sync.hq_changed"))


def read_hq_card(path: Path | None) -> dict[str, Any] | None:
    """The HQ card given to `outpost init --hq-card`, checked before anything is created."""
    from outpost.sync.identity import read_card

    return read_card(path, "outpost-hq") if path is not None else None


def station_setup(book: Any, hq: dict[str, Any] | None) -> list[str]:
    """After `outpost init`: make the station's key and card, take the HQ card; lines to print."""
    from outpost.sync.station import own_card_path, set_hq_card

    path = own_card_path(book)
    card = json.loads(path.read_text(encoding="utf-8"))
    lines = [t("sync.card_written", path=path, fp=card["fingerprint"])]
    if hq is not None:
        set_hq_card(book, hq)
        lines.append(t("sync.hq_card_set", hq=hq["id"], name=hq["name"], fp=hq["fingerprint"]))
    return lines
