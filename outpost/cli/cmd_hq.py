"""HQ commands, the `outpost hq` group: init, enroll, import, ack, stations, card, report.

Each parses its options, calls one service of `outpost.brigade` and renders what it returns; the
passphrase is the terminal's business, so it is read here and handed over as bytes.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from outpost.cli import chosen_dir, data_dir_option, lang_option
from outpost.cli.cmd_report import hq_report
from outpost.errors import InputRefused, OutpostError, StorageFailed, UsageError
from outpost.i18n import t
from outpost.model.times import DEFAULT_ZONE
from outpost.paths import hq_dir
from outpost.text import printable

if TYPE_CHECKING:
    from outpost.brigade import PacketImport, PacketOutcome
    from outpost.hq import HqArchive
from outpost.model.ranges import ranges_text

PASSPHRASE_ENV = "OUTPOST_HQ_PASSPHRASE"


def register(cli: click.Group) -> None:
    cli.add_command(hq)


def passphrase_option(func: Any) -> Any:
    return click.option(
        "--passphrase-file",
        type=click.Path(dir_okay=False, path_type=Path),
        help=f"Read HQ's key passphrase from this file (else ${PASSPHRASE_ENV}, else asked).",
    )(func)


def read_passphrase(path: Path | None) -> bytes:
    """The passphrase: `--passphrase-file`, else the environment, else asked on the terminal."""
    if path is not None:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputRefused(
                "hq.passphrase_unreadable", path=str(path), reason=str(exc)
            ) from None
        text = text.rstrip("\r\n")
    elif os.environ.get(PASSPHRASE_ENV):
        text = os.environ[PASSPHRASE_ENV]
    else:
        text = click.prompt(t("hq.passphrase_prompt"), hide_input=True, err=True)
    if not text:
        raise UsageError("hq.empty_passphrase")
    return text.encode("utf-8")


def read_new_passphrase(path: Path | None) -> bytes:
    """A new HQ passphrase, read as above and judged by HQ's rule before it is asked again on a
    terminal: a short or common one is refused, a weak one goes through with a warning."""
    from outpost.brigade import judge_passphrase

    asked = path is None and not os.environ.get(PASSPHRASE_ENV)
    passphrase = read_passphrase(path)
    warning = judge_passphrase(passphrase)
    if warning is not None:
        click.echo(t(warning), err=True)
    if asked:
        again = click.prompt(t("hq.passphrase_repeat"), hide_input=True, err=True)
        if again.encode("utf-8") != passphrase:
            raise UsageError("hq.passphrase_mismatch")
    return passphrase


def hq_folder(data_dir: Path | None) -> Path:
    """The HQ data directory: the command's `--data-dir`, the group's, or the default."""
    return hq_dir(chosen_dir(data_dir))


@contextmanager
def open_hq(
    data_dir: Path | None,
    passphrase_file: Path | None = None,
    unlock: bool = False,
    *,
    read_only: bool = False,
) -> Iterator[HqArchive]:
    """The HQ archive for the length of one command (keys decrypted when `unlock`; `read_only`
    for a look). A writer shares the folder with the inbox server (`outpost hq serve`): each
    packet and ack is written under HQ's short write lock instead."""
    from outpost.brigade import open_hq as open_archive

    ask = (lambda: read_passphrase(passphrase_file)) if unlock else None
    with open_archive(
        hq_folder(data_dir), ask, read_only=read_only, shared_write=not read_only
    ) as archive:
        yield archive


@click.group(invoke_without_command=True)
@passphrase_option
@data_dir_option(hq=True)
@lang_option
@click.pass_context
def hq(ctx: click.Context, passphrase_file: Path | None, data_dir: Path | None) -> None:
    """HQ: with no command, HQ's screens; else enroll, import, acknowledge, list stations."""
    ctx.ensure_object(dict)
    if data_dir is not None:
        ctx.obj["data_dir"] = data_dir
    if ctx.invoked_subcommand is None:
        given = passphrase_file is not None or bool(os.environ.get(PASSPHRASE_ENV))
        open_hq_tui(data_dir, read_passphrase(passphrase_file) if given else None)


