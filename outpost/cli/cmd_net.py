"""The network road: `outpost hq serve` (HQ's inbox server), `outpost hq inbox-card` (its
address and pin, signed for stations), `outpost sync` (the upload)."""

from __future__ import annotations

from pathlib import Path

import click

from outpost.cli import data_dir_option, lang_option, open_logbook
from outpost.cli.cmd_hq import hq, hq_folder, passphrase_option, read_passphrase
from outpost.errors import OutpostError, UsageError
from outpost.i18n import t
from outpost.text import printable


def register(cli: click.Group) -> None:
    hq.add_command(serve)
    hq.add_command(inbox_card)
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
    from outpost.sync.inbox_card import spoken

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
        click.echo(printable(line))

    run_inbox(folder, passphrase, how, say, log)
    click.echo(t("net.stopped"))


@click.command("inbox-card")
@click.option(
    "--url",
    required=True,
    help="The address stations reach the inbox server at, e.g. https://203.0.113.7:8443.",
)
@passphrase_option
@data_dir_option(hq=True)
@lang_option
def inbox_card(url: str, passphrase_file: Path | None, data_dir: Path | None) -> None:
    """Sign the inbox server's address and TLS pin into a card (for outpost sync --card)."""
    from outpost.brigade.inbox_card import issue_inbox_card
    from outpost.sync.inbox_card import spoken

    issued = issue_inbox_card(hq_folder(data_dir), lambda: read_passphrase(passphrase_file), url)
    click.echo(printable(t("net.card_written", path=issued.path, url=issued.url)))
    click.echo(t("net.serving_pin", pin=spoken(issued.pin)))


@click.command("sync")
@click.option("--url", help="HQ's inbox server, e.g. https://10.8.0.1:8443 (remembered).")
@click.option("--pin", help="SHA-256 of HQ's TLS certificate, read over the phone (remembered).")
@click.option(
    "--card",
    "card_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="HQ's inbox card (outpost hq inbox-card): its address and pin, checked and remembered.",
)
@click.option("--watch", is_flag=True, help="Keep trying, waiting longer each time, until done.")
@click.option("--wait-cap", type=float, default=300.0, hidden=True)
@click.option("--wait-base", type=float, default=5.0, hidden=True)
@click.option("--net-root", type=click.Path(path_type=Path), default=Path("/"), hidden=True)
@data_dir_option
@lang_option
def sync(
    url: str | None,
    pin: str | None,
    card_file: Path | None,
    watch: bool,
    wait_cap: float,
    wait_base: float,
    net_root: Path,
    data_dir: Path | None,
) -> None:
    """Upload to HQ over the network: export, send what HQ lacks, apply HQ's ack."""
    from outpost.station.upload import SyncOutcome, inbox_address, keep_syncing, sync_with_hq

    if card_file is not None:
        if url or pin:
            raise UsageError("net.card_or_url")
        with open_logbook(data_dir) as book:
            address = inbox_address(book, card_file)
        url, pin = address.url, address.pin
        click.echo(printable(t("net.card_taken", url=url)))

    def attempt() -> SyncOutcome:
        with open_logbook(data_dir) as book:
            return sync_with_hq(book, url, pin)

    def tell(exc: OutpostError, wait: float) -> None:
        line = t("net.retrying", reason=exc.message(), seconds=int(wait))
        click.echo(printable(f"outpost: {line}"), err=True)

    def woken() -> None:
        click.echo(f"outpost: {t('net.network_up')}", err=True)

    if watch:
        from outpost.station.netwatch import NetworkWatch

        network = NetworkWatch(net_root)
        outcome = keep_syncing(
            attempt, cap=wait_cap, base=wait_base, tell=tell, sleep=network.wait, woken=woken
        )
    else:
        outcome = attempt()
    if outcome.plain:
        click.echo(f"outpost: {t('net.plain_warning')}", err=True)
    click.echo(outcome.line())
