"""The network road: `outpost hq serve` (HQ's inbox server), `outpost sync` (the upload)."""

from __future__ import annotations

from datetime import UTC
from pathlib import Path

import click

from outpost.cli import data_dir_option, lang_option, open_logbook
from outpost.cli.cmd_hq import hq, hq_folder, passphrase_option, read_passphrase
from outpost.errors import OutpostError
from outpost.i18n import t
from outpost.model.ranges import ranges_text
from outpost.text import printable


def register(cli: click.Group) -> None:
    hq.add_command(serve)
    cli.add_command(sync)


@click.command("serve")
@click.option(
    "--listen",
    default="0.0.0.0:8443",
    show_default=True,
    help="Address and port to listen on (port 0: any free port, printed).",
)
@click.option(
    "--tls/--plain",
    default=True,
    help="TLS with HQ's own certificate (stations pin it), or plain HTTP (a VPN, a test).",
)
@click.option("--exit-after", type=float, hidden=True, help="Stop after this many seconds.")
@passphrase_option
@data_dir_option(hq=True)
@lang_option
def serve(
    listen: str,
    tls: bool,
    exit_after: float | None,
    passphrase_file: Path | None,
    data_dir: Path | None,
) -> None:
    """Receive stations' packets over the network until stopped (SIGTERM, Ctrl+C)."""
    from outpost.brigade.serving import Serving, parse_listen
    from outpost.brigade.serving import serve as run_inbox
    from outpost.brigade.tls import spoken

    how = Serving(parse_listen(listen), tls=tls, exit_after=exit_after)
    folder = hq_folder(data_dir)
    passphrase = read_passphrase(passphrase_file)

    def say(line: str) -> None:
        if line.startswith("pin "):
            click.echo(t("net.serving_pin", pin=spoken(line[4:])))
            return
        click.echo(line)
        if not tls:
            click.echo(f"outpost: {t('net.plain_warning')}", err=True)

    def log(line: str) -> None:
        from outpost.model.times import now

        click.echo(f"{now(UTC).strftime('%Y-%m-%dT%H:%M:%SZ')} {printable(line)}")

    run_inbox(folder, passphrase, how, say, log)
    click.echo(t("net.stopped"))


@click.command("sync")
@click.option("--url", help="HQ's inbox server, e.g. https://10.8.0.1:8443 (remembered).")
@click.option("--pin", help="SHA-256 of HQ's TLS certificate, read over the phone (remembered).")
@click.option("--watch", is_flag=True, help="Keep trying, waiting longer each time, until done.")
@click.option("--wait-cap", type=float, default=300.0, hidden=True)
@data_dir_option
@lang_option
def sync(
    url: str | None, pin: str | None, watch: bool, wait_cap: float, data_dir: Path | None
) -> None:
    """Upload to HQ over the network: export, send what HQ lacks, apply HQ's ack."""
    from outpost.station.upload import SyncOutcome, keep_syncing, sync_with_hq

    def attempt() -> SyncOutcome:
        with open_logbook(data_dir) as book:
            return sync_with_hq(book, url, pin)

    def tell(exc: OutpostError, wait: float) -> None:
        line = t("net.retrying", reason=exc.message(), seconds=int(wait))
        click.echo(printable(f"outpost: {line}"), err=True)

    outcome = keep_syncing(attempt, cap=wait_cap, tell=tell) if watch else attempt()
    if outcome.plain:
        click.echo(f"outpost: {t('net.plain_warning')}", err=True)
    missing = ranges_text(outcome.gaps) if outcome.gaps else t("net.nothing_missing")
    click.echo(
        t(
            "net.synced",
            sent=outcome.sent,
            held=outcome.held,
            through=outcome.acknowledged_through,
            missing=missing,
            waiting=outcome.waiting,
        )
    )