def open_hq_tui(data_dir: Path | None, passphrase: bytes | None) -> None:
    """HQ's TUI on the HQ data directory (the set-up screen when there is no HQ yet); the
    archive is opened and locked before Textual starts, so a refusal is one line."""
    from outpost.tui.hq import build_hq_app

    app = build_hq_app(hq_folder(data_dir), passphrase)
    try:
        app.run()
    finally:
        if app.archive is not None:
            app.archive.close()
    if app.crash is not None:
        raise app.crash


hq.add_command(hq_report)  # defined with `outpost report`, whose options and output it shares


@hq.command("init")
@click.option("--id", "hq_id", required=True, help="HQ id, e.g. alxa-left-brigade.")
@click.option("--name", required=True, help="HQ name, e.g. 阿拉善左旗边境管理大队.")
@click.option(
    "--zone",
    "timezone",
    default=DEFAULT_ZONE,
    show_default=True,
    help="The brigade's time zone: HQ shows every time in it.",
)
@passphrase_option
@data_dir_option(hq=True)
@lang_option
def hq_init(
    hq_id: str, name: str, timezone: str, passphrase_file: Path | None, data_dir: Path | None
) -> None:
    """Set up HQ: its keys (encrypted with a passphrase), its card and its archive."""
    from outpost.brigade import check_names, check_zone, set_up_hq

    folder = hq_folder(data_dir)
    check_names(hq_id, name)
    check_zone(timezone)  # before the passphrase is asked
    passphrase = read_new_passphrase(passphrase_file)
    card = set_up_hq(folder, hq_id=hq_id, name=name, passphrase=passphrase, timezone=timezone)
    click.echo(t("hq.initialised", hq=hq_id, name=name.strip(), path=folder))
    click.echo(t("hq.card_written", path=card.path, fp=card.fingerprint))


@hq.command("card")
@click.option("--json", "as_json", is_flag=True)
@data_dir_option(hq=True)
@lang_option
def hq_card_cmd(as_json: bool, data_dir: Path | None) -> None:
    """Show HQ's card: where it is and its fingerprint (to read to a station on the phone)."""
    from outpost.brigade import hq_card_file

    with open_hq(data_dir) as archive:
        card = hq_card_file(archive)
    if as_json:
        shown = {"path": printable(card.path), **card.card}
        click.echo(json.dumps(shown, ensure_ascii=False, indent=2))
        return
    click.echo(printable(t("hq.card_written", path=card.path, fp=card.fingerprint)))


@hq.command("enroll")
@click.argument("card_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--replace", is_flag=True, help="Replace the key of an already enrolled station.")
@data_dir_option(hq=True)
@lang_option
def enroll(card_file: Path, replace: bool, data_dir: Path | None) -> None:
    """Register a station from its card (station.card.json)."""
    from outpost.brigade import enroll_station, read_station_card

    card = read_station_card(card_file)
    with open_hq(data_dir) as archive:
        done = enroll_station(archive, card, replace=replace)
    line = t(
        f"hq.enrolled_{done.outcome}", station=card["id"], name=card["name"], fp=card["fingerprint"]
    )
    click.echo(printable(line))  # the name is the card's: a stick's text


@hq.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--acks-out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write an ack for each station heard from into this folder.",
)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per packet.")
@passphrase_option
@data_dir_option(hq=True)
@lang_option
def hq_import(
    paths: tuple[Path, ...],
    acks_out: Path | None,
    as_json: bool,
    passphrase_file: Path | None,
    data_dir: Path | None,
) -> None:
    """Import packets (files, or folders holding .opk files), each all or nothing."""
    from outpost.brigade import PacketImport, packets_to_import
    from outpost.cli import _crash_log
    from outpost.hq.importer import PacketCrashed

    files = packets_to_import(paths)
    with open_hq(data_dir, passphrase_file, unlock=True) as archive:
        run = PacketImport(archive, files)
        show_bar = len(files) >= 10 and sys.stderr.isatty() and not as_json
        with click.progressbar(
            run,
            length=len(files),
            label=t("hq.importing"),
            file=sys.stderr,
            hidden=not show_bar,
        ) as bar:
            for done in bar:
                if isinstance(done.refusal, PacketCrashed):
                    _crash_log(done.refusal)  # its own traceback, for a developer
                echo_outcome(done, as_json)
        if not as_json and run.not_imported:
            echo_partial(run)
        if acks_out is not None and run.heard:
            written = run.write_acks(acks_out)
            if not as_json:
                for ack_path in written:
                    click.echo(printable(t("hq.ack_written", path=ack_path)))
    if as_json:
        click.echo(json.dumps(run.to_json(), ensure_ascii=False, indent=2))
    if run.exit_code:
        sys.exit(run.exit_code)  # click would swallow its own Exit in non-standalone mode


