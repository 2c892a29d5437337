"""HQ commands, the `outpost hq` group: init, enroll, import, ack, stations, card."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from outpost.cli import chosen_dir, lang_option
from outpost.errors import InputRefused, OutpostError, UsageError
from outpost.i18n import t

PASSPHRASE_ENV = "OUTPOST_HQ_PASSPHRASE"


def register(cli: click.Group) -> None:
    cli.add_command(hq)


def data_dir_option(func: Any) -> Any:
    """`--data-dir` of an HQ command (it may also be given before the command)."""
    return click.option(
        "--data-dir",
        "data_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="HQ data directory (default: $OUTPOST_HQ_HOME or the user data folder).",
    )(func)


def passphrase_option(func: Any) -> Any:
    return click.option(
        "--passphrase-file",
        type=click.Path(dir_okay=False, path_type=Path),
        help=f"Read HQ's key passphrase from this file (else ${PASSPHRASE_ENV}, else asked).",
    )(func)


def read_passphrase(path: Path | None, confirm: bool = False) -> bytes:
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
        text = click.prompt(
            t("hq.passphrase_prompt"),
            hide_input=True,
            confirmation_prompt=t("hq.passphrase_repeat") if confirm else False,
            err=True,
        )
    if not text:
        raise UsageError("hq.empty_passphrase")
    return text.encode("utf-8")


@contextmanager
def open_hq(
    data_dir: Path | None, passphrase_file: Path | None = None, unlock: bool = False
) -> Iterator[Any]:
    """The HQ archive for the length of one command (keys decrypted when `unlock`)."""
    from outpost.hq import HqArchive
    from outpost.paths import hq_dir

    archive = HqArchive.open(hq_dir(chosen_dir(data_dir)))
    try:
        if unlock:
            archive.unlock(read_passphrase(passphrase_file))
        yield archive
    finally:
        archive.close()


@click.group(invoke_without_command=True)
@data_dir_option
@lang_option
@click.pass_context
def hq(ctx: click.Context, data_dir: Path | None) -> None:
    """HQ: enroll stations, import their packets, acknowledge, list stations."""
    ctx.ensure_object(dict)
    if data_dir is not None:
        ctx.obj["data_dir"] = data_dir
    if ctx.invoked_subcommand is None:
        click.echo(ctx.get_help())


@hq.command("init")
@click.option("--id", "hq_id", required=True, help="HQ id, e.g. alxa-left-brigade.")
@click.option("--name", required=True, help="HQ name, e.g. 阿拉善左旗边境管理大队.")
@passphrase_option
@data_dir_option
@lang_option
def hq_init(hq_id: str, name: str, passphrase_file: Path | None, data_dir: Path | None) -> None:
    """Set up HQ: its keys (encrypted with a passphrase), its card and its archive."""
    from outpost.hq import HqArchive
    from outpost.paths import hq_dir

    folder = hq_dir(chosen_dir(data_dir))
    if not hq_id or not name.strip():
        raise UsageError("store.bad_name")
    passphrase = read_passphrase(passphrase_file, confirm=True)
    archive = HqArchive.create(folder, hq_id=hq_id, name=name, passphrase=passphrase)
    card = archive.card
    archive.close()
    click.echo(t("hq.initialised", hq=hq_id, name=name.strip(), path=folder))
    click.echo(t("hq.card_written", path=folder / "hq.card.json", fp=card["fingerprint"]))


@hq.command("card")
@click.option("--json", "as_json", is_flag=True)
@data_dir_option
@lang_option
def hq_card_cmd(as_json: bool, data_dir: Path | None) -> None:
    """Show HQ's card: where it is and its fingerprint (to read to a station on the phone)."""
    with open_hq(data_dir) as archive:
        card, path = archive.card, archive.folder / "hq.card.json"
    if as_json:
        click.echo(json.dumps({"path": str(path), **card}, ensure_ascii=False, indent=2))
        return
    click.echo(t("hq.card_written", path=path, fp=card["fingerprint"]))


@hq.command("enroll")
@click.argument("card_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--replace", is_flag=True, help="Replace the key of an already enrolled station.")
@data_dir_option
@lang_option
def enroll(card_file: Path, replace: bool, data_dir: Path | None) -> None:
    """Register a station from its card (station.card.json)."""
    from outpost.sync.identity import read_card

    card = read_card(card_file, "outpost-station")
    with open_hq(data_dir) as archive:
        outcome = archive.enroll(card, replace=replace)
    click.echo(
        t(f"hq.enrolled_{outcome}", station=card["id"], name=card["name"], fp=card["fingerprint"])
    )