def echo_outcome(done: PacketOutcome, as_json: bool = False) -> None:
    """One line for one imported packet file on stdout (not with `--json`, whose object says
    it), escaped whole: the file's name and a refusal's reason come from a stick and must not
    move the cursor or pass for another line. A refusal or failure is also one line on stderr
    (the error contract: a script keeping `2>errors.log` sees each)."""
    name, outcome = done.path.name, done.outcome
    if isinstance(outcome, OutpostError):
        key = "hq.line_failed" if isinstance(outcome, StorageFailed) else "hq.line_refused"
        line = t(key, file=name, reason=outcome.message())
        if not as_json:
            click.echo(printable(line))
        click.echo(printable(f"outpost: {line}"), err=True)
        return
    if as_json:
        return
    if outcome.status == "new":
        line = t(
            "hq.line_new",
            file=name,
            station=outcome.station,
            count=outcome.new_entries,
            first=outcome.first_seq,
            last=outcome.last_seq,
        )
    elif outcome.status == "head":
        line = t("hq.line_head", file=name, station=outcome.station, seq=outcome.last_seq)
    else:
        line = t("hq.line_held", file=name, station=outcome.station)
    click.echo(printable(line))


def echo_partial(run: PacketImport) -> None:
    """The summary of a run the disk cut short: what was imported, what is left to import."""
    imported = run.imported
    line = t(
        "hq.import_partial",
        imported=len(imported),
        total=len(run),
        entries=sum(r.new_entries for r in imported),
        failed=len(run.not_imported),
    )
    click.echo(line)


@hq.command("ack")
@click.argument("station")
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(path_type=Path),
    help="The ack file to write (or a folder to write it into).",
)
@passphrase_option
@data_dir_option(hq=True)
@lang_option
def hq_ack(station: str, out: Path, passphrase_file: Path | None, data_dir: Path | None) -> None:
    """Write an ack telling STATION what HQ holds of its log."""
    from outpost.brigade import write_ack

    with open_hq(data_dir, passphrase_file, unlock=True) as archive:
        target = write_ack(archive, station, out)
    click.echo(printable(t("hq.ack_written", path=target)))


@hq.command("stations")
@click.option("--json", "as_json", is_flag=True)
@data_dir_option(hq=True)
@lang_option
def stations(as_json: bool, data_dir: Path | None) -> None:
    """Enrolled stations: entries held, gaps, last packet, clock skew, incidents."""
    from outpost.brigade import station_rows
    from outpost.brigade.stations import brigade_zone
    from outpost.model.times import shown

    with open_hq(data_dir, read_only=True) as archive:
        rows = station_rows(archive)
        tz = brigade_zone(archive)  # every HQ time in the brigade's zone, as its screens
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo(t("hq.no_stations"))
        return
    for row in rows:
        click.echo(printable(f"{row['id']}  {row['name']}  ({row['fingerprint']})"))
        click.echo(
            "  " + t("hq.row_entries", entries=row["entries"], through=row["contiguous_through"])
        )
        if row["missing"]:
            click.echo("  " + t("hq.row_missing", ranges=ranges_text(row["missing"])))
        if row["last_packet_at"]:
            click.echo(
                "  "
                + t(
                    "hq.row_last",
                    at=shown(row["last_packet_at"], tz),
                    skew=row["clock_skew_seconds"],
                )
            )
        for incident in row["incidents"]:
            click.echo(
                "  "
                + t(
                    f"hq.row_incident_{incident['kind']}",
                    seq=incident["seq"] or "-",
                    at=shown(incident["at"], tz),
                    held=printable((incident["held_hash"] or "")[:12]),
                    other=printable((incident["packet_hash"] or "")[:12]),
                )
            )