@hq.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--acks-out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write an ack for each station heard from into this folder.",
)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per packet.")
@passphrase_option
@data_dir_option
@lang_option
def hq_import(
    paths: tuple[Path, ...],
    acks_out: Path | None,
    as_json: bool,
    passphrase_file: Path | None,
    data_dir: Path | None,
) -> None:
    """Import packets (files, or folders holding .opk files), each all or nothing."""
    from outpost.hq.importer import import_packets, packet_files

    files = packet_files(paths)
    if not files:
        raise InputRefused("hq.no_packets")
    worst = 0
    heard: set[str] = set()
    report: list[dict[str, Any]] = []
    with open_hq(data_dir, passphrase_file, unlock=True) as archive:
        show_bar = len(files) >= 10 and sys.stderr.isatty() and not as_json
        with click.progressbar(
            import_packets(archive, files),
            length=len(files),
            label=t("hq.importing"),
            file=sys.stderr,
            hidden=not show_bar,
        ) as bar:
            for path, outcome in bar:
                if isinstance(outcome, OutpostError):
                    exc = outcome
                    worst = max(worst, exc.exit_code)
                    report.append(
                        {
                            "file": str(path),
                            "status": "refused",
                            "exit": exc.exit_code,
                            "reason": exc.message(),
                        }
                    )
                    if not as_json:
                        click.echo(t("hq.line_refused", file=path.name, reason=exc.message()))
                    continue
                result = outcome
                heard.add(result.station)
                report.append(
                    {
                        "file": str(path),
                        "status": result.status,
                        "station": result.station,
                        "first_seq": result.first_seq,
                        "last_seq": result.last_seq,
                        "new_entries": result.new_entries,
                    }
                )
                if as_json:
                    continue
                if result.status == "new":
                    click.echo(
                        t(
                            "hq.line_new",
                            file=path.name,
                            station=result.station,
                            count=result.new_entries,
                            first=result.first_seq,
                            last=result.last_seq,
                        )
                    )
                else:
                    click.echo(t("hq.line_held", file=path.name, station=result.station))
        if acks_out is not None and heard:
            written = write_acks(archive, sorted(heard), acks_out)
            if not as_json:
                for ack_path in written:
                    click.echo(t("hq.ack_written", path=ack_path))
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
    if worst:
        sys.exit(worst)  # click would swallow its own Exit in non-standalone mode


def write_acks(archive: Any, stations: list[str], folder: Path) -> list[Path]:
    """Write the current ack of each station's latest log into `folder`."""
    from outpost.hq.importer import make_ack
    from outpost.store.files import atomic_write, storage_failed

    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise storage_failed(folder, exc) from None
    written = []
    for station in stations:
        raw, name = make_ack(archive, station)
        atomic_write(folder / name, raw)
        written.append(folder / name)
    return written


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
@data_dir_option
@lang_option
def hq_ack(station: str, out: Path, passphrase_file: Path | None, data_dir: Path | None) -> None:
    """Write an ack telling STATION what HQ holds of its log."""
    from outpost.hq.importer import make_ack
    from outpost.store.files import atomic_write

    with open_hq(data_dir, passphrase_file, unlock=True) as archive:
        raw, name = make_ack(archive, station)
    target = out / name if out.is_dir() else out
    atomic_write(target, raw)
    click.echo(t("hq.ack_written", path=target))


@hq.command("stations")
@click.option("--json", "as_json", is_flag=True)
@data_dir_option
@lang_option
def stations(as_json: bool, data_dir: Path | None) -> None:
    """Enrolled stations: entries held, gaps, last packet, clock skew, incidents."""
    with open_hq(data_dir) as archive:
        rows = archive.stations()
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo(t("hq.no_stations"))
        return
    for row in rows:
        click.echo(f"{row['id']}  {row['name']}  ({row['fingerprint']})")
        click.echo(
            "  " + t("hq.row_entries", entries=row["entries"], through=row["contiguous_through"])
        )
        if row["missing"]:
            shown = ", ".join(f"{a}-{b}" if a != b else str(a) for a, b in row["missing"])
            click.echo("  " + t("hq.row_missing", ranges=shown))
        if row["last_packet_at"]:
            click.echo(
                "  " + t("hq.row_last", at=row["last_packet_at"], skew=row["clock_skew_seconds"])
            )
        for incident in row["incidents"]:
            click.echo(
                "  "
                + t(
                    f"hq.row_incident_{incident['kind']}",
                    seq=incident["seq"] or "-",
                    at=incident["at"],
                    held=(incident["held_hash"] or "")[:12],
                    other=(incident["packet_hash"] or "")[:12],
                )
            )
